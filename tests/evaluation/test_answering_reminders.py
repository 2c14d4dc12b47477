"""The evaluation's reminder kinds in the follow-up's sweep: the invitation on the day the wave
opens, at most two reminders (7 and 14 days later), none once answered or after closing, the
signed link in the e-mail, and a constant number of queries."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from evaluation.models import Wave
from evaluation.selectors.answering import invitation_for_link
from evaluation.services.answering import response_submit
from evaluation.services.invitations import wave_invitations_create
from followup.models import Reminder
from followup.reminders import reminders_sweep
from mentorat.core.models import SentEmail
from programmes.models import Application, ApplicationStatus, Role
from tests.factories import (
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
    questionnaire_for,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 5)  # the day the waves open


def _wave(programme, kind="pulse", *, opens_on=DAY, days=28, number=1):
    return Wave.objects.create(
        questionnaire=questionnaire_for(programme, kind),
        number=number,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=days),
        status="open",
    )


def _invite(wave, people=1, *, on=DAY):
    programme = wave.questionnaire.programme
    for _ in range(people):
        accepted_participant(programme, Role.MENTEE)
    applications = Application.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED
    ).select_related("organisation")
    wave_invitations_create(wave=wave, applications=applications)
    wave.invitations.update(invited_on=on)
    return list(wave.invitations.select_related("user", "wave"))


def sweep(today, kind="checkin-due"):
    return reminders_sweep(today=today, kinds=[kind]).as_dict()


def periods(kind="checkin-due"):
    return sorted(Reminder.objects.filter(kind=kind).values_list("period", flat=True))


def test_the_invitation_goes_on_the_opening_day_then_at_most_two_reminders():
    wave = _wave(ProgrammeFactory())
    _invite(wave)
    assert sweep(DAY - timedelta(days=1))["sent"] == 0
    assert sweep(DAY)["sent"] == 1
    assert sweep(DAY + timedelta(days=6))["sent"] == 0
    assert sweep(DAY + timedelta(days=7))["sent"] == 1
    assert sweep(DAY + timedelta(days=13))["sent"] == 0
    assert sweep(DAY + timedelta(days=14))["sent"] == 1
    for later in (15, 21, 28):
        assert sweep(DAY + timedelta(days=later))["sent"] == 0
    assert periods() == ["0", "1", "2"]


def test_a_missed_day_is_caught_up_the_next_day_once():
    wave = _wave(ProgrammeFactory())
    _invite(wave)
    assert sweep(DAY + timedelta(days=8))["sent"] == 1
    assert sweep(DAY + timedelta(days=9))["sent"] == 0
    assert periods() == ["1"]


def test_nothing_once_answered():
    wave = _wave(ProgrammeFactory())
    (invitation,) = _invite(wave)
    sweep(DAY)
    invitation.answered = True
    invitation.save()
    assert sweep(DAY + timedelta(days=7))["sent"] == 0
    assert periods() == ["0"]


def test_nothing_after_the_closing_date_nor_for_a_wave_not_open():
    programme = ProgrammeFactory()
    wave = _wave(programme, days=10)
    _invite(wave)
    assert sweep(DAY + timedelta(days=11))["sent"] == 0
    scheduled = _wave(programme, number=2)
    scheduled.status = "scheduled"
    scheduled.save()
    _invite(scheduled)
    closed = _wave(programme, number=3)
    closed.status = "closed"
    closed.save()
    _invite(closed)
    assert sweep(DAY)["sent"] == 1  # the first wave only
    assert set(Reminder.objects.values_list("subject", flat=True)) == {f"wave:{wave.pk}"}


def test_nothing_for_an_inactive_person_nor_one_who_refuses_reminders():
    wave = _wave(ProgrammeFactory())
    first, second = _invite(wave, people=2)
    first.user.is_active = False
    first.user.save()
    second.user.wants_reminders = False
    second.user.save()
    assert sweep(DAY)["sent"] == 0


def test_a_person_invited_later_gets_the_invitation_the_day_they_are_invited():
    wave = _wave(ProgrammeFactory())
    _invite(wave, on=DAY + timedelta(days=10))
    assert sweep(DAY + timedelta(days=9))["sent"] == 0
    assert sweep(DAY + timedelta(days=10))["sent"] == 1
    assert sweep(DAY + timedelta(days=17))["sent"] == 1
    assert periods() == ["0", "1"]


def test_check_ins_and_questionnaires_are_two_kinds():
    programme = ProgrammeFactory()
    _invite(_wave(programme, "pulse"))
    _invite(_wave(programme, "baseline"), people=0)
    assert sweep(DAY, "checkin-due")["sent"] == 1
    assert sweep(DAY, "questionnaire-open")["sent"] == 1
    assert set(Reminder.objects.values_list("kind", flat=True)) == {
        "checkin-due",
        "questionnaire-open",
    }


def test_the_check_in_e_mail_is_in_french_with_the_signed_link_the_date_and_how_to_stop(
    django_capture_on_commit_callbacks,
):
    programme = ProgrammeFactory(name="Mentorat BFC 2026", slug="bfc-2026")
    wave = _wave(programme)
    user = UserFactory(first_name="Hugo")
    accepted_participant(programme, Role.MENTEE, user=user)
    (invitation,) = _invite(wave, people=0)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(DAY)
    (message,) = mail.outbox
    assert message.subject == (
        "[Mentorat] Votre point d’étape pour le programme « Mentorat BFC 2026 » : deux questions"
    )
    assert message.body.startswith("Bonjour Hugo,")
    assert "à remplir jusqu’au 2 novembre 2026" in message.body
    assert "au moins 5 personnes" in message.body
    assert "décochez-la depuis votre page de binôme" in message.body
    link = next(word for word in message.body.split() if "/repondre/" in word)
    match = resolve(urlsplit(link).path)
    assert match.view_name == "evaluation:answer_link"
    token = match.kwargs["token"]
    # The link opens this very invitation (checked with today's date: the wave is open now).
    wave.opens_on = date.today() - timedelta(days=1)
    wave.closes_on = date.today() + timedelta(days=1)
    wave.save()
    assert invitation_for_link(token).pk == invitation.pk


def test_the_questionnaire_reminder_says_it_is_a_reminder(django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(name="Mentorat BFC 2026")
    _invite(_wave(programme, "baseline"))
    with django_capture_on_commit_callbacks(execute=True):
        sweep(DAY + timedelta(days=7), "questionnaire-open")
    (message,) = mail.outbox
    assert message.subject == "[Mentorat] Rappel : Questionnaire de départ (Mentorat BFC 2026)"


def _queries(today):
    with CaptureQueriesContext(connection) as sending:
        assert reminders_sweep(today=today, kinds=["checkin-due", "questionnaire-open"]).sent
    return len(sending)


def test_the_sweep_asks_the_same_number_of_queries_whatever_the_number_of_people():
    programme = ProgrammeFactory()
    _invite(_wave(programme, "pulse"), people=2)
    _invite(_wave(programme, "baseline"))
    small = _queries(DAY)
    other = ProgrammeFactory()
    _invite(_wave(other, "pulse"), people=12)
    _invite(_wave(other, "baseline"))
    Reminder.objects.all().delete()
    SentEmail.objects.all().delete()
    assert _queries(DAY) == small


def test_an_answer_through_the_e_mail_stops_the_reminders():
    from django.utils import timezone

    today = timezone.localdate()
    wave = _wave(ProgrammeFactory(), opens_on=today)
    (invitation,) = _invite(wave, on=today)
    sweep(today)
    response_submit(invitation=invitation, answers={})
    assert sweep(today + timedelta(days=7))["sent"] == 0


def test_the_evaluation_registers_its_two_kinds_none_essential():
    from followup.reminders import registered_kinds

    kinds = {kind.code: kind.essential for kind in registered_kinds()}
    assert kinds["checkin-due"] is False
    assert kinds["questionnaire-open"] is False
