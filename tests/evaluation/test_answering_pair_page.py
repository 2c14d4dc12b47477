"""The evaluation's links on the members' pair page: "Point d’étape à remplir" and
"Questionnaire à remplir" for what the person has still to answer, and nothing once answered;
the page's queries do not grow with the number of invitations."""

import pytest
from django.urls import reverse

from evaluation.models import Wave
from programmes.models import Application
from tests.factories import accepted_pair, invited, wave_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(personas):
    return accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


def _page(client, user, pair) -> str:
    client.force_login(user)
    url = reverse("followup:pair", kwargs={"slug": "programme-test", "pair_id": pair.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _answer_url(invitation) -> str:
    return reverse(
        "evaluation:answer", kwargs={"slug": "programme-test", "invitation_id": invitation.pk}
    )


def test_the_member_sees_a_link_to_each_check_in_and_questionnaire_to_answer(
    client, personas, pair
):
    pulse = invited(wave_of(personas.programme, "pulse"), personas.mentee)
    baseline = invited(wave_of(personas.programme, "baseline"), personas.mentee)
    page = _page(client, personas.mentee, pair)
    assert "Point d’étape à remplir" in page
    assert "Questionnaire à remplir" in page
    assert _answer_url(pulse) in page
    assert _answer_url(baseline) in page
    # The partner sees none of them (and has none of their own).
    partner_page = _page(client, personas.mentor, pair)
    assert _answer_url(pulse) not in partner_page
    assert "Point d’étape à remplir" not in partner_page


def test_an_answered_or_closed_invitation_has_no_link(client, personas, pair):
    invited(wave_of(personas.programme, "pulse"), personas.mentee, answered=True)
    invited(wave_of(personas.programme, "baseline", status="closed"), personas.mentee)
    page = _page(client, personas.mentee, pair)
    assert "Point d’étape à remplir" not in page
    assert "Questionnaire à remplir" not in page


def test_the_pair_page_asks_the_same_number_of_queries_whatever_the_invitations(
    client, personas, pair, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = invited(wave_of(personas.programme, "pulse"), personas.mentee)
    _page(client, personas.mentee, pair)
    with CaptureQueriesContext(connection) as one:
        _page(client, personas.mentee, pair)
    for number in range(2, 8):
        wave = Wave.objects.create(
            questionnaire=first.wave.questionnaire,
            number=number,
            opens_on=first.wave.opens_on,
            closes_on=first.wave.closes_on,
            status="open",
        )
        invited(wave, personas.mentee)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = _page(client, personas.mentee, pair)
    assert page.count("Point d’étape à remplir") == 7
