"""The next planned meeting as an .ics file: it parses with icalendar, starts at the planned
time in Europe/Paris, lasts the planned duration, and says nothing but the programme's name."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from followup.models import MeetingMode
from followup.services.pair_life import planned_meeting_set
from programmes.models import Application
from tests.factories import accepted_pair

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def pair(personas):
    return accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


def ics_url(pair) -> str:
    return reverse(
        "followup:pair_planned_ics", kwargs={"slug": "programme-test", "pair_id": pair.pk}
    )


@pytest.mark.parametrize("month_ahead", [1, 7])  # one date in winter time, one in summer time
def test_the_ics_file_has_the_planned_time_in_paris_and_no_content(
    client, personas, pair, month_ahead
):
    day = timezone.localdate() + timedelta(days=30 * month_ahead)
    starts = datetime(day.year, day.month, day.day, 9, 30, tzinfo=PARIS)
    planned_meeting_set(
        pair=pair, by=personas.mentor, starts_at=starts, mode=MeetingMode.VIDEO, duration_minutes=90
    )
    client.force_login(personas.mentee)

    response = client.get(ics_url(pair))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == starts
    assert start.utcoffset() == starts.utcoffset()
    assert event.decoded("dtend") - start == timedelta(minutes=90)
    assert str(event["summary"]) == "Rencontre de binôme – Programme de test"
    assert "DESCRIPTION" not in event and "LOCATION" not in event
    # The time zone is described in the file (VTIMEZONE), or the time is in UTC.
    zones = [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Paris"] or start.utcoffset() == timedelta(0)


def test_without_a_planned_meeting_the_member_is_sent_back_to_the_page(client, personas, pair):
    client.force_login(personas.mentee)
    response = client.get(ics_url(pair))
    assert response["Location"] == reverse(
        "followup:pair", kwargs={"slug": "programme-test", "pair_id": pair.pk}
    )


def test_the_coordination_does_not_download_it(client, personas, pair):
    client.force_login(personas.coordinator)
    assert client.get(ics_url(pair)).status_code == 403


def test_the_ics_uid_names_the_platform_s_host_not_the_request_s(client, personas, pair, settings):
    settings.SITE_URL = "https://mentorat.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "autre.example"]
    day = timezone.localdate() + timedelta(days=10)
    planned_meeting_set(
        pair=pair,
        by=personas.mentor,
        starts_at=datetime(day.year, day.month, day.day, 18, 0, tzinfo=PARIS),
        mode=MeetingMode.PHONE,
        duration_minutes=60,
    )
    client.force_login(personas.mentee)

    response = client.get(ics_url(pair), HTTP_HOST="autre.example")

    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["uid"]).endswith("@mentorat.example.org")
