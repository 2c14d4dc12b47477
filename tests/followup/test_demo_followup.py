"""seed_demo's pilot promotion: a programme in its running phase whose pairs show every status
and every health colour, with months of dated history; and the README's demo logins open what
it says they open."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from followup.demo import FIRST_ROUND
from followup.models import (
    CharterAcceptance,
    HelpRequest,
    Meeting,
    Message,
    MessageStatus,
    PlannedMeeting,
    Reminder,
)
from followup.reminders import reminders_sweep
from followup.selectors.dashboard import dashboard
from matching.models import DeclineReason, EndReason, Pair, PairStatus, PairTransition
from mentorat.core.models import SentEmail
from mentorat.front.demo import DEMO_PASSWORD, PILOT_SLUG, _demo_password_hash, seed_demo
from programmes.models import Phase, Programme

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, built once for this file (seeding takes seconds): committed, then each test
    runs in a transaction rolled back, and the database is emptied after the last one."""
    # The accounts' password made with the tests' fast hasher (the tests log in with it); the
    # demo caches its hash: made here, it must not be reused by the next files.
    _demo_password_hash.cache_clear()
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        logins = seed_demo()
    _demo_password_hash.cache_clear()
    yield logins
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def logins(seeded, db):
    return seeded


@pytest.fixture
def pilot(logins):
    return Programme.objects.get(slug=PILOT_SLUG)


def test_the_pilot_promotion_is_in_its_running_phase_with_pairs_in_every_status(pilot):
    assert pilot.current_phase == Phase.RUNNING
    statuses = set(Pair.objects.filter(programme=pilot).values_list("status", flat=True))
    assert statuses == set(PairStatus.values)
    assert Pair.objects.get(programme=pilot, status=PairStatus.DECLINED).decline_reason == (
        DeclineReason.DISTANCE
    )
    assert Pair.objects.get(programme=pilot, status=PairStatus.ENDED).end_reason == (
        EndReason.LEFT_ORGANISATION
    )


def test_the_dashboard_shows_green_amber_and_red_pairs_with_every_reason(pilot):
    board = dashboard(pilot)
    assert board.health_counts == {"green": 3, "amber": 3, "red": 2}
    reasons = {reason.code for row in board.running for reason in row.health.reasons}
    assert reasons == {
        "help_requested",
        "no_meeting_alert",
        "no_meeting_attention",
        "charter_late",
        "planned_passed",
    }
    # One reason a pair: each colour is shown for one cause at a time.
    assert all(len(row.health.reasons) <= 1 for row in board.running)
    [asked] = [r for row in board.running for r in row.health.reasons if r.code == "help_requested"]
    assert asked.params["channel"] == "phone"


def test_the_history_lies_in_the_past_over_five_months(pilot):
    today = timezone.localdate()
    steps = PairTransition.objects.filter(pair__programme=pilot)
    days = [timezone.localdate(at) for at in steps.values_list("at", flat=True)]
    assert max(days) < today
    assert min(days) == today - timedelta(days=FIRST_ROUND)
    meetings = Meeting.objects.filter(pair__programme=pilot)
    assert meetings.count() >= 30
    assert all(m.held_on < today and m.logged_at.date() < today for m in meetings)
    for pair in Pair.objects.filter(programme=pilot, status=PairStatus.ACTIVE):
        accepted = steps.get(pair=pair, to_status=PairStatus.ACCEPTED).at
        active = steps.get(pair=pair, to_status=PairStatus.ACTIVE).at
        assert today - timedelta(days=155) <= timezone.localdate(accepted) <= today - timedelta(90)
        assert accepted < active
        assert all(m.held_on >= timezone.localdate(accepted) for m in pair.meetings.all())
        charter = CharterAcceptance.objects.filter(pair=pair)
        assert charter.count() == 2 and all(c.accepted_at < active + timedelta(1) for c in charter)
    assert HelpRequest.objects.get(pair__programme=pilot).created_at.date() < today


def test_one_meeting_is_planned_to_come_and_one_has_passed(pilot):
    now = timezone.now()
    planned = PlannedMeeting.objects.filter(pair__programme=pilot)
    assert planned.filter(starts_at__gt=now).exists()
    assert planned.filter(starts_at__lt=now).count() == 1


def _reminder_subjects(pilot) -> list[str]:
    pks = Pair.objects.filter(programme=pilot).values_list("pk", flat=True)
    return [f"pair:{pk}" for pk in pks]


