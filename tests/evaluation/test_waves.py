"""The waves' services: scheduling, opening (who is invited for each kind), closing, the daily
sweep (idempotent, on the cadence, never two open pulse waves) and the phase changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation.models import Kind, Questionnaire, SurveyInvitation, Wave, WaveStatus
from evaluation.selectors.waves import invited_applications
from evaluation.services.waves import (
    wave_close,
    wave_open,
    wave_schedule,
    waves_on_phase_change,
    waves_sweep,
)
from matching.models import PairStatus
from programmes.models import Phase, PhaseDates, Role
from programmes.services.setup import programme_phase_set
from tests.factories import (
    PairFactory,
    ProgrammeFactory,
    accepted_participant,
    questionnaire_for,
    wave_of,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def pair_in(programme, status):
    return PairFactory(programme=programme, status=status)


def members(*pairs):
    return {user for pair in pairs for user in (pair.mentor.user_id, pair.mentee.user_id)}


def invited_users(wave):
    return set(SurveyInvitation.objects.filter(wave=wave).values_list("user_id", flat=True))


@pytest.fixture
def programme():
    return ProgrammeFactory(current_phase=Phase.RUNNING, checkin_cadence_days=30)


@pytest.fixture
def pairs(programme):
    return {status: pair_in(programme, status) for status in PairStatus.values}


def scheduled(programme, kind):
    return wave_of(programme, kind, status=WaveStatus.SCHEDULED)


# --- Who is invited -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "statuses"),
    [
        (Kind.PULSE, {PairStatus.ACTIVE}),
        (Kind.BASELINE, {PairStatus.ACCEPTED, PairStatus.ACTIVE}),
        (Kind.MIDTERM, {PairStatus.ACTIVE}),
        (Kind.FINAL, {PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED}),
    ],
)
def test_opening_a_wave_invites_the_members_of_the_pairs_its_kind_asks(
    programme, pairs, kind, statuses
):
    questionnaire_for(programme, kind)
    Questionnaire.objects.filter(programme=programme, kind=kind).update(enabled=True)
    wave = scheduled(programme, kind)
    invited = wave_open(wave=wave)
    expected = members(*(pairs[status] for status in statuses))
    assert invited_users(wave) == expected
    assert invited == len(expected)
    wave.refresh_from_db()
    assert wave.status == WaveStatus.OPEN


def test_a_person_is_invited_once_with_their_role_and_coarse_attributes(programme):
    mentor = accepted_participant(programme, Role.MENTOR)
    first = PairFactory(programme=programme, mentor=mentor, status=PairStatus.ACTIVE)
    second = PairFactory(programme=programme, mentor=mentor, status=PairStatus.ACTIVE)
    wave = scheduled(programme, Kind.PULSE)
    wave_open(wave=wave)
    assert invited_users(wave) == members(first, second)
    invitation = SurveyInvitation.objects.get(wave=wave, user=mentor.user)
    assert invitation.role == Role.MENTOR
    assert invitation.departement == mentor.departement
    assert not invitation.answered


def test_another_programmes_pairs_are_not_invited(programme, pairs):
    other = ProgrammeFactory()
    pair_in(other, PairStatus.ACTIVE)
    wave = scheduled(programme, Kind.PULSE)
    wave_open(wave=wave)
    assert invited_users(wave) == members(pairs[PairStatus.ACTIVE])


def test_opening_takes_a_bounded_number_of_queries_whatever_the_number_of_people(
    django_assert_max_num_queries,
):
    def open_with(n):
        programme = ProgrammeFactory(current_phase=Phase.RUNNING)
        for _ in range(n):
            pair_in(programme, PairStatus.ACTIVE)
        wave = scheduled(programme, Kind.PULSE)
        # The wave locked, the other open waves, the status saved, the people, those invited
        # already, the invitations written (and the savepoints around them).
        with django_assert_max_num_queries(12) as captured:
            assert wave_open(wave=wave) == 2 * n
        return len(captured)

    assert open_with(2) == open_with(12)


def test_invited_applications_is_one_query(programme, pairs, django_assert_num_queries):
    questionnaire = questionnaire_for(programme, Kind.FINAL)
    with django_assert_num_queries(1):
        organisations = [a.organisation.name for a in invited_applications(questionnaire)]
    assert len(organisations) == 6


# --- Opening and closing rules ------------------------------------------------------------------


def test_a_wave_opened_before_its_date_opens_today(programme):
    wave = scheduled(programme, Kind.BASELINE)
    Wave.objects.filter(pk=wave.pk).update(
        opens_on=TODAY + timedelta(days=3), closes_on=TODAY + timedelta(days=20)
    )
    wave.refresh_from_db()
    wave_open(wave=wave)
    wave.refresh_from_db()
    assert wave.opens_on == TODAY


def test_an_open_wave_cannot_be_opened_again(programme):
    wave = wave_of(programme, Kind.BASELINE, status=WaveStatus.OPEN)
    with pytest.raises(ValidationError, match="déjà ouverte"):
        wave_open(wave=wave)


def test_a_closed_wave_never_reopens(programme):
    wave = wave_of(programme, Kind.BASELINE, status=WaveStatus.CLOSED)
    with pytest.raises(ValidationError, match="ne rouvre jamais"):
        wave_open(wave=wave)
    wave.refresh_from_db()
    assert wave.status == WaveStatus.CLOSED


def test_a_wave_of_a_questionnaire_not_in_use_does_not_open(programme):
    wave = scheduled(programme, Kind.MIDTERM)  # the mid-term is not in use by default
    with pytest.raises(ValidationError, match="hors service"):
        wave_open(wave=wave)


def test_a_wave_whose_closing_date_has_passed_does_not_open(programme):
    wave = scheduled(programme, Kind.BASELINE)
    Wave.objects.filter(pk=wave.pk).update(
        opens_on=TODAY - timedelta(days=10), closes_on=TODAY - timedelta(days=1)
    )
    wave.refresh_from_db()
    with pytest.raises(ValidationError, match="est passée"):
        wave_open(wave=wave)


def test_two_waves_of_a_questionnaire_are_never_open_at_once(programme):
    wave_of(programme, Kind.PULSE, status=WaveStatus.OPEN, number=1)
    second = wave_of(programme, Kind.PULSE, status=WaveStatus.SCHEDULED, number=2)
    with pytest.raises(ValidationError, match="Une autre vague"):
        wave_open(wave=second)


def test_only_an_open_wave_can_be_closed(programme):
    wave = scheduled(programme, Kind.BASELINE)
    with pytest.raises(ValidationError, match="Seule une vague ouverte"):
        wave_close(wave=wave)
    closed = wave_of(programme, Kind.FINAL, status=WaveStatus.CLOSED)
    with pytest.raises(ValidationError, match="déjà clôturée"):
        wave_close(wave=closed)


def test_closing_a_wave_closes_it_today_and_freezes_its_results(programme):
    wave = wave_of(programme, Kind.BASELINE, status=WaveStatus.OPEN)
    wave_close(wave=wave)
    wave.refresh_from_db()
    assert wave.status == WaveStatus.CLOSED
    assert wave.closed_on == TODAY
    assert wave.results is not None
    with pytest.raises(ValidationError):
        wave_close(wave=wave)


# --- Scheduling ---------------------------------------------------------------------------------


def test_scheduling_numbers_the_waves_of_a_questionnaire(programme):
    questionnaire = questionnaire_for(programme, Kind.BASELINE)
    first = wave_schedule(
        questionnaire=questionnaire, opens_on=TODAY, closes_on=TODAY + timedelta(days=6)
    )
    second = wave_schedule(
        questionnaire=questionnaire,
        opens_on=TODAY + timedelta(days=7),
        closes_on=TODAY + timedelta(days=13),
    )
    assert (first.number, second.number) == (1, 2)
    assert first.status == second.status == WaveStatus.SCHEDULED


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (-1, 5, "ne peut pas être passée"),
        (5, 4, "le jour de l’ouverture ou après"),
        (0, 180, "180 jours au plus"),
    ],
)
def test_scheduling_refuses_wrong_dates(programme, opens, closes, message):
    questionnaire = questionnaire_for(programme, Kind.BASELINE)
    with pytest.raises(ValidationError, match=message):
        wave_schedule(
            questionnaire=questionnaire,
            opens_on=TODAY + timedelta(days=opens),
            closes_on=TODAY + timedelta(days=closes),
        )


def test_scheduling_refuses_dates_overlapping_a_wave_not_closed(programme):
    questionnaire = questionnaire_for(programme, Kind.BASELINE)
    wave_schedule(questionnaire=questionnaire, opens_on=TODAY, closes_on=TODAY + timedelta(10))
    with pytest.raises(ValidationError, match="chevauchent la vague 1"):
        wave_schedule(
            questionnaire=questionnaire,
            opens_on=TODAY + timedelta(days=10),
            closes_on=TODAY + timedelta(days=20),
        )


def test_scheduling_refuses_a_questionnaire_not_in_use(programme):
    questionnaire = questionnaire_for(programme, Kind.MIDTERM)
    with pytest.raises(ValidationError, match="hors service"):
        wave_schedule(questionnaire=questionnaire, opens_on=TODAY, closes_on=TODAY)


# --- The daily sweep ----------------------------------------------------------------------------


def test_the_sweep_opens_the_scheduled_waves_whose_day_has_come(programme, pairs):
    questionnaire = questionnaire_for(programme, Kind.BASELINE)
    due = wave_schedule(questionnaire=questionnaire, opens_on=TODAY, closes_on=TODAY + timedelta(5))
    later = wave_schedule(
        questionnaire=questionnaire_for(programme, Kind.FINAL),
        opens_on=TODAY + timedelta(days=1),
        closes_on=TODAY + timedelta(days=5),
    )
    result = waves_sweep(today=TODAY)
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == WaveStatus.OPEN
    assert later.status == WaveStatus.SCHEDULED
    assert invited_users(due) == members(pairs[PairStatus.ACCEPTED], pairs[PairStatus.ACTIVE])
    assert result.opened >= 1


def test_the_sweep_closes_the_open_waves_whose_closing_date_has_passed(programme):
    wave = wave_of(programme, Kind.BASELINE, status=WaveStatus.OPEN)
    waves_sweep(today=wave.closes_on)
    wave.refresh_from_db()
    assert wave.status == WaveStatus.OPEN  # its last day: still open
    waves_sweep(today=wave.closes_on + timedelta(days=1))
    wave.refresh_from_db()
    assert wave.status == WaveStatus.CLOSED
    assert wave.results is not None


def test_the_sweep_opens_a_pulse_wave_for_that_many_days_in_a_running_programme(programme, pairs):
    result = waves_sweep(today=TODAY)
    wave = Wave.objects.get(questionnaire__programme=programme, questionnaire__kind=Kind.PULSE)
    assert result.pulses == 1
    assert (wave.number, wave.status, wave.opens_on) == (1, WaveStatus.OPEN, TODAY)
    assert wave.closes_on == TODAY + timedelta(days=29)
    assert invited_users(wave) == members(pairs[PairStatus.ACTIVE])


def test_the_sweep_run_twice_leaves_the_same_state(programme, pairs):
    questionnaire_for(programme, Kind.BASELINE)
    waves_sweep(today=TODAY)
    state = list(Wave.objects.values_list("pk", "status", "opens_on", "closes_on"))
    invitations = SurveyInvitation.objects.count()
    again = waves_sweep(today=TODAY)
    assert list(Wave.objects.values_list("pk", "status", "opens_on", "closes_on")) == state
    assert SurveyInvitation.objects.count() == invitations
    assert again.as_dict() == {"opened": 0, "closed": 0, "pulses": 0, "invited": 0, "failed": 0}


def test_the_next_pulse_opens_after_the_cadence_never_two_at_once(programme, pairs):
    questionnaire_for(programme, Kind.PULSE)
    waves_sweep(today=TODAY)
    # While the first one is open, no second one, whatever the day.
    Wave.objects.filter(questionnaire__kind=Kind.PULSE).update(closes_on=TODAY + timedelta(60))
    waves_sweep(today=TODAY + timedelta(days=45))
    assert Wave.objects.filter(questionnaire__kind=Kind.PULSE).count() == 1


def test_the_pulse_follows_the_cadence_month_after_month(programme, pairs):
    for day in range(0, 95):
        waves_sweep(today=TODAY + timedelta(days=day))
    pulses = list(
        Wave.objects.filter(questionnaire__kind=Kind.PULSE)
        .order_by("number")
        .values_list("number", "opens_on", "status")
    )
    assert [(n, d) for n, d, _ in pulses] == [
        (1, TODAY),
        (2, TODAY + timedelta(days=30)),
        (3, TODAY + timedelta(days=60)),
        (4, TODAY + timedelta(days=90)),
    ]
    assert [s for _, _, s in pulses] == ["closed", "closed", "closed", "open"]


def test_the_first_pulse_waits_for_the_cadence_after_the_running_phase_starts(programme, pairs):
    PhaseDates.objects.update_or_create(
        programme=programme,
        phase=Phase.RUNNING,
        defaults={"starts_on": TODAY, "ends_on": TODAY + timedelta(days=200)},
    )
    questionnaire_for(programme, Kind.PULSE)
    waves_sweep(today=TODAY + timedelta(days=29))
    assert not Wave.objects.filter(questionnaire__kind=Kind.PULSE).exists()
    waves_sweep(today=TODAY + timedelta(days=30))
    assert Wave.objects.filter(questionnaire__kind=Kind.PULSE).count() == 1


def test_no_pulse_outside_the_running_phase_or_when_the_pulse_is_not_in_use(pairs, programme):
    questionnaire = questionnaire_for(programme, Kind.PULSE)
    questionnaire.enabled = False
    questionnaire.save()
    closing = ProgrammeFactory(current_phase=Phase.CLOSING)
    pair_in(closing, PairStatus.ACTIVE)
    questionnaire_for(closing, Kind.PULSE)
    waves_sweep(today=TODAY)
    assert not Wave.objects.filter(questionnaire__kind=Kind.PULSE).exists()


def test_no_pulse_while_no_pair_meets(programme):
    pair_in(programme, PairStatus.ACCEPTED)
    questionnaire_for(programme, Kind.PULSE)
    waves_sweep(today=TODAY)
    assert not Wave.objects.filter(questionnaire__kind=Kind.PULSE).exists()


# --- Phase changes ------------------------------------------------------------------------------


def test_entering_the_running_phase_opens_the_baseline_for_three_weeks(pairs, programme):
    programme.current_phase = Phase.MATCHING
    programme.save()
    programme_phase_set(programme=programme, phase=Phase.RUNNING, confirm=True)
    wave = Wave.objects.get(questionnaire__programme=programme, questionnaire__kind=Kind.BASELINE)
    assert wave.status == WaveStatus.OPEN
    assert (wave.opens_on, wave.closes_on) == (TODAY, TODAY + timedelta(days=20))
    assert invited_users(wave) == members(pairs[PairStatus.ACCEPTED], pairs[PairStatus.ACTIVE])
    # Its four questionnaires exist from then on.
    assert programme.questionnaires.count() == 4


def test_entering_closing_opens_the_final_questionnaire_for_four_weeks(pairs, programme):
    programme_phase_set(programme=programme, phase=Phase.CLOSING, confirm=True)
    wave = Wave.objects.get(questionnaire__programme=programme, questionnaire__kind=Kind.FINAL)
    assert wave.status == WaveStatus.OPEN
    assert wave.closes_on == TODAY + timedelta(days=27)
    # The follow-up completed the pairs that met: they, and those ended early, are invited.
    assert invited_users(wave) == members(
        pairs[PairStatus.ACTIVE],
        pairs[PairStatus.ACCEPTED],
        pairs[PairStatus.COMPLETED],
        pairs[PairStatus.ENDED],
    )


def test_a_phase_change_opens_no_second_baseline(programme):
    questionnaire = questionnaire_for(programme, Kind.BASELINE)
    wave_schedule(
        questionnaire=questionnaire,
        opens_on=TODAY + timedelta(days=3),
        closes_on=TODAY + timedelta(days=10),
    )
    programme.current_phase = Phase.RUNNING
    waves_on_phase_change(programme, Phase.MATCHING)
    assert questionnaire.waves.count() == 1


def test_the_phase_change_page_says_the_baseline_opens(programme):
    from programmes.selectors.phases import phase_change_review

    programme.current_phase = Phase.MATCHING
    programme.save()
    review = phase_change_review(programme, Phase.RUNNING)
    messages = [note.message for note in review.notes]
    assert any("questionnaire de départ s’ouvre" in m for m in messages)
    assert any("tous les 30 jours" in m for m in messages)
    assert not review.warnings  # nothing here asks for a confirmation
    review = phase_change_review(programme, Phase.CLOSING)
    assert any("questionnaire final s’ouvre" in note.message for note in review.notes)


def test_the_phase_change_page_says_nothing_of_a_baseline_that_already_has_a_wave(programme):
    from programmes.selectors.phases import phase_change_review

    programme.current_phase = Phase.MATCHING
    programme.save()
    wave_of(programme, Kind.BASELINE, status=WaveStatus.SCHEDULED)
    Questionnaire.objects.filter(programme=programme, kind=Kind.PULSE).update(enabled=False)
    messages = [note.message for note in phase_change_review(programme, Phase.RUNNING).notes]
    assert not any("questionnaire de départ" in m or "points d’étape" in m for m in messages)


# --- The beat task and the command --------------------------------------------------------------


def test_the_sweep_runs_every_morning_before_the_reminders(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-waves"]
    reminders = settings.CELERY_BEAT_SCHEDULE["send-reminders"]["schedule"]
    assert entry["task"] == "evaluation.tasks.sweep_waves"
    assert entry["schedule"].hour == {max(min(reminders.hour) - 1, 0)}


def test_the_task_sweeps_the_day_it_is_given(programme, pairs):
    from evaluation.tasks import sweep_waves

    day = TODAY + timedelta(days=2)
    assert sweep_waves.delay(day.isoformat()).get()["pulses"] == 1
    assert Wave.objects.get(questionnaire__kind=Kind.PULSE).opens_on == day


def test_the_command_says_what_it_did_in_french(programme, pairs):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("waves_sweep", "--date", TODAY.isoformat(), stdout=out)
    assert "Vagues : 1 ouverte(s) (dont 1 point(s) d’étape), 0 clôturée(s), 2 personne(s)" in (
        out.getvalue()
    )


def test_the_command_refuses_a_date_it_cannot_read():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="n’est pas une date"):
        call_command("waves_sweep", "--date", "demain")


def test_going_back_to_closing_opens_no_final_questionnaire(pairs, programme):
    programme.current_phase = Phase.EVALUATION
    programme.save()
    programme_phase_set(programme=programme, phase=Phase.CLOSING, confirm=True)
    assert not Wave.objects.filter(questionnaire__programme=programme).exists()


def test_a_wave_whose_results_cannot_be_computed_does_not_keep_the_others_open(programme):
    broken = wave_of(programme, Kind.BASELINE)
    fine = wave_of(programme, Kind.FINAL)
    Wave.objects.update(closes_on=TODAY - timedelta(days=1))
    # Figures already there on an open wave (a bad import): freezing them again is refused.
    Wave.objects.filter(pk=broken.pk).update(results={"figures": []})
    result = waves_sweep(today=TODAY)
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (result.closed, result.failed) == (1, 1)
    assert broken.status == WaveStatus.OPEN
    assert fine.status == WaveStatus.CLOSED
