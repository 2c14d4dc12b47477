"""Company referents see which of their organisation's people are in a pair that meets or met —
never the pair's health, its help requests or its meetings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    UserFactory,
    accepted_participant,
    dated_pair,
    help_requested,
    meeting_held,
    meeting_planned,
)

pytestmark = pytest.mark.django_db

# Words of the follow-up that must never reach a referent: health, help, meetings.
FOLLOW_UP_WORDS = (
    "Santé", "santé", "Rouge", "Orange", "Vert", "Demande de contact", "demande de contact",
    "Aucune rencontre", "Rencontres", "rencontres attendues", "Dernière rencontre", "Charte",
    "par téléphone",
)  # fmt: skip


def url(programme) -> str:
    return reverse("followup:people_in_pairs", kwargs={"slug": programme.slug})


def _world(personas):
    programme = personas.programme
    ours = accepted_participant(
        programme, organisation=personas.organisation, user=UserFactory(last_name="Dedans")
    )
    meeting = dated_pair(programme, "active", mentee=ours)
    help_requested(meeting, "mentee", channel="phone")
    meeting_held(meeting, days_ago=80)
    meeting_planned(meeting, days_ago=3)
    done_mentor = accepted_participant(
        programme, "mentor", personas.organisation, user=UserFactory(last_name="Fini")
    )
    dated_pair(programme, "completed", mentor=done_mentor)
    waiting = accepted_participant(
        programme, organisation=personas.organisation, user=UserFactory(last_name="Attente")
    )
    dated_pair(programme, "accepted", mentee=waiting)
    elsewhere = accepted_participant(
        programme, organisation=personas.other_organisation, user=UserFactory(last_name="Ailleurs")
    )
    dated_pair(programme, "active", mentee=elsewhere)


def test_a_referent_sees_their_people_in_a_meeting_or_completed_pair_only(client, personas):
    _world(personas)
    client.force_login(personas.referent)
    response = client.get(url(personas.programme))
    people = list(response.context["page"].object_list)
    assert [(p.name.split()[-1], p.role, p.status) for p in people] == [
        ("Dedans", "mentee", "active"),
        ("Fini", "mentor", "completed"),
    ]
    assert {p.organisation for p in people} == {"Fromagerie Test"}
    page = response.content.decode()
    assert "Attente" not in page  # accepted, not meeting yet
    assert "Ailleurs" not in page  # another organisation


def test_a_referent_never_sees_health_help_requests_or_meetings(client, personas):
    _world(personas)
    client.force_login(personas.referent)
    page = client.get(url(personas.programme)).content.decode()
    assert [word for word in FOLLOW_UP_WORDS if word in page] == []
    # Nor do they get the coordination's pages.
    assert (
        client.get(reverse("followup:dashboard", args=[personas.programme.slug])).status_code == 403
    )
    assert client.get(reverse("followup:pairs", args=[personas.programme.slug])).status_code == 403


def test_the_programme_page_links_a_referent_to_their_people_in_a_pair(client, personas):
    client.force_login(personas.referent)
    page = client.get(personas.programme.get_absolute_url()).content.decode()
    assert url(personas.programme) in page
    assert reverse("followup:dashboard", args=[personas.programme.slug]) not in page


def test_the_programme_page_links_the_coordinator_to_the_follow_up(client, personas):
    client.force_login(personas.coordinator)
    page = client.get(personas.programme.get_absolute_url()).content.decode()
    assert reverse("followup:dashboard", args=[personas.programme.slug]) in page
    assert reverse("followup:pairs", args=[personas.programme.slug]) in page


def test_a_coordinator_sees_every_organisation_s_people_in_a_pair(client, personas):
    _world(personas)
    client.force_login(personas.coordinator)
    people = client.get(url(personas.programme)).context["page"].object_list
    assert {p.name.split()[-1] for p in people} >= {"Dedans", "Fini", "Ailleurs"}


@pytest.mark.parametrize(("persona", "status"), [("mentee", 403), ("outsider", 404)])
def test_participants_and_outsiders_may_not_open_it(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(url(personas.programme)).status_code == status


def test_its_queries_do_not_grow_with_the_pairs(client, personas):
    client.force_login(personas.referent)
    _world(personas)
    client.get(url(personas.programme))
    with CaptureQueriesContext(connection) as few:
        client.get(url(personas.programme))
    for _ in range(10):
        _world(personas)
    with CaptureQueriesContext(connection) as many:
        client.get(url(personas.programme))
    assert len(many) == len(few)
