"""After an erasure, the pages that show the pair show it without the name, and none fails."""

import pytest
from django.urls import reverse

from rights.models import ErasureReason
from rights.services.erasure import person_erase

from .erasure_helpers import FIRST, LAST, person_everywhere


@pytest.fixture
def erased(db):
    scene = person_everywhere()
    person_erase(user=scene.person, reason=ErasureReason.REQUEST)
    return scene


def _page(client, user, name, **kwargs):
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    html = response.content.decode()
    assert FIRST not in html and LAST not in html
    return html


@pytest.mark.parametrize(
    "name, with_pair",
    [
        ("followup:steer_pair", True),
        ("followup:pairs", False),
        ("followup:dashboard", False),
        ("followup:people_in_pairs", False),
        ("matching:proposal", False),
        ("programmes:applications", False),
        ("programmes:enrolment", False),
        ("programmes:detail", False),
    ],
)
def test_the_coordinators_pages_show_the_pair_without_the_name(client, erased, name, with_pair):
    kwargs = {"slug": erased.programme.slug}
    if with_pair:
        kwargs["pair_id"] = erased.pair.pk
    _page(client, erased.coordinator, name, **kwargs)


def test_the_pair_page_says_the_member_was_erased(client, erased):
    html = _page(
        client,
        erased.coordinator,
        "followup:steer_pair",
        slug="mentorat-test",
        pair_id=erased.pair.pk,
    )
    assert "effacé" in html


@pytest.mark.parametrize("name, with_pair", [("followup:pair", True), ("matching:my_pair", False)])
def test_the_partners_pages_show_the_pair_without_the_name(client, erased, name, with_pair):
    kwargs = {"slug": erased.programme.slug}
    if with_pair:
        kwargs["pair_id"] = erased.pair.pk
    html = _page(client, erased.partner, name, **kwargs)
    assert "effacé" in html


def test_the_partner_downloads_their_data_without_the_erased_name(client, erased):
    import io
    import zipfile

    client.force_login(erased.partner)
    response = client.post(reverse("rights:data_download"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = "".join(archive.read(name).decode() for name in archive.namelist())
    assert FIRST not in text and LAST not in text and "Marc" in text
