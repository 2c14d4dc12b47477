"""The monthly digest (beat, on the 1st): each pilot of each programme with a closed wave, or in
its running, closing or evaluation phase, receives the key figures (already masked under k) and
a link to the latest report, in their own language, once per programme and month."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from evaluation.services.reports import digest_programmes, digest_send
from evaluation.tasks import send_report_digest
from mentorat.core.models import SentEmail
from programmes.models import Phase, Role
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory

from .report_files_helpers import files_in_memory, stored_report
from .reports_helpers import closed_wave, evaluated

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _files(settings):
    files_in_memory(settings)


def _send(django_capture_on_commit_callbacks, day=DAY):
    with django_capture_on_commit_callbacks(execute=True):  # sent inline
        return digest_send(today=day)


def test_each_pilot_receives_the_key_figures_and_the_latest_report_in_french(
    personas, django_capture_on_commit_callbacks
):
    programme = personas.programme
    evaluated(programme, small_group=2)
    stored_report(programme)
    latest = stored_report(programme)
    assert _send(django_capture_on_commit_callbacks) == {"recorded": 1}
    (email,) = mail.outbox
    assert email.to == [personas.coordinator.email]
    assert "Les chiffres de « Programme de test » – décembre 2026" in email.subject
    body = email.body
    assert "en ce début décembre 2026" in body
    assert "- Participation au questionnaire final : 80 %" in body
    # A masked figure reads "< k", never its value (the satisfaction of a small group, here).
    assert "- Satisfaits du programme : < 5" in body
    assert "il s’affiche «\xa0<\xa05\xa0»" in body  # kept together on a line
    url = settings.SITE_URL + reverse(
        "evaluation:report_pdf", kwargs={"slug": programme.slug, "report_id": latest.pk}
    )
    assert url in body
    assert url in email.alternatives[0][0]


def test_a_pilot_who_reads_english_receives_it_in_english(
    personas, django_capture_on_commit_callbacks
):
    evaluated(personas.programme)
    english = UserFactory(language="en")
    MembershipFactory(programme=personas.programme, user=english, role=Role.COORDINATOR)
    _send(django_capture_on_commit_callbacks)
    by_person = {email.to[0]: email for email in mail.outbox}
    assert by_person[english.email].subject.endswith(
        "The figures of « Programme de test » – December 2026"
    )
    assert "No report has been built yet" in by_person[english.email].body
    assert "Aucun rapport n’a encore été construit" in by_person[personas.coordinator.email].body


def test_it_is_sent_once_per_programme_and_month(personas, django_capture_on_commit_callbacks):
    evaluated(personas.programme)
    _send(django_capture_on_commit_callbacks)
    assert _send(django_capture_on_commit_callbacks) == {"recorded": 0}
    assert len(mail.outbox) == 1
    key = f"report-digest:{personas.programme.pk}:2026-12:{personas.coordinator.pk}"
    assert SentEmail.objects.filter(key=key).count() == 1
    # A month later, again.
    assert _send(django_capture_on_commit_callbacks, date(2027, 1, 1)) == {"recorded": 1}


def test_only_programmes_with_a_closed_wave_or_pairs_under_way_are_concerned(personas):
    running = ProgrammeFactory(current_phase=Phase.RUNNING)
    closing = ProgrammeFactory(current_phase=Phase.CLOSING)
    evaluation = ProgrammeFactory(current_phase=Phase.EVALUATION)
    recruiting = ProgrammeFactory(current_phase=Phase.RECRUITMENT)
    with_wave = ProgrammeFactory(current_phase=Phase.SETUP)
    closed_wave(with_wave)
    concerned = set(digest_programmes())
    assert {running, closing, evaluation, with_wave} <= concerned
    assert recruiting not in concerned
    assert personas.programme not in concerned  # in its setup, no wave


def test_a_programme_without_pilots_or_not_concerned_sends_nothing(
    personas, django_capture_on_commit_callbacks
):
    ProgrammeFactory(current_phase=Phase.RUNNING)  # no coordinator
    assert _send(django_capture_on_commit_callbacks) == {"recorded": 0}
    assert mail.outbox == []


def test_the_beat_task_sends_it_and_is_scheduled_on_the_first_of_the_month(
    personas, django_capture_on_commit_callbacks
):
    evaluated(personas.programme)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_report_digest("2026-12-01") == {"recorded": 1}
    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-digest"]
    assert entry["task"] == "evaluation.tasks.send_report_digest"
    assert entry["schedule"].day_of_month == {1}
