"""The next planned meeting as an iCalendar file: when, how long, and the programme's name —
nothing else, since the platform knows nothing else of a meeting."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import PlannedMeeting


def planned_meeting_ics(planned: PlannedMeeting, *, programme_name: str) -> bytes:
    """The .ics of ``planned``, in Europe/Paris with its VTIMEZONE; its UID names the platform's
    own host (SITE_URL), never the request's."""
    starts = planned.starts_at.astimezone(ZoneInfo(settings.TIME_ZONE))
    calendar = Calendar()
    calendar.add("prodid", "-//Mentorat//Rencontre de binôme//FR")
    calendar.add("version", "2.0")
    event = Event()
    host = urlsplit(settings.SITE_URL).hostname or "mentorat"
    event.add("uid", f"mentorat-pair-{planned.pair_id}-planned-{planned.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=planned.duration_minutes))
    event.add("summary", _("Pair meeting – %(programme)s") % {"programme": programme_name})
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
