"""Pairs at a given step of their life, on a given day (Europe/Paris), for the reminder tests and
the bench."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from followup.models import Meeting, PlannedMeeting
from matching.models import Pair, PairStatus, PairTransition, Response
from tests.factories import PairFactory, ProgrammeFactory

PARIS = ZoneInfo("Europe/Paris")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def pair_since(status: str, since: datetime | date, **fields) -> Pair:
    """A pair that reached ``status`` at ``since`` (its dated transition); an accepted or later
    pair has both answers."""
    if status != PairStatus.PROPOSED:
        fields.setdefault("mentor_response", Response.ACCEPTED)
        fields.setdefault("mentee_response", Response.ACCEPTED)
    pair = PairFactory(status=status, **fields)
    if isinstance(since, date) and not isinstance(since, datetime):
        since = at(since)
    PairTransition.objects.create(pair=pair, to_status=status, at=since)
    return pair


def a_day_of_every_kind(today: date, copies: int = 1) -> None:
    """``copies`` times: a pair of each kind due on ``today``, two reminders each (8 in all)."""
    programme = ProgrammeFactory(charter_within_days=7, attention_after_weeks=2)
    for _ in range(copies):
        pair_since(PairStatus.PROPOSED, today - timedelta(days=3), programme=programme)
        pair_since(PairStatus.ACCEPTED, today - timedelta(days=7), programme=programme)
        active = pair_since(PairStatus.ACTIVE, today - timedelta(days=30), programme=programme)
        Meeting.objects.create(
            pair=active, held_on=today - timedelta(days=15), duration_minutes=45, mode="video"
        )
        planned = pair_since(PairStatus.ACTIVE, today - timedelta(days=3), programme=programme)
        PlannedMeeting.objects.create(
            pair=planned, starts_at=at(today + timedelta(days=1), 18), mode="phone"
        )
