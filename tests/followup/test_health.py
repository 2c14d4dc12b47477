"""The pair's health rule, without a database: a table of cases, then properties over any
facts (hypothesis)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.health import (
    Health,
    HelpAsked,
    PairFacts,
    ReasonCode,
    Thresholds,
    expected_meetings,
    health_of,
)

TODAY = date(2026, 12, 3)
RULE = Thresholds(meeting_rhythm_days=30, attention_after_weeks=6, alert_after_weeks=10,
                  charter_within_days=14)  # fmt: skip


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def facts(**given) -> PairFacts:
    values = {
        "status": "active",
        "started_on": ago(60),
        "charter_accepted_on": (ago(58), ago(57)),
        "meetings": (ago(10),),
    }
    values.update(given)
    return PairFacts(**values)


def codes(result) -> list[str]:
    return [reason.code for reason in result.reasons]


@pytest.mark.parametrize(
    ("label", "given", "health", "reasons"),
    [
        ("a pair that met ten days ago", {}, Health.GREEN, []),
        ("met 6 weeks ago: attention", {"meetings": (ago(42),)}, Health.AMBER,
         [ReasonCode.NO_MEETING_ATTENTION]),
        ("met 5 weeks and 6 days ago: still green", {"meetings": (ago(41),)}, Health.GREEN, []),
        ("met 10 weeks ago: alert", {"meetings": (ago(70),)}, Health.RED,
         [ReasonCode.NO_MEETING_ALERT]),
        ("never met, accepted 7 weeks ago", {"meetings": (), "started_on": ago(49),
         "charter_accepted_on": (ago(48), ago(48))}, Health.AMBER,
         [ReasonCode.NO_MEETING_ATTENTION]),
        ("never met, accepted 11 weeks ago", {"meetings": (), "started_on": ago(77),
         "charter_accepted_on": (ago(70), ago(70))}, Health.RED, [ReasonCode.NO_MEETING_ALERT]),
        ("a help request", {"open_help": (HelpAsked("Marie Durand", "phone", ago(1)),)},
         Health.RED, [ReasonCode.HELP_REQUESTED]),
        ("charter accepted by one member after 15 days", {"status": "accepted",
         "started_on": ago(15), "charter_accepted_on": (ago(14),), "meetings": ()},
         Health.AMBER, [ReasonCode.CHARTER_LATE]),
        ("charter accepted by nobody after 14 days: still in time", {"status": "accepted",
         "started_on": ago(14), "charter_accepted_on": (), "meetings": ()}, Health.GREEN, []),
        ("a planned meeting passed without a meeting", {"planned_on": ago(3)}, Health.AMBER,
         [ReasonCode.PLANNED_PASSED]),
        ("a planned meeting passed, logged on its day", {"planned_on": ago(10)}, Health.GREEN,
         []),
        ("a planned meeting today is not passed", {"planned_on": TODAY}, Health.GREEN, []),
        ("help and no meeting for 12 weeks: both red reasons, help first",
         {"meetings": (ago(84),), "open_help": (HelpAsked("Luc", "email", ago(2)),),
          "planned_on": ago(20)}, Health.RED,
         [ReasonCode.HELP_REQUESTED, ReasonCode.NO_MEETING_ALERT, ReasonCode.PLANNED_PASSED]),
        ("a meeting in the future does not count", {"meetings": (TODAY + timedelta(days=3),),
         "started_on": ago(50)}, Health.AMBER, [ReasonCode.NO_MEETING_ATTENTION]),
    ],
)  # fmt: skip
def test_the_health_of_a_pair_follows_the_rule(label, given, health, reasons):
    result = health_of(facts(**given), RULE, TODAY)
    assert (result.health, codes(result)) == (health, reasons), label


@pytest.mark.parametrize("status", ["proposed", "declined", "completed", "ended"])
def test_a_pair_that_does_not_go_on_has_no_health(status):
    assert health_of(facts(status=status, meetings=()), RULE, TODAY) is None


def test_the_reasons_carry_their_figures():
    result = health_of(
        facts(meetings=(ago(49),), open_help=(HelpAsked("Marie Durand", "phone", ago(1)),)),
        RULE,
        TODAY,
    )
    help_reason, no_meeting = result.reasons
    assert help_reason.params == {"name": "Marie Durand", "channel": "phone", "asked_on": ago(1)}
    assert no_meeting.params == {"weeks": 7, "ever": True}
    assert result.last_meeting_on == ago(49)


def test_the_charter_reason_says_how_many_acceptances_are_missing_and_since_when():
    result = health_of(
        facts(status="accepted", started_on=ago(20), charter_accepted_on=(), meetings=(ago(2),)),
        RULE,
        TODAY,
    )
    assert result.reasons[0].params == {"days": 20, "missing": 2}


@pytest.mark.parametrize(
    ("days", "rhythm", "expected"),
    [(0, 30, 0), (29, 30, 0), (30, 30, 1), (365, 30, 12), (90, 14, 6), (60, 7, 8)],
)
def test_the_expected_meetings_are_months_elapsed_at_the_programmes_rhythm(days, rhythm, expected):
    assert expected_meetings(ago(days), TODAY, rhythm) == expected


# --- Properties ------------------------------------------------------------------------------

days_ago = st.integers(min_value=0, max_value=400).map(ago)
thresholds = st.builds(
    lambda rhythm, attention, extra, charter: Thresholds(rhythm, attention, attention + extra,
                                                         charter),
    st.integers(7, 180), st.integers(1, 52), st.integers(0, 20), st.integers(1, 90),
)  # fmt: skip
any_facts = st.builds(
    PairFacts,
    status=st.sampled_from(["accepted", "active"]),
    started_on=days_ago,
    charter_accepted_on=st.lists(days_ago, max_size=2).map(tuple),
    meetings=st.lists(days_ago, max_size=15).map(tuple),
    planned_on=st.none() | st.integers(-30, 100).map(ago),
    open_help=st.lists(
        st.builds(HelpAsked, st.text(max_size=10), st.sampled_from(["email", "phone"]), days_ago),
        max_size=2,
    ).map(tuple),
)


@given(any_facts, thresholds)
def test_the_colour_is_the_worst_of_its_reasons_and_green_has_none(pair, rule):
    result = health_of(pair, rule, TODAY)
    if result.reasons:
        assert result.health == max((r.health for r in result.reasons), key=lambda h: h.rank)
    else:
        assert result.health == Health.GREEN
    ranks = [r.health.rank for r in result.reasons]
    assert ranks == sorted(ranks, reverse=True)


@given(any_facts, thresholds)
def test_an_open_help_request_always_makes_a_pair_red(pair, rule):
    result = health_of(pair, rule, TODAY)
    assert (ReasonCode.HELP_REQUESTED in codes(result)) == bool(pair.open_help)
    if pair.open_help:
        assert result.health == Health.RED


@given(any_facts, thresholds)
def test_a_meeting_logged_today_never_makes_a_pair_worse(pair, rule):
    before = health_of(pair, rule, TODAY)
    after = health_of(
        PairFacts(**{**pair.__dict__, "meetings": (*pair.meetings, TODAY)}), rule, TODAY
    )
    assert after.health.rank <= before.health.rank
    assert not {ReasonCode.NO_MEETING_ALERT, ReasonCode.NO_MEETING_ATTENTION} & set(codes(after))
    assert ReasonCode.PLANNED_PASSED not in codes(after)


@given(any_facts, thresholds, st.integers(0, 60))
def test_time_passing_without_anything_happening_never_makes_a_pair_better(pair, rule, later):
    # Facts dated up to today: what happens later is not known yet.
    pair = PairFacts(**{**pair.__dict__, "meetings": tuple(d for d in pair.meetings if d <= TODAY)})
    future = TODAY + timedelta(days=later)
    assert health_of(pair, rule, future).health.rank >= health_of(pair, rule, TODAY).health.rank
