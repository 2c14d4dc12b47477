"""When a programme's personal data is purged: ``retention_months`` after it closed.

A programme is closed at the end of its last phase in its calendar: the end date of its
evaluation phase, else the latest end date of any phase. It is purged only once it has also
reached its last phase (evaluation): a programme behind its calendar keeps its people.
"""

import calendar
from datetime import date

from django.db.models import Max

from ..models import Phase, PhaseDates, Programme


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` months; the 31st becomes the month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def programme_closed_on(programme: Programme) -> date | None:
    dates = PhaseDates.objects.filter(programme=programme, ends_on__isnull=False)
    last = dates.filter(phase=Phase.EVALUATION).values_list("ends_on", flat=True).first()
    return last or dates.aggregate(last=Max("ends_on"))["last"]


def personal_data_purge_on(programme: Programme) -> date | None:
    """The day the programme's personal data is purged, or None while its calendar has no end."""
    closed_on = programme_closed_on(programme)
    return add_months(closed_on, programme.retention_months) if closed_on else None