def test_messages_to_segments_and_reminders_were_sent_in_the_past(pilot):
    messages = Message.objects.filter(programme=pilot)
    assert messages.count() >= 2
    for message in messages:
        assert message.status == MessageStatus.DONE
        assert message.recipient_count == message.recipients.count() > 0
        assert not message.recipients.filter(sent_at=None).exists()
        assert message.created_at < timezone.now() - timedelta(days=1)
    pairs = _reminder_subjects(pilot)
    reminders = Reminder.objects.filter(subject__in=pairs)
    assert {r.kind for r in reminders} == {
        "proposal-unanswered",
        "charter-not-accepted",
        "no-meeting",
        "meeting-tomorrow",
    }


def test_a_sweep_run_today_sends_none_of_the_demo_reminders_again(pilot):
    pairs = _reminder_subjects(pilot)
    before = Reminder.objects.filter(subject__in=pairs).count()
    reminders_sweep(today=timezone.localdate())
    assert Reminder.objects.filter(subject__in=pairs).count() == before


def test_the_pilot_story_sends_no_email_today(pilot):
    # Its e-mails were sent when it happened; none about a pilot pair waits to leave.
    people = Pair.objects.filter(programme=pilot).values_list("mentee__user__email", flat=True)
    assert not SentEmail.objects.filter(to__in=list(people)).exists()


def test_seeding_again_changes_nothing_in_the_pilot(pilot):
    def counts():
        of = {"pair__programme": pilot}
        return (
            Pair.objects.filter(programme=pilot).count(),
            PairTransition.objects.filter(**of).count(),
            Meeting.objects.filter(**of).count(),
            CharterAcceptance.objects.filter(**of).count(),
            Message.objects.filter(programme=pilot).count(),
            Reminder.objects.count(),
            SentEmail.objects.count(),
        )

    first = counts()
    seed_demo()
    assert counts() == first


# --- The README's logins --------------------------------------------------------------------


def _readme_logins() -> dict[str, list[str]]:
    """The demo logins table of the README: its first column, and the addresses of the second."""
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split("| role | login |", 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows[cells[0]] = re.findall(r"`([^`]+@[^`]+)`", cells[1])
    return rows


def _login(client, email: str) -> None:
    cache.clear()  # allauth counts login attempts in the cache
    client.logout()
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email


def test_every_login_of_the_readme_exists_and_can_log_in(client, logins):
    rows = _readme_logins()
    emails = [email for row in rows.values() for email in row]
    assert len(emails) >= 8
    for email in emails:
        _login(client, email)
    assert logins.meeting_mentor in emails and logins.meeting_mentee in emails
    assert logins.waiting_mentor in emails and logins.waiting_mentee in emails
    assert logins.referents[0] in emails


def test_the_coordinator_of_the_readme_sees_the_dashboard_pairs_and_messages(client, pilot):
    [coordinator, *_] = _readme_logins()["coordinators"]
    _login(client, coordinator)
    page = client.get(reverse("followup:dashboard", kwargs={"slug": pilot.slug}))
    assert page.status_code == 200
    assert {row.colour for row in page.context["board"].running} == {"green", "amber", "red"}
    assert client.get(reverse("followup:pairs", kwargs={"slug": pilot.slug})).status_code == 200
    messages = client.get(reverse("followup:messages", kwargs={"slug": pilot.slug}))
    assert "Atelier d’échange entre mentors" in messages.content.decode()


def test_the_referent_of_the_readme_sees_their_people_in_pairs(client, pilot, logins):
    [referent] = _readme_logins()["company referent"]
    _login(client, referent)
    page = client.get(reverse("followup:people_in_pairs", kwargs={"slug": pilot.slug}))
    assert page.status_code == 200
    assert "Camille Moreau" in page.content.decode()


def test_the_mentor_and_mentee_of_the_readme_see_their_pair_that_meets(client, pilot, logins):
    pair = Pair.objects.get(mentor__user__email=logins.meeting_mentor)
    assert pair.mentee.user.email == logins.meeting_mentee
    assert pair.status == PairStatus.ACTIVE
    assert PlannedMeeting.objects.get(pair=pair).starts_at > timezone.now()
    page = reverse("followup:pair", kwargs={"slug": pilot.slug, "pair_id": pair.pk})
    for email in (logins.meeting_mentor, logins.meeting_mentee):
        _login(client, email)
        response = client.get(page)
        assert response.status_code == 200, email
        assert response.context["life"].charter_complete
        assert len(response.context["life"].meetings) == 6
