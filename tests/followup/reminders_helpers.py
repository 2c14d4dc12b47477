"""Pairs at a given step of their life, on a given day (Europe/Paris), for the reminder tests and
the bench."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from matching.models import Pair, PairStatus, PairTransition, Response
from tests.factories import PairFactory

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
