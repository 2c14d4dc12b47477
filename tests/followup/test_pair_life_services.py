"""A pair's life, service by service: the charter makes the pair active once both accepted it,
meetings are logged within their bounds and dates, the next meeting is planned ahead, help
requests reach the coordination and never the partner, and the coordination completes or ends
pairs (at closing, the running pairs complete themselves)."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from followup.models import (
    MEETING_MINUTES,
    CharterAcceptance,
    HelpChannel,
    HelpRequest,
    Meeting,
    MeetingMode,
    PlannedMeeting,
)
from followup.services.pair_life import (
    charter_accept,
    help_request_create,
    help_request_handle,
    meeting_log,
    pair_complete,
    pair_end,
    planned_meeting_clear,
    planned_meeting_set,
    user_phone_set,
)
from matching.models import EndReason, PairStatus, PairTransition
from matching.problem import build_problem, parameters_for
from programmes.models import Application, Phase, Role
from programmes.services import programme_phase_set
from tests.factories import MembershipFactory, PairFactory, UserFactory, accepted_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    return accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a service and send the e-mails it recorded, as after its transaction commits."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def _status(pair) -> str:
    pair.refresh_from_db()
    return pair.status


# --- the charter -------------------------------------------------------------------------------


def test_the_pair_becomes_active_once_both_members_accepted_the_charter(personas, pair):
    charter_accept(pair=pair, by=personas.mentee)
    assert _status(pair) == PairStatus.ACCEPTED

    charter_accept(pair=pair, by=personas.mentor)

    assert _status(pair) == PairStatus.ACTIVE
    step = PairTransition.objects.filter(pair=pair).last()
    assert (step.from_status, step.to_status, step.by) == (
        PairStatus.ACCEPTED,
        PairStatus.ACTIVE,
        personas.mentor,
    )
    acceptances = CharterAcceptance.objects.filter(pair=pair)
    assert {(a.role, a.user) for a in acceptances} == {
        (Role.MENTOR, personas.mentor),
        (Role.MENTEE, personas.mentee),
    }
    assert all(a.accepted_at for a in acceptances)


def test_accepting_the_charter_twice_keeps_the_first_date_and_changes_nothing(personas, pair):
    first = charter_accept(pair=pair, by=personas.mentee)
    again = charter_accept(pair=pair, by=personas.mentee)

    assert again.pk == first.pk
    assert again.accepted_at == first.accepted_at
    assert CharterAcceptance.objects.filter(pair=pair).count() == 1
    charter_accept(pair=pair, by=personas.mentor)
    charter_accept(pair=pair, by=personas.mentor)
    assert _status(pair) == PairStatus.ACTIVE
    assert PairTransition.objects.filter(pair=pair, to_status=PairStatus.ACTIVE).count() == 1


def test_the_charter_of_a_pair_waiting_for_answers_cannot_be_accepted(personas):
    proposed = PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )
    with pytest.raises(ValidationError, match="plus possible"):
        charter_accept(pair=proposed, by=personas.mentee)
    assert not CharterAcceptance.objects.exists()


def test_someone_outside_the_pair_is_a_programming_error(personas, pair):
    with pytest.raises(ValueError):
        charter_accept(pair=pair, by=personas.coordinator)


# --- the meeting log ---------------------------------------------------------------------------


def _log(pair, by, **changes):
    data = {"held_on": timezone.localdate(), "duration_minutes": 60, "mode": MeetingMode.VIDEO}
    return meeting_log(pair=pair, by=by, **{**data, **changes})


def test_a_member_logs_a_meeting_with_its_date_duration_and_mode(personas, pair):
    yesterday = timezone.localdate() - timedelta(days=1)

    meeting = _log(pair, personas.mentor, held_on=yesterday, duration_minutes=90)

    assert (meeting.held_on, meeting.duration_minutes, meeting.mode, meeting.logged_by) == (
        yesterday,
        90,
        MeetingMode.VIDEO,
        personas.mentor,
    )


def test_a_meeting_of_an_active_pair_is_logged_too(personas, pair):
    charter_accept(pair=pair, by=personas.mentee)
    charter_accept(pair=pair, by=personas.mentor)
    _log(pair, personas.mentee)
    assert Meeting.objects.filter(pair=pair).count() == 1


@pytest.mark.parametrize("minutes", [MEETING_MINUTES[0], MEETING_MINUTES[1]])
def test_the_duration_may_be_either_bound(personas, pair, minutes):
    assert _log(pair, personas.mentee, duration_minutes=minutes).duration_minutes == minutes


@pytest.mark.parametrize("minutes", [MEETING_MINUTES[0] - 1, MEETING_MINUTES[1] + 1, 0, -30])
def test_a_duration_out_of_bounds_is_refused(personas, pair, minutes):
    with pytest.raises(ValidationError) as refused:
        _log(pair, personas.mentee, duration_minutes=minutes)
    assert "duration_minutes" in refused.value.error_dict
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_future_is_refused(personas, pair):
    with pytest.raises(ValidationError) as refused:
        _log(pair, personas.mentee, held_on=timezone.localdate() + timedelta(days=1))
    assert "held_on" in refused.value.error_dict


def test_a_meeting_before_the_pair_was_accepted_is_refused_and_that_day_is_allowed(personas, pair):
    accepted_on = timezone.localdate(PairTransition.objects.get(pair=pair, to_status="accepted").at)
    with pytest.raises(ValidationError) as refused:
        _log(pair, personas.mentee, held_on=accepted_on - timedelta(days=1))
    assert "held_on" in refused.value.error_dict

    assert _log(pair, personas.mentee, held_on=accepted_on).held_on == accepted_on


def test_an_unknown_mode_is_refused(personas, pair):
    with pytest.raises(ValidationError) as refused:
        _log(pair, personas.mentee, mode="pigeon")
    assert "mode" in refused.value.error_dict


@pytest.mark.parametrize("status", [PairStatus.PROPOSED, PairStatus.COMPLETED, PairStatus.ENDED])
def test_no_meeting_is_logged_for_a_pair_that_does_not_meet(personas, pair, status):
    pair.status = status
    pair.save()
    with pytest.raises(ValidationError):
        _log(pair, personas.mentee)
    assert not Meeting.objects.exists()


def test_only_a_member_logs_a_meeting(personas, pair):
    with pytest.raises(ValueError):
        _log(pair, personas.coordinator)


# --- the next planned meeting ------------------------------------------------------------------


def test_a_member_plans_the_next_meeting_and_planning_again_replaces_it(personas, pair):
    soon = timezone.now() + timedelta(days=3)
    planned_meeting_set(pair=pair, by=personas.mentee, starts_at=soon, mode=MeetingMode.PHONE)
    later = soon + timedelta(days=7)
    planned_meeting_set(
        pair=pair, by=personas.mentor, starts_at=later, mode=MeetingMode.VIDEO, duration_minutes=45
    )

    planned = PlannedMeeting.objects.get(pair=pair)
    assert (planned.starts_at, planned.mode, planned.duration_minutes, planned.set_by) == (
        later,
        MeetingMode.VIDEO,
        45,
        personas.mentor,
    )


def test_a_naive_time_is_read_in_europe_paris(personas, pair):
    day = timezone.localdate() + timedelta(days=10)
    planned = planned_meeting_set(
        pair=pair,
        by=personas.mentee,
        starts_at=datetime(day.year, day.month, day.day, 14, 30),
        mode=MeetingMode.IN_PERSON,
    )
    local = timezone.localtime(planned.starts_at, timezone.get_default_timezone())
    assert (local.hour, local.minute, str(local.tzinfo)) == (14, 30, "Europe/Paris")


def test_a_planned_meeting_in_the_past_is_refused(personas, pair):
    with pytest.raises(ValidationError) as refused:
        planned_meeting_set(
            pair=pair,
            by=personas.mentee,
            starts_at=timezone.now() - timedelta(minutes=1),
            mode=MeetingMode.PHONE,
        )
    assert "starts_at" in refused.value.error_dict
    assert not PlannedMeeting.objects.exists()


def test_the_planned_meeting_is_cleared(personas, pair):
    planned_meeting_set(
        pair=pair,
        by=personas.mentee,
        starts_at=timezone.now() + timedelta(days=1),
        mode=MeetingMode.PHONE,
    )
    planned_meeting_clear(pair=pair, by=personas.mentor)
    assert not PlannedMeeting.objects.exists()


# --- help requests -----------------------------------------------------------------------------


def test_a_help_request_emails_every_coordinator_and_never_the_partner(personas, pair, sent):
    second = UserFactory(email="coordination2@exemple.fr", language="en", first_name="Ann")
    MembershipFactory(programme=personas.programme, user=second, role=Role.COORDINATOR)
    personas.mentee.phone = "06 12 34 56 78"
    personas.mentee.save()

    request = sent(help_request_create, pair=pair, by=personas.mentee, channel=HelpChannel.PHONE)

    assert (request.requested_by, request.role, request.channel, request.handled_at) == (
        personas.mentee,
        Role.MENTEE,
        HelpChannel.PHONE,
        None,
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordination2@exemple.fr",
        "coordination@exemple.fr",
    ]
    [french] = [m for m in mail.outbox if m.to == ["coordination@exemple.fr"]]
    name = personas.mentee.display_name
    assert french.subject == (
        f"[Mentorat] « Programme de test » : {name} demande à être contacté(e)"
    )
    assert f"{name} (Mentoré) demande à être contacté(e) par la coordination" in french.body
    assert "Canal préféré : Par téléphone" in french.body
    assert "06 12 34 56 78" in french.body
    assert f"/suivi/programme-test/binomes/{pair.pk}/" in french.body
    [english] = [m for m in mail.outbox if m.to == ["coordination2@exemple.fr"]]
    assert "By phone" in english.body
    assert personas.mentor.email not in {m.to[0] for m in mail.outbox}


def test_asking_again_while_a_request_is_open_sends_nothing_more(personas, pair, sent):
    first = sent(help_request_create, pair=pair, by=personas.mentee, channel=HelpChannel.EMAIL)
    again = sent(help_request_create, pair=pair, by=personas.mentee, channel=HelpChannel.VIDEO)

    assert again.pk == first.pk
    assert again.channel == HelpChannel.VIDEO
    assert len(mail.outbox) == 1


def test_a_handled_request_stays_handled_and_a_new_one_may_follow(personas, pair, sent):
    first = sent(help_request_create, pair=pair, by=personas.mentee, channel=HelpChannel.EMAIL)
    handled = help_request_handle(help_request=first, by=personas.coordinator)
    assert handled.handled_by == personas.coordinator
    when = handled.handled_at
    assert help_request_handle(help_request=first, by=personas.staff).handled_at == when

    second = sent(help_request_create, pair=pair, by=personas.mentee, channel=HelpChannel.EMAIL)
    assert second.pk != first.pk
    assert HelpRequest.objects.filter(pair=pair).count() == 2


def test_an_unknown_channel_is_refused(personas, pair):
    with pytest.raises(ValidationError):
        help_request_create(pair=pair, by=personas.mentee, channel="pigeon")


# --- the phone number --------------------------------------------------------------------------


def test_the_phone_is_shared_only_when_chosen_and_when_there_is_one(personas):
    user_phone_set(user=personas.mentee, phone=" 06  12 34 56 78 ", share_phone=False)
    personas.mentee.refresh_from_db()
    assert (personas.mentee.phone, personas.mentee.share_phone) == ("06 12 34 56 78", False)
    user_phone_set(user=personas.mentee, phone="", share_phone=True)
    personas.mentee.refresh_from_db()
    assert personas.mentee.share_phone is False
    with pytest.raises(ValidationError):
        user_phone_set(user=personas.mentee, phone="appelez-moi", share_phone=True)


# --- the end of a pair -------------------------------------------------------------------------


def test_the_coordination_ends_a_pair_with_a_reason_and_the_mentee_returns_to_the_pool(
    personas, pair
):
    planned_meeting_set(
        pair=pair,
        by=personas.mentee,
        starts_at=timezone.now() + timedelta(days=1),
        mode=MeetingMode.PHONE,
    )

    pair_end(pair=pair, by=personas.coordinator, reason=EndReason.MISMATCH)

    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (PairStatus.ENDED, EndReason.MISMATCH)
    step = PairTransition.objects.filter(pair=pair).last()
    assert (step.to_status, step.reason, step.by) == (
        PairStatus.ENDED,
        EndReason.MISMATCH,
        personas.coordinator,
    )
    assert not PlannedMeeting.objects.exists()
    built = build_problem(personas.programme, parameters_for(personas.programme))
    assert pair.mentee_id in {m.id for m in built.problem.mentees}
    # ... and is never proposed this mentor again.
    assert (pair.mentor_id, pair.mentee_id) in built.problem.excluded


def test_a_pair_is_not_ended_without_a_reason_of_the_list(personas, pair):
    for reason in ("", "il-pleut"):
        with pytest.raises(ValidationError):
            pair_end(pair=pair, by=personas.coordinator, reason=reason)
    assert _status(pair) == PairStatus.ACCEPTED


def test_the_coordination_marks_a_pair_completed(personas, pair):
    pair_complete(pair=pair, by=personas.coordinator)
    assert _status(pair) == PairStatus.COMPLETED


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (PairStatus.DECLINED, "end"),
        (PairStatus.COMPLETED, "end"),
        (PairStatus.ENDED, "end"),
        (PairStatus.PROPOSED, "complete"),
        (PairStatus.DECLINED, "complete"),
        (PairStatus.COMPLETED, "complete"),
        (PairStatus.ENDED, "complete"),
    ],
)
def test_a_finished_pair_neither_ends_nor_completes(personas, pair, status, service):
    pair.status = status
    pair.save()
    with pytest.raises(ValidationError):
        if service == "end":
            pair_end(pair=pair, by=personas.coordinator, reason=EndReason.OTHER)
        else:
            pair_complete(pair=pair, by=personas.coordinator)
    assert _status(pair) == status


def test_a_proposed_pair_may_be_ended(personas):
    proposed = PairFactory(programme=personas.programme)
    pair_end(pair=proposed, by=personas.coordinator, reason=EndReason.UNAVAILABLE)
    assert _status(proposed) == PairStatus.ENDED


def test_at_closing_the_pairs_that_meet_are_completed_and_the_others_are_left(personas, pair):
    charter_accept(pair=pair, by=personas.mentee)
    charter_accept(pair=pair, by=personas.mentor)
    accepted = accepted_pair(personas.programme)
    waiting = PairFactory(programme=personas.programme)
    ended = accepted_pair(personas.programme)
    pair_end(pair=ended, by=None, reason=EndReason.OTHER)
    programme = personas.programme
    programme_phase_set(programme=programme, phase=Phase.RUNNING, confirm=True)
    assert _status(pair) == PairStatus.ACTIVE

    programme_phase_set(programme=programme, phase=Phase.CLOSING)

    assert [_status(p) for p in (pair, accepted, waiting, ended)] == [
        PairStatus.COMPLETED,
        PairStatus.COMPLETED,
        PairStatus.PROPOSED,
        PairStatus.ENDED,
    ]
    step = PairTransition.objects.filter(pair=pair).last()
    assert (step.to_status, step.by) == (PairStatus.COMPLETED, None)
    # Going back a phase and forward again changes nothing more.
    programme_phase_set(programme=programme, phase=Phase.RUNNING, confirm=True)
    programme_phase_set(programme=programme, phase=Phase.CLOSING)
    assert PairTransition.objects.filter(pair=pair, to_status=PairStatus.COMPLETED).count() == 1
