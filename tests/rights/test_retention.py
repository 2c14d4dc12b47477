"""The retention purge: a closed programme's people, and imported accounts never activated."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Response
from matching.models import Pair
from programmes.models import ApplicationSource, PhaseDates, Role
from programmes.selectors.retention import add_months, personal_data_purge_on
from rights.models import ErasureReason, ErasureRecord
from rights.services.retention import personal_data_purge
from rights.tasks import purge_personal_data
from tests.factories import (
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
    anonymous_response,
    dated_pair,
    wave_of,
)

User = get_user_model()


def _closed(ends_on=date(2024, 6, 30), months=24, **fields):
    programme = ProgrammeFactory(current_phase="evaluation", retention_months=months, **fields)
    PhaseDates.objects.create(programme=programme, phase="evaluation", ends_on=ends_on)
    return programme


def test_months_are_added_to_the_last_day_of_a_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 6, 30), 24) == date(2026, 6, 30)
    assert add_months(date(2024, 11, 15), 14) == date(2026, 1, 15)


@pytest.mark.django_db
def test_the_purge_date_is_the_end_of_the_last_phase_plus_the_retention():
    programme = _closed(months=18)
    assert personal_data_purge_on(programme) == date(2025, 12, 30)
    assert personal_data_purge_on(ProgrammeFactory()) is None


@pytest.mark.django_db
def test_the_retention_is_bounded_and_defaults_to_the_setting(settings):
    from django.core.exceptions import ValidationError

    settings.PERSONAL_DATA_RETENTION_MONTHS = 36
    programme = ProgrammeFactory()
    assert programme.retention_months == 36
    programme.retention_months = 121
    with pytest.raises(ValidationError):
        programme.full_clean()


@pytest.mark.django_db
def test_a_programme_past_its_date_loses_its_people_and_keeps_its_figures():
    programme = _closed()
    pair = dated_pair(programme, "completed")
    mentee, mentor = pair.mentee.user, pair.mentor.user
    wave = wave_of(programme, status="closed")
    anonymous_response(wave)
    assert personal_data_purge(today=date(2026, 6, 29)).programmes == []

    report = personal_data_purge(today=date(2026, 6, 30))

    assert report.programmes == [programme.name] and report.people_erased == 2
    assert not User.objects.filter(pk__in=[mentee.pk, mentor.pk]).exists()
    pair = Pair.objects.get(pk=pair.pk)
    assert pair.status == "completed" and pair.mentee.user is None
    assert Response.objects.count() == 1
    assert set(ErasureRecord.objects.values_list("reason", flat=True)) == {"retention"}
    assert personal_data_purge(today=date(2026, 6, 30)).programmes == []  # nothing left


@pytest.mark.django_db
def test_a_person_of_another_current_programme_keeps_their_account_and_that_programme():
    old, current = _closed(), ProgrammeFactory(current_phase="running")
    person = UserFactory()
    accepted_participant(old, Role.MENTEE, user=person)
    accepted_participant(current, Role.MENTOR, user=person)
    coordinator = UserFactory(is_staff=True)
    MembershipFactory(programme=old, user=coordinator)

    report = personal_data_purge(today=date(2027, 1, 1))

    assert report.people_kept == 2 and report.people_erased == 0
    assert User.objects.filter(pk__in=[person.pk, coordinator.pk]).count() == 2
    assert list(person.applications.values_list("programme", flat=True)) == [current.pk]
    assert not old.memberships.exists()


@pytest.mark.django_db
def test_a_programme_behind_its_calendar_is_not_purged():
    programme = _closed()
    programme.current_phase = "running"
    programme.save()
    accepted_participant(programme, Role.MENTEE)
    assert personal_data_purge(today=date(2030, 1, 1)).programmes == []


@pytest.mark.django_db
def test_imported_people_who_never_activated_are_erased_after_the_inactive_period(settings):
    settings.PERSONAL_DATA_INACTIVE_DAYS = 180
    programme = ProgrammeFactory(current_phase="recruitment")
    old = UserFactory(verified=False, date_joined=timezone.now() - timedelta(days=200))
    recent = UserFactory(verified=False, date_joined=timezone.now() - timedelta(days=100))
    active = UserFactory(date_joined=timezone.now() - timedelta(days=200))
    for user in (old, recent, active):
        accepted_participant(programme, Role.MENTEE, user=user, source=ApplicationSource.IMPORT)

    report = personal_data_purge()

    assert report.inactive_erased == 1
    assert set(User.objects.values_list("pk", flat=True)) == {recent.pk, active.pk}
    assert ErasureRecord.objects.get().reason == ErasureReason.INACTIVE


@pytest.mark.django_db
def test_a_dry_run_reports_and_changes_nothing():
    programme = _closed()
    accepted_participant(programme, Role.MENTEE)
    report = personal_data_purge(today=date(2027, 1, 1), dry_run=True)
    assert report.people_erased == 1
    assert User.objects.count() == 1 and not ErasureRecord.objects.exists()


@pytest.mark.django_db
def test_the_command_and_the_beat_task_run_the_same_purge():
    programme = _closed()
    accepted_participant(programme, Role.MENTEE)
    out = StringIO()
    call_command("purge_personal_data", "--date", "2027-01-01", "--dry-run", stdout=out)
    assert f"Programme purgé : {programme.name}" in out.getvalue()
    assert "rien n’a été effacé" in out.getvalue()
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("purge_personal_data", "--date", "1er janvier")
    assert purge_personal_data.delay("2027-01-01").get()["people_erased"] == 1
    assert not User.objects.exists()


def test_the_beat_purges_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["rights-purge"]
    assert entry["task"] == "rights.tasks.purge_personal_data"


@pytest.mark.django_db
def test_the_coordinator_sees_the_date_on_the_programme_page(client):
    programme = _closed()
    coordinator = UserFactory()
    MembershipFactory(programme=programme, user=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("programmes:detail", kwargs={"slug": programme.slug})).content
    assert "Données personnelles supprimées le 30 juin 2026" in html.decode()
