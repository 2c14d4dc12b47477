"""The follow-up is reached by links, not by typing addresses: the dashboard and the list of all
pairs lead to the coordination's page of each pair, which leads back to them; the dashboard and
the programme page lead to the messages (for those who may write them); the matching page and
the home page lead a member to their pair page."""

import pytest
from django.urls import reverse

from matching.models import PairStatus
from programmes.models import Application, Phase, Programme
from tests.factories import PairFactory, accepted_participant, dated_pair, help_requested

pytestmark = pytest.mark.django_db


def _url(name: str, programme, **kwargs) -> str:
    return reverse(name, kwargs={"slug": programme.slug, **kwargs})


def _html(client, user, address: str) -> str:
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def _breadcrumb(html: str) -> str:
    return html.split('<ol class="breadcrumb">')[1].split("</ol>")[0]


@pytest.fixture
def running(personas):
    pair = dated_pair(personas.programme, "active", accepted_days_ago=30)
    help_requested(pair, "mentee")
    return pair


def test_each_row_of_the_dashboard_links_to_the_pair_page_of_the_coordination(
    client, personas, running
):
    html = _html(client, personas.coordinator, _url("followup:dashboard", personas.programme))
    steer = _url("followup:steer_pair", personas.programme, pair_id=running.pk)
    assert f'<a href="{steer}">' in html


def test_each_row_of_all_pairs_links_to_the_pair_page_of_the_coordination(
    client, personas, running
):
    ended = dated_pair(personas.programme, "completed")
    html = _html(client, personas.staff, _url("followup:pairs", personas.programme))
    for pair in (running, ended):
        assert f'<a href="{_url("followup:steer_pair", personas.programme, pair_id=pair.pk)}">' in (
            html
        )


def test_the_pair_page_of_the_coordination_leads_back_to_the_dashboard_and_all_pairs(
    client, personas, running
):
    programme = personas.programme
    address = _url("followup:steer_pair", programme, pair_id=running.pk)
    trail = _breadcrumb(_html(client, personas.coordinator, address))
    assert f'href="{_url("followup:dashboard", programme)}">Suivi des binômes</a>' in trail
    assert f'href="{_url("followup:pairs", programme)}">Tous les binômes</a>' in trail
    assert trail.index("Suivi des binômes") < trail.index("Tous les binômes")


@pytest.mark.parametrize("persona", ["coordinator", "staff"])
def test_the_dashboard_and_the_programme_page_lead_to_the_messages(client, personas, persona):
    programme = personas.programme
    messages = f'<a href="{_url("followup:messages", programme)}">'
    user = getattr(personas, persona)
    assert messages in _html(client, user, _url("followup:dashboard", programme))
    assert messages in _html(client, user, programme.get_absolute_url())


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_the_programme_page_has_no_messages_link_for_the_others(client, personas, persona):
    Programme.objects.filter(pk=personas.programme.pk).update(current_phase=Phase.RUNNING)
    html = _html(client, getattr(personas, persona), personas.programme.get_absolute_url())
    assert _url("followup:messages", personas.programme) not in html


@pytest.fixture
def members_pair(personas):
    return PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
        status=PairStatus.ACTIVE,
    )


def test_the_matching_page_links_an_active_pair_to_its_pair_page(client, personas, members_pair):
    html = _html(client, personas.mentee, _url("matching:my_pair", personas.programme))
    assert _url("followup:pair", personas.programme, pair_id=members_pair.pk) in html


def test_a_member_with_an_active_pair_goes_from_home_to_the_pair_page(
    client, personas, members_pair
):
    html = _html(client, personas.mentee, reverse("home"))
    pair_page = _url("followup:pair", personas.programme, pair_id=members_pair.pk)
    assert f'href="{pair_page}">Ma page de binôme</a>' in html


def test_a_mentor_with_two_pairs_goes_from_home_to_the_list_of_them(client, personas, members_pair):
    PairFactory(
        programme=personas.programme,
        mentor=members_pair.mentor,
        mentee=accepted_participant(personas.programme, "mentee"),
        status=PairStatus.ACCEPTED,
    )
    html = _html(client, personas.mentor, reverse("home"))
    assert f'href="{_url("matching:my_pair", personas.programme)}"' in html
    assert "/binome/" not in html


def test_a_member_with_a_proposed_pair_goes_from_home_to_the_matching_page(client, personas):
    PairFactory(
        programme=personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )
    html = _html(client, personas.mentee, reverse("home"))
    assert f'href="{_url("matching:my_pair", personas.programme)}"' in html
    assert "/binome/" not in html
