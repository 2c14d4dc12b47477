"""The participant's page: their pair, why in words (never a score), accept or decline."""

import re

import pytest
from matching_views_helpers import participant, published_pair, url

from matching.models import Pair, PairStatus
from programmes.models import Application, Role
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def pair(personas) -> Pair:
    mentor = Application.objects.get(user=personas.mentor)
    mentor.job_title = "Directrice des opérations"
    mentor.save()
    mentee = Application.objects.get(user=personas.mentee)
    mentee.job_title = "Chef d'atelier"
    mentee.save()
    return published_pair(personas.programme, mentor, mentee)


@pytest.fixture
def other_pair(personas) -> Pair:
    """Another pair of the same programme, which neither persona may see."""
    mentor = participant(personas.programme, Role.MENTOR, OrganisationFactory(name="Autre Un"))
    mentee = participant(personas.programme, Role.MENTEE, OrganisationFactory(name="Autre Deux"))
    return published_pair(personas.programme, mentor, mentee)


PAGES = ["my_pair", "my_pair_decline"]
POSTS = ["my_pair_accept", "my_pair_decline"]


# --- Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
def test_both_members_see_their_partner_and_why_but_no_score(
    client, personas, pair, other_pair, persona
):
    me = getattr(personas, persona)
    partner = personas.mentee if persona == "mentor" else personas.mentor
    partner_application = Application.objects.get(user=partner)
    response = login(client, me).get(url("my_pair", personas.programme))
    page = response.content.decode()
    assert response.status_code == 200
    assert partner.get_full_name() in page
    assert partner_application.organisation.name in page
    assert partner_application.job_title.replace("'", "&#x27;") in page
    assert "Pourquoi vous avez été mis en binôme" in page
    assert "12 ans" in page  # the experience criterion, in words
    # No score, no points, nothing of another pair (the random CSRF token set aside).
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.split("<main")[1])
    for forbidden in ("80", "score", "Score", "points"):
        assert forbidden not in main, forbidden
    for person in (other_pair.mentor, other_pair.mentee):
        assert person.user.get_full_name() not in page
        assert person.organisation.name not in page
    assert "Accepter ce binôme" in page
    assert "Décliner ce binôme" in page


@pytest.mark.parametrize("persona", ["staff", "coordinator", "referent"])
def test_people_who_do_not_take_part_are_refused(client, personas, pair, persona):
    login(client, getattr(personas, persona))
    for name in PAGES:
        assert client.get(url(name, personas.programme)).status_code == 403
    for name in POSTS:
        assert client.post(url(name, personas.programme)).status_code == 403
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED


def test_outsiders_and_participants_of_another_programme_get_404(client, personas, pair):
    stranger = UserFactory()
    other = ProgrammeFactory()
    ApplicationFactory(programme=other, user=stranger, role=Role.MENTEE)
    MembershipFactory(programme=other, user=stranger, role=Role.MENTEE)
    for user in (personas.outsider, stranger):
        login(client, user)
        for name in PAGES:
            assert client.get(url(name, personas.programme)).status_code == 404
        for name in POSTS:
            assert client.post(url(name, personas.programme)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, personas, pair):
    response = client.get(url("my_pair", personas.programme))
    assert response["Location"].startswith("/comptes/login/?next=")


def test_accepting_refuses_get(client, personas, pair):
    login(client, personas.mentee)
    assert client.get(url("my_pair_accept", personas.programme)).status_code == 405


def test_a_participant_without_a_pair_gets_a_friendly_page(client, personas):
    response = login(client, personas.mentee).get(url("my_pair", personas.programme))
    assert response.status_code == 200
    assert "Vous n’avez pas encore de binôme" in response.content.decode()
    response = client.post(url("my_pair_accept", personas.programme), follow=True)
    assert "Vous n’avez aucun binôme" in response.content.decode()
    assert client.get(url("my_pair_decline", personas.programme)).status_code == 302


# --- Answers -------------------------------------------------------------------------------


def test_once_both_accept_the_pair_is_confirmed(client, personas, pair):
    login(client, personas.mentor)
    response = client.post(url("my_pair_accept", personas.programme), follow=True)
    pair.refresh_from_db()
    assert pair.mentor_response == "accepted"
    assert pair.status == PairStatus.PROPOSED
    page = response.content.decode()
    assert "Nous attendons la réponse de votre binôme" in page
    assert "Accepter ce binôme" not in page

    login(client, personas.mentee)
    response = client.post(url("my_pair_accept", personas.programme), follow=True)
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED
    assert "Votre binôme est confirmé" in response.content.decode()
    login(client, personas.mentor)
    page = client.get(url("my_pair", personas.programme)).content.decode()
    assert "Votre binôme est confirmé" in page


def test_declining_asks_for_confirmation_first(client, personas, pair):
    login(client, personas.mentee)
    response = client.get(url("my_pair_decline", personas.programme))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voulez-vous vraiment décliner le binôme avec" in page
    assert personas.mentor.get_full_name() in page
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED

    response = client.post(url("my_pair_decline", personas.programme), follow=True)
    pair.refresh_from_db()
    assert pair.status == PairStatus.DECLINED
    assert pair.mentee_response == "declined"
    page = response.content.decode()
    assert "Vous avez décliné ce binôme" in page
    assert "Accepter ce binôme" not in page


def test_answering_twice_is_refused_in_french(client, personas, pair):
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.DECLINED)
    login(client, personas.mentor)
    response = client.post(url("my_pair_accept", personas.programme), follow=True)
    assert "attend plus de réponse" in response.content.decode()
    pair.refresh_from_db()
    assert pair.mentor_response == ""
