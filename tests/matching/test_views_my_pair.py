"""The participant's page: their pair, why in words (never a score), accept or decline."""

import re

import pytest
from matching_views_helpers import participant, published_pair, url

from matching.models import DeclineReason, Pair, PairStatus
from programmes.models import Application, Role
from tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
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


def pages(programme, pair) -> list[str]:
    return [url("my_pair", programme), url("my_pair_decline", programme, pair_id=pair.pk)]


def posts(programme, pair) -> list[str]:
    return [
        url("my_pair_accept", programme, pair_id=pair.pk),
        url("my_pair_decline", programme, pair_id=pair.pk),
    ]


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
    main = re.sub(r'(href|action|id|aria-labelledby)="[^"]*"', "", main)  # pair ids in links
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
    for page in pages(personas.programme, pair):
        assert client.get(page).status_code == 403
    for action in posts(personas.programme, pair):
        assert client.post(action).status_code == 403
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED


def test_outsiders_and_participants_of_another_programme_get_404(client, personas, pair):
    stranger = UserFactory()
    other = ProgrammeFactory()
    accepted_participant(other, Role.MENTEE, user=stranger)
    for user in (personas.outsider, stranger):
        login(client, user)
        for page in pages(personas.programme, pair):
            assert client.get(page).status_code == 404
        for action in posts(personas.programme, pair):
            assert client.post(action).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, personas, pair):
    response = client.get(url("my_pair", personas.programme))
    assert response["Location"].startswith("/comptes/login/?next=")


def test_accepting_refuses_get(client, personas, pair):
    login(client, personas.mentee)
    assert client.get(url("my_pair_accept", personas.programme, pair_id=pair.pk)).status_code == 405


def test_a_participant_without_a_pair_gets_a_friendly_page(client, personas):
    response = login(client, personas.mentee).get(url("my_pair", personas.programme))
    assert response.status_code == 200
    assert "Vous n’avez pas encore de binôme" in response.content.decode()
    assert client.post(url("my_pair_accept", personas.programme, pair_id=1)).status_code == 404
    assert client.get(url("my_pair_decline", personas.programme, pair_id=1)).status_code == 404


# --- Answers -------------------------------------------------------------------------------


def test_once_both_accept_the_pair_is_confirmed(client, personas, pair):
    login(client, personas.mentor)
    response = client.post(url("my_pair_accept", personas.programme, pair_id=pair.pk), follow=True)
    pair.refresh_from_db()
    assert pair.mentor_response == "accepted"
    assert pair.status == PairStatus.PROPOSED
    page = response.content.decode()
    assert "Nous attendons la réponse de votre binôme" in page
    assert "Accepter ce binôme" not in page

    login(client, personas.mentee)
    response = client.post(url("my_pair_accept", personas.programme, pair_id=pair.pk), follow=True)
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED
    assert "Votre binôme est confirmé" in response.content.decode()
    login(client, personas.mentor)
    page = client.get(url("my_pair", personas.programme)).content.decode()
    assert "Votre binôme est confirmé" in page


