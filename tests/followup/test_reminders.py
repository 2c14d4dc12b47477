"""The daily reminder sweep: each kind is due on its day and not the day before, at most as often
as it says; the people who refused reminders get none of the non-essential ones; a sweep run
twice sends nothing the second time; the e-mails are French, say how to stop them, and leave
through email_enqueue; the queries do not grow with the number of pairs."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup import reminders
from followup.models import CharterAcceptance, Meeting, PlannedMeeting, Reminder
from followup.reminders import Due, ReminderKind, by_email, reminders_sweep
from matching.models import PairStatus, Response
from mentorat.core.models import SentEmail
from programmes.models import Role
from tests.factories import ProgrammeFactory, UserFactory, accepted_participant

from .reminders_helpers import a_day_of_every_kind, at, pair_since

pytestmark = pytest.mark.django_db

# The follow-up's own kinds (the evaluation registers two more, tested with it).
FOLLOWUP_KINDS = ("proposal-unanswered", "charter-not-accepted", "no-meeting", "meeting-tomorrow")
DAY = date(2026, 10, 5)  # a Monday: the day the pair reached its step


def sweep(today: date, kind: str) -> dict[str, int]:
    return reminders_sweep(today=today, kinds=[kind]).as_dict()


def sent(kind: str) -> list[tuple[str, int, str]]:
    return sorted(
        Reminder.objects.filter(kind=kind).values_list("subject", "recipient_id", "period")
    )


# --- Proposal unanswered -------------------------------------------------------------------


def test_an_unanswered_proposal_is_reminded_3_then_7_days_after_publication_and_no_more():
    pair = pair_since(PairStatus.PROPOSED, DAY)
    members = sorted([pair.mentor.user_id, pair.mentee.user_id])

    assert sweep(DAY + timedelta(days=2), "proposal-unanswered") == {"sent": 0, "skipped": 0}
    assert sweep(DAY + timedelta(days=3), "proposal-unanswered") == {"sent": 2, "skipped": 0}
    assert sent("proposal-unanswered") == [(f"pair:{pair.pk}", m, "1") for m in members]
    # The days between: still due, already sent.
    assert sweep(DAY + timedelta(days=6), "proposal-unanswered") == {"sent": 0, "skipped": 2}
    assert sweep(DAY + timedelta(days=7), "proposal-unanswered") == {"sent": 2, "skipped": 0}
    assert sweep(DAY + timedelta(days=30), "proposal-unanswered") == {"sent": 0, "skipped": 2}
    assert Reminder.objects.filter(kind="proposal-unanswered").count() == 4  # at most twice


def test_only_the_member_who_has_not_answered_is_reminded_of_a_proposal():
    pair = pair_since(PairStatus.PROPOSED, DAY, mentor_response=Response.ACCEPTED)
    sweep(DAY + timedelta(days=3), "proposal-unanswered")
    assert sent("proposal-unanswered") == [(f"pair:{pair.pk}", pair.mentee.user_id, "1")]


def test_a_proposal_published_late_in_the_evening_counts_from_that_day_in_paris():
    # 23:30 in Paris is already the next day in UTC: the reminder still comes 3 days later.
    pair_since(PairStatus.PROPOSED, at(DAY, 23, 30))
    assert sweep(DAY + timedelta(days=2), "proposal-unanswered")["sent"] == 0
    assert sweep(DAY + timedelta(days=3), "proposal-unanswered")["sent"] == 2


def test_a_proposal_missed_by_the_beat_is_reminded_the_next_day_once():
    pair_since(PairStatus.PROPOSED, DAY)
    assert sweep(DAY + timedelta(days=4), "proposal-unanswered")["sent"] == 2


def test_answered_or_declined_pairs_are_not_reminded_of_the_proposal():
    pair_since(PairStatus.ACCEPTED, DAY)
    pair_since(PairStatus.DECLINED, DAY, mentee_response=Response.DECLINED)
    assert sweep(DAY + timedelta(days=3), "proposal-unanswered") == {"sent": 0, "skipped": 0}


# --- Charter not accepted ------------------------------------------------------------------


def test_the_charter_is_reminded_after_the_programmes_days_then_a_week_later_and_no_more():
    programme = ProgrammeFactory(charter_within_days=14)
    pair = pair_since(PairStatus.ACCEPTED, DAY, programme=programme)
    CharterAcceptance.objects.create(pair=pair, role=Role.MENTOR, user=pair.mentor.user)
    mentee = pair.mentee.user_id

    assert sweep(DAY + timedelta(days=13), "charter-not-accepted")["sent"] == 0
    assert sweep(DAY + timedelta(days=14), "charter-not-accepted")["sent"] == 1
    assert sent("charter-not-accepted") == [(f"pair:{pair.pk}", mentee, "1")]
    assert sweep(DAY + timedelta(days=20), "charter-not-accepted") == {"sent": 0, "skipped": 1}
    assert sweep(DAY + timedelta(days=21), "charter-not-accepted")["sent"] == 1
    assert sweep(DAY + timedelta(days=60), "charter-not-accepted") == {"sent": 0, "skipped": 1}
    assert sent("charter-not-accepted") == [
        (f"pair:{pair.pk}", mentee, "1"),
        (f"pair:{pair.pk}", mentee, "2"),
    ]


def test_the_charter_reminder_follows_each_programmes_own_delay():
    pair_since(PairStatus.ACCEPTED, DAY, programme=ProgrammeFactory(charter_within_days=3))
    pair_since(PairStatus.ACCEPTED, DAY, programme=ProgrammeFactory(charter_within_days=10))
    assert sweep(DAY + timedelta(days=3), "charter-not-accepted")["sent"] == 2  # the first pair


def test_an_active_pair_is_not_reminded_of_the_charter():
    pair_since(PairStatus.ACTIVE, DAY, programme=ProgrammeFactory(charter_within_days=1))
    assert sweep(DAY + timedelta(days=5), "charter-not-accepted") == {"sent": 0, "skipped": 0}


# --- No meeting for N weeks ----------------------------------------------------------------


def test_an_active_pair_that_never_met_is_reminded_every_n_weeks_since_it_began():
    pair = pair_since(PairStatus.ACTIVE, DAY, programme=ProgrammeFactory(attention_after_weeks=6))
    assert sweep(DAY + timedelta(days=41), "no-meeting")["sent"] == 0
    assert sweep(DAY + timedelta(days=42), "no-meeting")["sent"] == 2  # both members
    assert {p for _s, _r, p in sent("no-meeting")} == {f"{DAY.isoformat()}/1"}
    assert sweep(DAY + timedelta(days=83), "no-meeting") == {"sent": 0, "skipped": 2}
    assert sweep(DAY + timedelta(days=84), "no-meeting")["sent"] == 2
    assert Reminder.objects.filter(subject=f"pair:{pair.pk}").count() == 4


def test_a_meeting_logged_starts_the_weeks_again():
    pair = pair_since(PairStatus.ACTIVE, DAY, programme=ProgrammeFactory(attention_after_weeks=2))
    met = DAY + timedelta(days=10)
    Meeting.objects.create(pair=pair, held_on=met, duration_minutes=60, mode="video")
    assert sweep(DAY + timedelta(days=14), "no-meeting")["sent"] == 0  # 4 days after meeting
    assert sweep(met + timedelta(days=13), "no-meeting")["sent"] == 0
    assert sweep(met + timedelta(days=14), "no-meeting")["sent"] == 2
    assert {p for _s, _r, p in sent("no-meeting")} == {f"{met.isoformat()}/1"}


def test_a_pair_with_a_meeting_planned_is_not_reminded_to_meet():
    pair = pair_since(PairStatus.ACTIVE, DAY, programme=ProgrammeFactory(attention_after_weeks=2))
    today = DAY + timedelta(days=20)
    planned = PlannedMeeting.objects.create(pair=pair, starts_at=at(today, 18), mode="video")
    assert sweep(today, "no-meeting") == {"sent": 0, "skipped": 0}
    # The planned day passed without a meeting logged: the reminder comes.
    planned.starts_at = at(today - timedelta(days=1), 18)
    planned.save()
    assert sweep(today, "no-meeting")["sent"] == 2


def test_pairs_not_active_are_not_reminded_to_meet():
    for status in (PairStatus.ACCEPTED, PairStatus.COMPLETED, PairStatus.ENDED):
        pair_since(status, DAY, programme=ProgrammeFactory(attention_after_weeks=1))
    assert sweep(DAY + timedelta(days=30), "no-meeting") == {"sent": 0, "skipped": 0}


# --- Planned meeting tomorrow --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day_offset", "hour", "minute", "due"),
    [
        (1, 0, 0, True),  # tomorrow at midnight, Paris
        (1, 23, 59, True),
        (0, 23, 59, False),  # today
        (2, 0, 0, False),  # the day after tomorrow
    ],
)
def test_a_planned_meeting_is_reminded_the_day_before_in_paris(day_offset, hour, minute, due):
    pair = pair_since(PairStatus.ACTIVE, DAY - timedelta(days=30))
    starts_at = at(DAY + timedelta(days=day_offset), hour, minute)
    PlannedMeeting.objects.create(pair=pair, starts_at=starts_at, mode="in_person")
    assert sweep(DAY, "meeting-tomorrow")["sent"] == (2 if due else 0)


def test_a_meeting_planned_again_for_another_day_is_reminded_again():
    pair = pair_since(PairStatus.ACCEPTED, DAY - timedelta(days=5))
    planned = PlannedMeeting.objects.create(pair=pair, starts_at=at(DAY, 14), mode="phone")
    assert sweep(DAY - timedelta(days=1), "meeting-tomorrow")["sent"] == 2
    assert sweep(DAY - timedelta(days=1), "meeting-tomorrow")["sent"] == 0
    planned.starts_at = at(DAY + timedelta(days=7), 9)
    planned.save()
    assert sweep(DAY + timedelta(days=6), "meeting-tomorrow")["sent"] == 2


def test_an_ended_pair_is_not_reminded_of_its_planned_meeting():
    pair = pair_since(PairStatus.ENDED, DAY - timedelta(days=5))
    PlannedMeeting.objects.create(pair=pair, starts_at=at(DAY + timedelta(days=1)), mode="video")
    assert sweep(DAY, "meeting-tomorrow") == {"sent": 0, "skipped": 0}


# --- Refusing reminders, and the sweep as a whole ------------------------------------------


def test_a_person_who_refused_reminders_gets_none_of_the_non_essential_ones():
    pair = pair_since(PairStatus.PROPOSED, DAY)
    pair.mentee.user.wants_reminders = False
    pair.mentee.user.save()
    assert sweep(DAY + timedelta(days=3), "proposal-unanswered") == {"sent": 1, "skipped": 1}
    assert sent("proposal-unanswered") == [(f"pair:{pair.pk}", pair.mentor.user_id, "1")]


def test_a_deactivated_account_gets_no_reminder():
    pair = pair_since(PairStatus.PROPOSED, DAY)
    pair.mentor.user.is_active = False
    pair.mentor.user.save()
    assert sweep(DAY + timedelta(days=3), "proposal-unanswered") == {"sent": 1, "skipped": 1}


def test_an_essential_kind_reaches_even_those_who_refused_reminders(monkeypatch):
    refused = UserFactory(wants_reminders=False)
    willing = UserFactory()

    def due(today):
        for user in (refused, willing):
            yield Due(recipient=user, subject=f"user:{user.pk}", period=today.isoformat())

    kinds = {
        "test-essential": ReminderKind("test-essential", True, due, by_email("welcome")),
        "test-optional": ReminderKind("test-optional", False, due, by_email("welcome")),
    }
    monkeypatch.setattr(reminders, "_KINDS", kinds)
    result = reminders_sweep(today=DAY)
    assert result.by_kind == {
        "test-essential": {"sent": 2, "skipped": 0},
        "test-optional": {"sent": 1, "skipped": 1},
    }
    assert SentEmail.objects.filter(key__startswith="reminder:test-essential:").count() == 2


def test_a_kind_code_is_registered_once():
    kind = ReminderKind("proposal-unanswered", False, lambda today: [], by_email("welcome"))
    with pytest.raises(ValueError, match="already registered"):
        reminders.register_reminder_kind(kind)


def test_the_follow_up_registers_its_four_kinds_none_essential():
    # Other apps register theirs too (the evaluation's): the follow-up's own are these.
    kinds = {
        kind.code: kind.essential
        for kind in reminders.registered_kinds()
        if kind.code in FOLLOWUP_KINDS
    }
    assert kinds == {
        "proposal-unanswered": False,
        "charter-not-accepted": False,
        "no-meeting": False,
        "meeting-tomorrow": False,
    }


def test_a_sweep_run_twice_sends_nothing_the_second_time():
    a_day_of_every_kind(DAY)
    first = reminders_sweep(today=DAY, kinds=FOLLOWUP_KINDS)
    assert first.as_dict() == {"sent": 8, "skipped": 0}
    assert {code: c["sent"] for code, c in first.by_kind.items()} == {
        "proposal-unanswered": 2,
        "charter-not-accepted": 2,
        "no-meeting": 2,
        "meeting-tomorrow": 2,
    }
    assert reminders_sweep(today=DAY, kinds=FOLLOWUP_KINDS).as_dict() == {
        "sent": 0,
        "skipped": 8,
    }
    assert Reminder.objects.count() == SentEmail.objects.count() == 8


def test_the_e_mail_key_is_the_reminders_tuple():
    pair = pair_since(PairStatus.PROPOSED, DAY)
    sweep(DAY + timedelta(days=3), "proposal-unanswered")
    assert SentEmail.objects.filter(
        key=f"reminder:proposal-unanswered:pair:{pair.pk}:{pair.mentee.user_id}:1"
    ).exists()


def _queries(today: date) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as first:
        assert reminders_sweep(today=today, kinds=FOLLOWUP_KINDS).sent > 0
    with CaptureQueriesContext(connection) as second:
        assert reminders_sweep(today=today, kinds=FOLLOWUP_KINDS).sent == 0
    return len(first), len(second)


def test_the_sweep_reads_and_writes_in_bulk_whatever_the_number_of_pairs():
    a_day_of_every_kind(DAY)
    small = _queries(DAY)
    Reminder.objects.all().delete()
    SentEmail.objects.all().delete()
    a_day_of_every_kind(DAY, copies=4)
    Reminder.objects.all().delete()
    SentEmail.objects.all().delete()
    # Neither a sweep that sends nor one with nothing to send grows with the pairs.
    assert _queries(DAY) == small
    # Per kind: its pairs, and the reminders already sent; and the charter's acceptances.
    assert small[1] == 4 * 2 + 1
    # Sending, per kind: a savepoint, the reminders inserted and read back, the e-mails already
    # recorded, inserted and read back, the savepoint released.
    assert small[0] == small[1] + 4 * 7


# --- The e-mails ---------------------------------------------------------------------------


def _sent_mail(django_capture_on_commit_callbacks, today, kind):
    with django_capture_on_commit_callbacks(execute=True):
        sweep(today, kind)
    return {message.to[0]: message for message in mail.outbox}


def test_the_proposal_reminder_is_in_french_and_says_how_to_stop_reminders(
    django_capture_on_commit_callbacks,
):
    programme = ProgrammeFactory(name="Mentorat BFC 2026", slug="bfc-2026")
    mentor = UserFactory(first_name="Claire", last_name="Martin")
    mentee = UserFactory(first_name="Hugo", last_name="Bernard")
    pair = pair_since(
        PairStatus.PROPOSED,
        DAY,
        programme=programme,
        mentor=accepted_participant(programme, Role.MENTOR, user=mentor),
        mentee=accepted_participant(programme, Role.MENTEE, user=mentee),
    )
    messages = _sent_mail(
        django_capture_on_commit_callbacks, DAY + timedelta(days=3), "proposal-unanswered"
    )
    message = messages[mentee.email]
    assert message.subject == (
        "[Mentorat] Rappel : votre binôme dans « Mentorat BFC 2026 » attend votre réponse"
    )
    assert message.body.startswith("Bonjour Hugo,")
    assert "vous a proposé Claire Martin comme mentor, et attend votre réponse." in message.body
    assert "Accepter ou refuser : http://" in message.body
    assert (
        "Pour ne plus recevoir ces rappels, décochez-la depuis votre page de binôme : http://"
        in message.body
    )
    # Answered on the matching page; stopped from the pair page (which leads there until the
    # pair is accepted by both, where "receive reminders" is too).
    site = settings.SITE_URL
    my_pair = reverse("matching:my_pair", kwargs={"slug": "bfc-2026"})
    assert f"Accepter ou refuser : {site}{my_pair}\n" in message.body
    stop = reverse("followup:pair", kwargs={"slug": "bfc-2026", "pair_id": pair.pk}) + "#rappels"
    assert f"depuis votre page de binôme : {site}{stop}" in message.body
    assert "d’accompagner Hugo Bernard comme mentor" in messages[mentor.email].body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "/bfc-2026/mon-binome/" in html and f'{stop}">votre page de binôme</a>' in html


def test_the_meeting_reminder_gives_the_day_and_hour_in_french(django_capture_on_commit_callbacks):
    pair = pair_since(PairStatus.ACTIVE, DAY - timedelta(days=30))
    PlannedMeeting.objects.create(
        pair=pair, starts_at=at(date(2026, 12, 4), 14, 30), mode="in_person", duration_minutes=90
    )
    messages = _sent_mail(django_capture_on_commit_callbacks, date(2026, 12, 3), "meeting-tomorrow")
    message = messages[pair.mentee.user.email]
    assert "demain à 14:30" in message.subject
    assert "vendredi 4 décembre 2026" in message.body
    assert (
        "prévue demain, vendredi 4 décembre 2026, à 14:30 (en présentiel, 90 minutes)."
        in message.body
    )


def test_the_reminder_is_written_in_the_recipients_language(django_capture_on_commit_callbacks):
    pair = pair_since(PairStatus.ACTIVE, DAY, programme=ProgrammeFactory(attention_after_weeks=3))
    pair.mentor.user.language = "en"
    pair.mentor.user.save()
    day = DAY + timedelta(days=21)
    messages = _sent_mail(django_capture_on_commit_callbacks, day, "no-meeting")
    assert "for 3 weeks" in messages[pair.mentor.user.email].subject
    assert "depuis 3 semaines" in messages[pair.mentee.user.email].subject


def test_the_charter_reminder_names_the_programmes_delay(django_capture_on_commit_callbacks):
    pair = pair_since(PairStatus.ACCEPTED, DAY, programme=ProgrammeFactory(charter_within_days=10))
    messages = _sent_mail(
        django_capture_on_commit_callbacks, DAY + timedelta(days=10), "charter-not-accepted"
    )
    body = messages[pair.mentor.user.email].body
    assert "charte" in body and "10 jours" in body
