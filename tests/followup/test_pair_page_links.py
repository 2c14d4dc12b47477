"""followup.hooks: a higher app adds links to the members' pair page without followup
importing it; the page shows them in a section of their own, and nothing when there are none."""

import pytest
from django.urls import reverse

from followup import hooks
from programmes.models import Application
from tests.factories import accepted_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    return accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


@pytest.fixture
def registry():
    saved = list(hooks._pair_page_links)
    hooks._pair_page_links.clear()
    yield hooks
    hooks._pair_page_links[:] = saved


def _page(client, user, pair) -> str:
    client.force_login(user)
    url = reverse("followup:pair", kwargs={"slug": "programme-test", "pair_id": pair.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_registered_links_are_shown_to_the_member_they_are_for(
    client, personas, pair, registry
):
    def links(pair_, user):
        if user == personas.mentee:
            return [("Point d’étape à remplir", "/quelque-part/")]
        return []

    registry.register_pair_page_links(links)
    registry.register_pair_page_links(links)  # twice is harmless
    page = _page(client, personas.mentee, pair)
    assert page.count('href="/quelque-part/"') == 1
    assert "Point d’étape à remplir" in page
    assert "À remplir" in page
    assert "/quelque-part/" not in _page(client, personas.mentor, pair)


def test_no_link_no_section(client, personas, pair, registry):
    assert 'id="to-do-title"' not in _page(client, personas.mentee, pair)


def test_links_of_every_registered_function_in_order(personas, pair, registry):
    registry.register_pair_page_links(lambda p, u: [("Un", "/1/")])
    registry.register_pair_page_links(lambda p, u: [("Deux", "/2/"), ("Trois", "/3/")])
    assert registry.pair_page_links(pair, personas.mentee) == [
        ("Un", "/1/"),
        ("Deux", "/2/"),
        ("Trois", "/3/"),
    ]