def test_declining_asks_for_confirmation_first(client, personas, pair):
    login(client, personas.mentee)
    response = client.get(url("my_pair_decline", personas.programme, pair_id=pair.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voulez-vous vraiment décliner le binôme avec" in page
    assert personas.mentor.get_full_name() in page
    # The reasons of the short list, as radio buttons, and no free text.
    for reason in DeclineReason:
        assert f'value="{reason.value}"' in page
    assert "Trop éloigné pour se rencontrer" in page
    assert "<textarea" not in page and 'type="text"' not in page
    pair.refresh_from_db()
    assert pair.status == PairStatus.PROPOSED

    response = client.post(
        url("my_pair_decline", personas.programme, pair_id=pair.pk),
        {"reason": DeclineReason.DISTANCE},
        follow=True,
    )
    pair.refresh_from_db()
    assert pair.status == PairStatus.DECLINED
    assert pair.mentee_response == "declined"
    assert pair.decline_reason == DeclineReason.DISTANCE
    assert pair.transitions.last().reason == DeclineReason.DISTANCE
    page = response.content.decode()
    assert "Vous avez décliné le binôme avec" in page
    assert "Accepter ce binôme" not in page


@pytest.mark.parametrize("data", [{}, {"reason": ""}, {"reason": "bored"}, {"reason": "Autre"}])
def test_declining_without_a_reason_of_the_list_declines_nothing(client, personas, pair, data):
    login(client, personas.mentor)
    response = client.post(url("my_pair_decline", personas.programme, pair_id=pair.pk), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rien n’a été enregistré" in page or "Rien n'a été enregistré" in page
    assert "Choisissez la raison qui convient le mieux." in page or "choix valide" in page
    pair.refresh_from_db()
    assert (pair.status, pair.mentor_response, pair.decline_reason) == ("proposed", "", "")


def test_answering_twice_is_refused_in_french(client, personas, pair):
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.DECLINED)
    login(client, personas.mentor)
    response = client.post(url("my_pair_accept", personas.programme, pair_id=pair.pk), follow=True)
    assert "attend plus de réponse" in response.content.decode()
    pair.refresh_from_db()
    assert pair.mentor_response == ""


# --- Several pairs -------------------------------------------------------------------------


@pytest.fixture
def two_mentees(personas) -> tuple[Pair, Pair]:
    """The mentor persona is proposed two mentees, each in a pair of their own."""
    mentor = Application.objects.get(user=personas.mentor)
    first = published_pair(
        personas.programme, mentor, Application.objects.get(user=personas.mentee)
    )
    other = participant(
        personas.programme,
        Role.MENTEE,
        OrganisationFactory(name="Scierie du Jura"),
        job_title="Responsable de production",
    )
    return first, published_pair(personas.programme, mentor, other)


def test_a_mentor_with_two_proposed_mentees_sees_and_accepts_both(client, personas, two_mentees):
    first, second = two_mentees
    login(client, personas.mentor)
    page = client.get(url("my_pair", personas.programme)).content.decode()
    for pair in (first, second):
        assert pair.mentee.user.get_full_name() in page
        assert pair.mentee.organisation.name in page
        assert url("my_pair_accept", personas.programme, pair_id=pair.pk) in page
        assert url("my_pair_decline", personas.programme, pair_id=pair.pk) in page
    assert "Responsable de production" in page
    assert page.count("Pourquoi vous avez été mis en binôme") == 2

    for pair in (first, second):
        client.post(url("my_pair_accept", personas.programme, pair_id=pair.pk))
        pair.refresh_from_db()
        assert pair.mentor_response == "accepted"
    page = client.get(url("my_pair", personas.programme)).content.decode()
    assert "Accepter ce binôme" not in page
    assert page.count("Nous attendons la réponse de votre binôme") == 2


def test_a_mentee_can_neither_see_nor_answer_another_mentees_pair(client, personas, two_mentees):
    first, second = two_mentees
    login(client, personas.mentee)
    page = client.get(url("my_pair", personas.programme)).content.decode()
    assert second.mentee.user.get_full_name() not in page
    assert "Scierie du Jura" not in page
    for action in posts(personas.programme, second):
        assert client.post(action).status_code == 404
    assert (
        client.get(url("my_pair_decline", personas.programme, pair_id=second.pk)).status_code == 404
    )
    second.refresh_from_db()
    assert (second.status, second.mentor_response, second.mentee_response) == ("proposed", "", "")
    # Their own pair still answers.
    client.post(url("my_pair_accept", personas.programme, pair_id=first.pk))
    first.refresh_from_db()
    assert first.mentee_response == "accepted"


def test_open_pairs_come_before_past_ones(client, personas, two_mentees):
    first, second = two_mentees
    Pair.objects.filter(pk=second.pk).update(status=PairStatus.DECLINED)
    page = login(client, personas.mentor).get(url("my_pair", personas.programme)).content.decode()
    assert page.index(first.mentee.user.get_full_name()) < page.index(
        second.mentee.user.get_full_name()
    )


def test_the_page_query_count_does_not_grow_with_the_pairs(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mentor = Application.objects.get(user=personas.mentor)
    login(client, personas.mentor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("my_pair", personas.programme)).status_code == 200
        return len(queries)

    published_pair(personas.programme, mentor, Application.objects.get(user=personas.mentee))
    published_pair(
        personas.programme,
        mentor,
        participant(personas.programme, Role.MENTEE, OrganisationFactory()),
    )
    few = count()
    for _ in range(8):
        published_pair(
            personas.programme,
            mentor,
            participant(personas.programme, Role.MENTEE, OrganisationFactory()),
        )
    # Session, user, programme and role (programme_view), the pairs with both people and
    # organisations joined (one query): the same for 2 pairs as for 10.
    assert count() == few


def test_the_home_page_tells_a_mentor_a_second_pair_awaits_their_answer(
    client, personas, two_mentees
):
    from django.urls import reverse

    first, _second = two_mentees
    login(client, personas.mentor)
    client.post(url("my_pair_accept", personas.programme, pair_id=first.pk))
    html = client.get(reverse("home")).content.decode()
    # The first pair answered, the second still waits: the card asks for an answer.
    assert "un binôme vous est proposé" in html
    assert f'href="{url("my_pair", personas.programme)}"' in html
