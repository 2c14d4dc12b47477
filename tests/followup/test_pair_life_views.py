"""The pair pages, role by role: each member lives their pair on their page (contact, charter,
meetings, next meeting, asking the coordination, their phone, what the coordination sees); the
coordination steers it on its own page (history, dates, help requests, end or completion);
nobody else opens either."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import (
    CharterAcceptance,
    HelpChannel,
    HelpRequest,
    Meeting,
    MeetingMode,
    PlannedMeeting,
)
from followup.services.pair_life import charter_accept, help_request_create, meeting_log
from matching.models import EndReason, PairStatus
from programmes.models import Application
from tests.factories import PairFactory, accepted_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    personas.programme.charter = "Nous nous rencontrons une fois par mois.\nLa confidentialité."
    personas.programme.save()
    return accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


def url(name, pair, **kwargs):
    return reverse(
        f"followup:{name}", kwargs={"slug": "programme-test", "pair_id": pair.pk, **kwargs}
    )


def page(client, pair) -> str:
    response = client.get(url("pair", pair))
    assert response.status_code == 200
    return response.content.decode()


# --- the member's page -------------------------------------------------------------------------


def test_a_member_sees_the_partner_the_charter_and_what_the_coordination_sees(
    client, personas, pair
):
    client.force_login(personas.mentee)
    html = page(client, pair)

    mentor = personas.mentor
    assert f"Mon binôme avec {mentor.display_name}" in html
    assert "Transports Test" in html
    assert f'href="mailto:{mentor.email}"' in html
    assert "Non communiqué" in html  # the partner did not share a phone
    assert "Nous nous rencontrons une fois par mois." in html
    assert "J’accepte la charte" in html
    assert "Ce que la coordination voit de votre binôme, et ce qu’elle ne voit jamais" in html
    assert "Votre binôme n’en est pas informé" in html or "n’est pas informé" in html


def test_the_partner_phone_shows_only_when_shared(client, personas, pair):
    personas.mentor.phone = "03 81 00 00 00"
    personas.mentor.save()
    client.force_login(personas.mentee)
    assert "03 81 00 00 00" not in page(client, pair)
    personas.mentor.share_phone = True
    personas.mentor.save()
    assert "03 81 00 00 00" in page(client, pair)


def test_a_member_accepts_the_charter_and_sees_who_accepted_when(client, personas, pair):
    client.force_login(personas.mentee)
    response = client.post(url("pair_charter_accept", pair))
    assert response["Location"] == url("pair", pair)
    html = page(client, pair)
    assert "Vous l’avez acceptée le" in html
    assert f"{personas.mentor.display_name} ne l’a pas encore acceptée." in html
    assert "J’accepte la charte" not in html

    client.force_login(personas.mentor)
    client.post(url("pair_charter_accept", pair))
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE


def test_a_member_logs_a_meeting_and_sees_it_listed(client, personas, pair):
    client.force_login(personas.mentor)
    day = timezone.localdate() - timedelta(days=2)
    response = client.post(
        url("pair_meeting_log", pair),
        {
            "meeting-held_on": day.isoformat(),
            "meeting-duration_minutes": "75",
            "meeting-mode": "video",
        },
    )
    assert response["Location"] == url("pair", pair)
    meeting = Meeting.objects.get(pair=pair)
    assert (meeting.held_on, meeting.duration_minutes, meeting.mode) == (day, 75, "video")
    html = page(client, pair)
    assert "75 minutes" in html
    assert "1 rencontre enregistrée." in html


def test_a_meeting_in_the_future_is_refused_on_the_page_with_its_reason(client, personas, pair):
    client.force_login(personas.mentor)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url("pair_meeting_log", pair),
        {
            "meeting-held_on": tomorrow.isoformat(),
            "meeting-duration_minutes": "60",
            "meeting-mode": "phone",
        },
    )
    assert response.status_code == 200
    assert "choisissez une date passée" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_member_plans_the_next_meeting_and_removes_it(client, personas, pair):
    client.force_login(personas.mentee)
    day = timezone.localdate() + timedelta(days=5)
    response = client.post(
        url("pair_planned_set", pair),
        {
            "planned-starts_at": f"{day.isoformat()}T18:15",
            "planned-duration_minutes": "45",
            "planned-mode": "in_person",
        },
    )
    assert response["Location"] == url("pair", pair)
    planned = PlannedMeeting.objects.get(pair=pair)
    assert timezone.localtime(planned.starts_at).strftime("%H:%M") == "18:15"
    html = page(client, pair)
    assert "Ajouter à mon agenda (.ics)" in html
    client.post(url("pair_planned_clear", pair))
    assert not PlannedMeeting.objects.exists()


def test_a_member_asks_the_coordination_to_call_and_the_page_says_so(client, personas, pair):
    client.force_login(personas.mentee)
    response = client.post(url("pair_help", pair), {"help-channel": "phone"})
    assert response["Location"] == url("pair", pair)
    request = HelpRequest.objects.get(pair=pair)
    assert (request.requested_by, request.channel) == (personas.mentee, HelpChannel.PHONE)
    assert "Votre demande du" in page(client, pair)
    # The partner's page says nothing of it.
    client.force_login(personas.mentor)
    assert "Votre demande du" not in page(client, pair)


def test_a_member_saves_their_phone_and_chooses_to_share_it(client, personas, pair):
    client.force_login(personas.mentee)
    client.post(
        url("pair_phone", pair), {"phone-phone": "06 11 22 33 44", "phone-share_phone": "on"}
    )
    personas.mentee.refresh_from_db()
    assert (personas.mentee.phone, personas.mentee.share_phone) == ("06 11 22 33 44", True)
    client.post(url("pair_phone", pair), {"phone-phone": "06 11 22 33 44"})
    personas.mentee.refresh_from_db()
    assert personas.mentee.share_phone is False


def test_a_pair_waiting_for_answers_sends_its_members_to_their_matching_page(client, personas):
    proposed = PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )
    client.force_login(personas.mentee)
    response = client.get(url("pair", proposed))
    assert response["Location"] == reverse("matching:my_pair", kwargs={"slug": "programme-test"})


def test_an_ended_pair_shows_its_page_without_forms(client, personas, pair):
    pair.status = PairStatus.ENDED
    pair.save()
    client.force_login(personas.mentee)
    html = page(client, pair)
    assert "Ce binôme a pris fin." in html
    assert "J’accepte la charte" not in html
    assert 'name="meeting-held_on"' not in html


def test_the_my_pair_page_links_to_the_pair_page_once_both_accepted(client, personas, pair):
    client.force_login(personas.mentee)
    html = client.get(reverse("matching:my_pair", kwargs={"slug": "programme-test"})).content
    assert url("pair", pair) in html.decode()


@pytest.mark.parametrize("persona", ["coordinator", "staff", "referent"])
def test_those_who_do_not_take_part_cannot_open_the_member_page(client, personas, pair, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(url("pair", pair)).status_code == 403
    assert client.post(url("pair_meeting_log", pair)).status_code == 403


def test_a_member_of_another_pair_gets_404(client, personas, pair):
    other = accepted_pair(personas.programme)
    client.force_login(other.mentee.user)
    assert client.get(url("pair", pair)).status_code == 404
    assert client.post(url("pair_charter_accept", pair)).status_code == 404
    assert not CharterAcceptance.objects.exists()


def test_an_outsider_gets_404(client, personas, pair):
    client.force_login(personas.outsider)
    assert client.get(url("pair", pair)).status_code == 404


# --- the coordination's page of the pair -------------------------------------------------------


def test_the_coordination_sees_history_dates_and_help_requests_never_content(
    client, personas, pair, django_capture_on_commit_callbacks
):
    charter_accept(pair=pair, by=personas.mentee)
    meeting_log(
        pair=pair,
        by=personas.mentee,
        held_on=timezone.localdate(),
        duration_minutes=50,
        mode=MeetingMode.PHONE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        help_request_create(pair=pair, by=personas.mentor, channel=HelpChannel.VIDEO)
    client.force_login(personas.coordinator)

    html = client.get(url("steer_pair", pair)).content.decode()

    assert "Accepté par les deux" in html  # the dated step
    assert "1 rencontre enregistrée." in html
    assert "50 minutes" in html
    assert "acceptée le" in html and "pas encore acceptée" in html
    assert f"{personas.mentor.display_name} (Mentor) a demandé le" in html
    assert "En visio" in html
    assert "Traitée" in html


def test_the_coordination_marks_a_request_handled(client, personas, pair):
    request = HelpRequest.objects.create(
        pair=pair, requested_by=personas.mentee, role="mentee", channel=HelpChannel.EMAIL
    )
    client.force_login(personas.coordinator)
    response = client.post(url("steer_help_handled", pair, request_id=request.pk))
    assert response["Location"] == url("steer_pair", pair)
    request.refresh_from_db()
    assert request.handled_by == personas.coordinator


def test_the_coordination_ends_a_pair_with_a_reason(client, personas, pair):
    client.force_login(personas.coordinator)
    response = client.post(url("steer_pair_end", pair), {"end-reason": EndReason.GOALS_REACHED})
    assert response["Location"] == url("steer_pair", pair)
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (PairStatus.ENDED, EndReason.GOALS_REACHED)
    html = client.get(url("steer_pair", pair)).content.decode()
    assert "Objectifs atteints avant la fin" in html


def test_ending_without_a_reason_shows_the_form_again(client, personas, pair):
    client.force_login(personas.coordinator)
    response = client.post(url("steer_pair_end", pair), {})
    assert response.status_code == 200
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED


def test_the_coordination_marks_a_pair_completed(client, personas, pair):
    client.force_login(personas.staff)
    client.post(url("steer_pair_complete", pair))
    pair.refresh_from_db()
    assert pair.status == PairStatus.COMPLETED


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_referents_and_members_cannot_open_the_coordination_page(client, personas, pair, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(url("steer_pair", pair)).status_code == 403
    assert client.post(url("steer_pair_complete", pair)).status_code == 403
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED


def test_the_coordination_page_of_another_programme_pair_is_404(client, personas):
    other = accepted_pair(PairFactory().programme)
    client.force_login(personas.coordinator)
    assert client.get(url("steer_pair", other)).status_code == 404


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _log_meetings(pair, by, n: int) -> None:
    Meeting.objects.bulk_create(
        Meeting(
            pair=pair,
            held_on=timezone.localdate() - timedelta(days=i),
            duration_minutes=60,
            mode=MeetingMode.VIDEO,
            logged_by=by,
        )
        for i in range(n)
    )


def test_the_pages_of_a_pair_read_as_many_queries_whatever_the_number_of_meetings(
    client, personas, pair
):
    _log_meetings(pair, personas.mentee, 1)
    HelpRequest.objects.create(
        pair=pair, requested_by=personas.mentee, role="mentee", channel="email"
    )
    client.force_login(personas.mentee)
    member_few = _queries(client, url("pair", pair))
    client.force_login(personas.coordinator)
    steer_few = _queries(client, url("steer_pair", pair))

    _log_meetings(pair, personas.mentor, 20)
    HelpRequest.objects.create(
        pair=pair, requested_by=personas.mentor, role="mentor", channel="phone"
    )
    client.force_login(personas.mentee)
    assert _queries(client, url("pair", pair)) == member_few
    client.force_login(personas.coordinator)
    assert _queries(client, url("steer_pair", pair)) == steer_few
