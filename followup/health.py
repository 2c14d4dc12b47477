"""A pair's health — green, amber or red — and why, computed from the follow-up's facts only.

Pure Python over dataclasses (no Django, no app: the import-linter contract holds it), so that
the rule is tested without a database and the pages compute it for a thousand pairs at once.

The rule (written on the dashboard page with the programme's thresholds):

- red: a help request not yet handled, or no meeting for ``alert_after_weeks`` weeks (counted
  from the pair's acceptance by both when it has had no meeting yet);
- amber: no meeting for ``attention_after_weeks`` weeks, or the charter not accepted by both
  members ``charter_within_days`` days after the pair was accepted, or a planned meeting whose
  date has passed with no meeting logged on or after it;
- green otherwise.

Only a pair that goes on (accepted by both, or meeting) has a health: ``health_of`` gives None
for the others. Reasons are codes with their figures; the pages turn them into French sentences
(``followup.selectors.dashboard.reason_text``). Nothing here reads what a pair says: there is
nothing of it to read.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

# The pair statuses (matching.models.PairStatus values) that have a health.
RUNNING_STATUSES = ("accepted", "active")


class Health(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def rank(self) -> int:
        """Worse is higher: red 2, amber 1, green 0."""
        return _RANK[self]


_RANK = {Health.GREEN: 0, Health.AMBER: 1, Health.RED: 2}


class ReasonCode(StrEnum):
    HELP_REQUESTED = "help_requested"  # red: params name, channel, asked_on
    NO_MEETING_ALERT = "no_meeting_alert"  # red: params weeks, ever (a meeting ever held)
    NO_MEETING_ATTENTION = "no_meeting_attention"  # amber: params weeks, ever
    CHARTER_LATE = "charter_late"  # amber: params days, missing (acceptances missing)
    PLANNED_PASSED = "planned_passed"  # amber: params planned_on


@dataclass(frozen=True)
class Thresholds:
    """The programme's settings the rule reads (bounds are the model's)."""

    meeting_rhythm_days: int = 30
    attention_after_weeks: int = 6
    alert_after_weeks: int = 10
    charter_within_days: int = 14


@dataclass(frozen=True)
class HelpAsked:
    """An open help request: who asked (as the pages name them), their channel's code, when."""

    name: str
    channel: str
    asked_on: date


@dataclass(frozen=True)
class PairFacts:
    """What the rule reads about one pair. ``started_on`` is the day both members accepted it
    (the first step to accepted); ``charter_accepted_on`` the dates of the members'
    acceptances (at most two); ``meetings`` the dates of the meetings logged."""

    status: str
    started_on: date
    charter_accepted_on: tuple[date, ...] = ()
    meetings: tuple[date, ...] = ()
    planned_on: date | None = None
    open_help: tuple[HelpAsked, ...] = ()


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    health: Health
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PairHealth:
    health: Health
    reasons: tuple[Reason, ...]
    last_meeting_on: date | None
    weeks_without_meeting: int


def last_meeting(meetings, today: date) -> date | None:
    """The latest meeting held by ``today`` (a date in the future is not a meeting yet)."""
    held = [day for day in meetings if day <= today]
    return max(held) if held else None


def weeks_between(start: date, end: date) -> int:
    """Whole weeks from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    return max((end - start).days, 0) // 7


def expected_meetings(started_on: date, today: date, rhythm_days: int) -> int:
    """Meetings expected by ``today`` at the programme's rhythm: months elapsed × 30 / rhythm,
    whole meetings only (a pair accepted today is expected to have met 0 times)."""
    months = max((today - started_on).days, 0) / 30
    return int(months * 30 / rhythm_days + 1e-9)


def health_of(facts: PairFacts, thresholds: Thresholds, today: date) -> PairHealth | None:
    """The health of a pair that goes on, with its reasons worst first; None for the others."""
    if facts.status not in RUNNING_STATUSES:
        return None
    reasons: list[Reason] = []
    for asked in sorted(facts.open_help, key=lambda h: h.asked_on):
        reasons.append(
            Reason(
                ReasonCode.HELP_REQUESTED,
                Health.RED,
                {"name": asked.name, "channel": asked.channel, "asked_on": asked.asked_on},
            )
        )
    last = last_meeting(facts.meetings, today)
    weeks = weeks_between(last or facts.started_on, today)
    params = {"weeks": weeks, "ever": last is not None}
    if weeks >= thresholds.alert_after_weeks:
        reasons.append(Reason(ReasonCode.NO_MEETING_ALERT, Health.RED, params))
    elif weeks >= thresholds.attention_after_weeks:
        reasons.append(Reason(ReasonCode.NO_MEETING_ATTENTION, Health.AMBER, params))
    days = (today - facts.started_on).days
    if len(facts.charter_accepted_on) < 2 and days > thresholds.charter_within_days:
        reasons.append(
            Reason(
                ReasonCode.CHARTER_LATE,
                Health.AMBER,
                {"days": days, "missing": 2 - len(facts.charter_accepted_on)},
            )
        )
    planned = facts.planned_on
    if planned is not None and planned < today:
        if not any(planned <= day <= today for day in facts.meetings):
            reasons.append(Reason(ReasonCode.PLANNED_PASSED, Health.AMBER, {"planned_on": planned}))
    reasons.sort(key=lambda r: -r.health.rank)  # stable: the order above within a colour
    health = reasons[0].health if reasons else Health.GREEN
    return PairHealth(
        health=health, reasons=tuple(reasons), last_meeting_on=last, weeks_without_meeting=weeks
    )
