"""A second round of matching: the coordinator's page keeps the first round's pairs in sight and
counts them in the mentors' load; its queries do not grow with the earlier pairs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from matching_views_helpers import done_run, people, published_pair, url

from matching.models import DeclineReason, PairStatus
from programmes.models import Application
from tests.factories import MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def second_round(programme, n: int):
    """A first round of ``n`` pairs, published, mentors of capacity 1 (so full), one pair declined
    by its mentee; then a second run, not yet published, pairing ``n`` newcomers."""
    mentors, mentees = people(programme, n)
    Application.objects.filter(pk__in=[m.pk for m in mentors]).update(capacity=1)
    first = done_run(programme, list(zip(mentors, mentees, strict=True)), published=True)
    for i, (mentor, mentee) in enumerate(zip(mentors, mentees, strict=True)):
        if i == 0:
            published_pair(
                programme,
                mentor,
                mentee,
                run=first,
                status=PairStatus.DECLINED,
                mentee_response="declined",
                decline_reason=DeclineReason.DISTANCE,
            )
        else:
            published_pair(programme, mentor, mentee, run=first)
    new_mentors, new_mentees = people(programme, n)
    done_run(programme, list(zip(new_mentors, new_mentees, strict=True)))
    return mentors, mentees, new_mentors


def section(page: str, title_id: str) -> str:
    return page.split(f'id="{title_id}"')[1].split("</section>")[0]


def test_the_first_rounds_pairs_stay_in_sight_and_in_the_mentors_load(client, personas):
    mentors, mentees, new_mentors = second_round(personas.programme, 3)
    client.force_login(personas.coordinator)
    page = client.get(url("proposal", personas.programme)).content.decode()

    earlier = section(page, "earlier-title")
    assert "Binômes des tours précédents" in earlier
    assert "3 binômes ont été formés avant cette proposition." in earlier
    assert "En attente de réponses : 2" in earlier and "Décliné : 1" in earlier
    for application in mentors + mentees:
        assert application.user.get_full_name() in earlier
    assert "Décliné – Trop éloigné pour se rencontrer" in earlier
    for application in new_mentors:
        assert application.user.get_full_name() not in earlier

    loads = section(page, "loads-title")
    assert "Tours précédents" in loads and "Mentorés / capacité" in loads
    # The two mentors of the first round's open pairs are full ("1 / 1"), not "0 / 0"; the one
    # whose pair was declined has room again.
    assert loads.count("1 / 1 <span") == 2
    assert "0 / 0" not in loads
    assert loads.count("complet") == 2
    assert "0 / 1 <span" in loads


def test_a_first_round_shows_no_earlier_section(client, personas):
    mentors, mentees = people(personas.programme, 2)
    done_run(personas.programme, list(zip(mentors, mentees, strict=True)))
    client.force_login(personas.coordinator)
    page = client.get(url("proposal", personas.programme)).content.decode()
    assert 'id="earlier-title"' not in page


def test_the_declined_pairs_of_a_published_round_show_their_reason(client, personas):
    mentors, mentees = people(personas.programme, 1)
    run = done_run(personas.programme, [(mentors[0], mentees[0])], published=True)
    published_pair(
        personas.programme,
        mentors[0],
        mentees[0],
        run=run,
        status=PairStatus.DECLINED,
        mentor_response="declined",
        decline_reason=DeclineReason.ACQUAINTANCE,
    )
    client.force_login(personas.coordinator)
    page = client.get(url("proposal", personas.programme)).content.decode()
    declined = page.split("Binômes déclinés")[1].split("</table>")[0]
    assert "Motif" in declined
    assert "Je connais déjà cette personne (conflit d’intérêts)" in declined
    assert "le mentor" in declined


def test_the_page_makes_as_many_queries_for_20_earlier_pairs_as_for_2(client, personas):
    # Beyond the queries of a first round's page: the earlier pairs counted by status, their
    # count and their page (people, organisations and round joined): three, whatever their
    # number.
    small = ProgrammeFactory()
    MembershipFactory(programme=small, user=personas.coordinator)
    second_round(small, 2)
    second_round(personas.programme, 20)
    client.force_login(personas.coordinator)
    counts = []
    for programme in (small, personas.programme):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("proposal", programme)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
