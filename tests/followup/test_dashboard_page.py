"""The follow-up dashboard: pairs by status, the pairs going on with their meetings against the
programme's rhythm, their health and why — those needing attention first — and the rule written
on the page with the programme's thresholds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import PairStatus
from tests.factories import (
    UserFactory,
    accepted_participant,
    charter_accepted,
    dated_pair,
    help_requested,
    meeting_held,
    meeting_planned,
)

pytestmark = pytest.mark.django_db


def url(programme) -> str:
    return reverse("followup:dashboard", kwargs={"slug": programme.slug})


def rows(response) -> list:
    return list(response.context["page"].object_list)


def test_the_coordinator_sees_the_pairs_by_status(client, personas):
    programme = personas.programme
    for status in ("proposed", "accepted", "active", "active", "completed", "declined"):
        dated_pair(programme, status)
    client.force_login(personas.coordinator)
    response = client.get(url(programme))
    counts = {c.status: c.count for c in response.context["board"].counts}
    assert counts == {
        "proposed": 1, "accepted": 1, "active": 2, "completed": 1, "ended": 0, "declined": 1,
    }  # fmt: skip
    assert response.context["board"].total == 6
    # Only the pairs that go on are in the table, with a health.
    assert {row.status for row in rows(response)} == {"accepted", "active"}


def test_the_pairs_needing_attention_come_first_with_their_reasons_in_french(client, personas):
    programme = personas.programme
    fine = dated_pair(programme, "active", accepted_days_ago=40)
    meeting_held(fine, days_ago=5)
    quiet = dated_pair(programme, "active", accepted_days_ago=100)
    meeting_held(quiet, days_ago=49)
    asking = dated_pair(
        programme,
        "active",
        accepted_days_ago=30,
        mentee=accepted_participant(
            programme, user=UserFactory(first_name="Marie", last_name="Durand")
        ),
    )
    meeting_held(asking, days_ago=3)
    help_requested(asking, "mentee", channel="phone", days_ago=1)
    client.force_login(personas.coordinator)
    response = client.get(url(programme))
    order = [row.pk for row in rows(response)]
    assert order == [asking.pk, quiet.pk, fine.pk]
    red, amber, green = rows(response)
    assert (red.colour, amber.colour, green.colour) == ("red", "amber", "green")
    assert red.reasons[0].startswith("Demande de contact de Marie Durand (par téléphone) le ")
    assert amber.reasons == ["Aucune rencontre depuis 7 semaines"]
    assert green.reasons == []
    page = response.content.decode()
    assert "Demande de contact de Marie Durand (par téléphone)" in page
    assert "2 binômes demandent de l’attention." in page


def test_a_charter_late_and_a_planned_meeting_passed_make_a_pair_amber(client, personas):
    programme = personas.programme
    late = dated_pair(programme, "accepted", accepted_days_ago=20)
    charter_accepted(late, "mentor", days_ago=19)
    meeting_held(late, days_ago=4)
    missed = dated_pair(programme, "active", accepted_days_ago=60)
    meeting_held(missed, days_ago=20)
    meeting_planned(missed, days_ago=5)
    client.force_login(personas.coordinator)
    reasons = {row.pk: row.reasons for row in rows(client.get(url(programme)))}
    assert reasons[late.pk] == ["Charte acceptée par un seul membre après 20 jours"]
    assert len(reasons[missed.pk]) == 1
    assert reasons[missed.pk][0].startswith("Rencontre prévue le ")


def test_a_handled_help_request_is_no_reason_any_more(client, personas):
    pair = dated_pair(personas.programme, "active", accepted_days_ago=30)
    meeting_held(pair, days_ago=3)
    help_requested(pair, days_ago=2, handled=True)
    client.force_login(personas.coordinator)
    (row,) = rows(client.get(url(personas.programme)))
    assert row.colour == "green"


def test_the_meetings_are_counted_against_the_programme_s_rhythm(client, personas):
    programme = personas.programme
    programme.meeting_rhythm_days = 14
    programme.save()
    pair = dated_pair(programme, "active", accepted_days_ago=90)
    for days in (80, 60, 40, 20):
        meeting_held(pair, days_ago=days)
    client.force_login(personas.coordinator)
    (row,) = rows(client.get(url(programme)))
    assert (row.meetings, row.expected_meetings) == (4, 6)  # 3 months × 30 / 14


def test_the_rule_is_written_on_the_page_with_the_programme_s_thresholds(client, personas):
    programme = personas.programme
    programme.meeting_rhythm_days = 21
    programme.attention_after_weeks = 4
    programme.alert_after_weeks = 8
    programme.charter_within_days = 10
    programme.save()
    client.force_login(personas.coordinator)
    page = client.get(url(programme)).content.decode()
    assert "tous les 21 jours" in page
    assert "aucune rencontre depuis 8 semaines" in page
    assert "aucune rencontre depuis 4 semaines" in page
    assert "pas acceptée par les deux membres 10 jours après l’acceptation du binôme" in page


def test_staff_see_the_dashboard_too(client, personas):
    client.force_login(personas.staff)
    assert client.get(url(personas.programme)).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)],
)
def test_the_others_may_not_open_the_dashboard(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(url(personas.programme)).status_code == status


def _programme_of(personas, n: int) -> None:
    programme = personas.programme
    for i in range(n):
        pair = dated_pair(programme, PairStatus.ACTIVE if i % 3 else PairStatus.ACCEPTED)
        meeting_held(pair, days_ago=10 + i % 60)
        if i % 4 == 0:
            help_requested(pair, days_ago=1)
        if i % 5 == 0:
            meeting_planned(pair, days_ago=2)


def _queries(client, personas) -> int:
    client.force_login(personas.coordinator)
    client.get(url(personas.programme))  # the session and the roles read once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(personas.programme)).status_code == 200
    return len(queries)


def test_the_dashboard_s_queries_do_not_grow_with_the_pairs(client, personas):
    _programme_of(personas, 5)
    few = _queries(client, personas)
    _programme_of(personas, 45)
    # The session, the user, the programme and the roles, then pair_rows' eight queries.
    assert _queries(client, personas) == few


def test_a_help_request_of_an_erased_account_names_the_member_by_role(client, personas):
    from followup.models import HelpRequest

    pair = dated_pair(personas.programme, "active", accepted_days_ago=30)
    meeting_held(pair, days_ago=3)
    help_requested(pair, "mentee", channel="email")
    HelpRequest.objects.update(requested_by=None)
    client.force_login(personas.coordinator)
    (row,) = rows(client.get(url(personas.programme)))
    assert row.reasons[0].startswith("Demande de contact de mentoré (par e-mail) le ")
