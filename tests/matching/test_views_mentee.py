"""One mentee's page: the proposed mentor with the full explanation, the best other mentors, and
the adjustments (swap, lock, exclude, remove a rule) with their French messages."""

import pytest
from matching_views_helpers import computed_run, done_run, people, small_world, url

from matching.models import MatchingRun, PairRule, ProposedPair, RunStatus
from programmes.models import Application, Role
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, django_capture_on_commit_callbacks):
    """A programme of four organisations, coordinated by the personas' coordinator, with a
    computed proposal."""
    programme = ProgrammeFactory(slug="appariement-test")
    MembershipFactory(programme=programme, user=personas.coordinator)
    mentors, mentees = small_world(programme)
    run = computed_run(programme, personas.coordinator, capture=django_capture_on_commit_callbacks)
    return programme, mentors, mentees, run


def login(client, user):
    client.force_login(user)
    return client


def mentor_of(run, mentee) -> Application:
    return ProposedPair.objects.get(run=run, mentee=mentee).mentor


# --- Who may adjust -------------------------------------------------------------------------

POSTS = ["lock", "exclude", "rule_remove"]


def post_paths(personas) -> list[str]:
    mentee = Application.objects.get(user=personas.mentee)
    return [url(name, personas.programme) for name in POSTS] + [
        url("swap", personas.programme, application_id=mentee.pk),
        url("remove", personas.programme, application_id=mentee.pk),
    ]


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_other_roles_may_not_adjust_a_proposal(client, personas, persona):
    login(client, getattr(personas, persona))
    for path in post_paths(personas):
        assert client.post(path).status_code == 403, path
    assert not PairRule.objects.exists()


def test_outsiders_get_404_and_anonymous_visitors_the_login_page(client, personas):
    for path in post_paths(personas):
        assert client.post(path).status_code == 302
    login(client, personas.outsider)
    for path in post_paths(personas):
        assert client.post(path).status_code == 404, path


def test_adjustments_refuse_get(client, personas):
    login(client, personas.coordinator)
    for path in post_paths(personas):
        assert client.get(path).status_code == 405, path


def test_a_mentee_of_another_programme_or_a_mentor_is_not_found(client, personas):
    login(client, personas.coordinator)
    elsewhere = ApplicationFactory(programme=ProgrammeFactory(), role=Role.MENTEE)
    mentor = Application.objects.get(user=personas.mentor)
    for application in (elsewhere, mentor):
        path = url("mentee", personas.programme, application_id=application.pk)
        assert client.get(path).status_code == 404


# --- The page -------------------------------------------------------------------------------


def test_the_page_explains_the_proposed_mentor_and_offers_the_best_others(client, personas, world):
    programme, mentors, mentees, run = world
    mentee = mentees[0]
    response = login(client, personas.coordinator).get(
        url("mentee", programme, application_id=mentee.pk)
    )
    page = response.content.decode()
    assert response.status_code == 200
    current = mentor_of(run, mentee)
    assert current.user.get_full_name() in page
    # Every criterion as a French sentence, with its points.
    assert "Pourquoi ce mentor, critère par critère" in page
    for label in ("Thématiques", "Expérience", "Distance", "Secteur"):
        assert label in page
    assert "Score : " in page
    # The other allowed mentors, with their load and a button to choose them.
    others = [m for m in mentors if m != current]
    for mentor in others:
        assert mentor.user.get_full_name() in page
    assert page.count("Choisir ce mentor") == len(others)
    assert "Mentorés proposés : " in page
    # What choosing each of them would cost against the proposed mentor.
    assert "Avec ce mentor : " in page
    assert "Verrouiller ce binôme" in page


def test_choosing_another_mentor_marks_the_pair_manual_and_shows_its_cost(client, personas, world):
    programme, mentors, mentees, run = world
    mentee = mentees[1]
    # The engine gives the finance mentor to the mentee who seeks finances; the second
    # mentor still has room.
    assert mentor_of(run, mentee) == mentors[2]
    login(client, personas.coordinator)
    response = client.post(
        url("swap", programme, application_id=mentee.pk),
        {"run": run.pk, "mentor": mentors[1].pk},
        follow=True,
    )
    pair = ProposedPair.objects.get(run=run, mentee=mentee)
    assert pair.mentor == mentors[1]
    assert pair.manual
    assert pair.score_cost > 0
    page = response.content.decode()
    assert "est maintenant le mentor proposé à" in page
    assert "choix manuel" in page
    cost = f"{pair.score_cost:.1f}".replace(".", ",")
    assert f"−{cost} points par rapport à la proposition" in page
    # The proposal table shows the badge and the cost too.
    table = client.get(url("proposal", programme)).content.decode()
    assert "choix manuel" in table
    assert f"−{cost} points" in table


def test_removing_a_mentee_from_the_proposal_frees_their_mentor(client, personas, world):
    programme, mentors, mentees, run = world
    mentee = mentees[1]
    mentor = mentor_of(run, mentee)
    login(client, personas.coordinator)
    page = client.get(url("mentee", programme, application_id=mentee.pk)).content.decode()
    assert "Retirer de la proposition" in page
    assert url("remove", programme, application_id=mentee.pk) in page
    response = client.post(
        url("remove", programme, application_id=mentee.pk), {"run": run.pk}, follow=True
    )
    page = response.content.decode()
    assert not ProposedPair.objects.filter(run=run, mentee=mentee).exists()
    assert "est retiré de la proposition" in page
    assert "La coordination a retiré ce mentoré de la proposition" in page
    assert mentor.user.get_full_name() in page
    assert "Retirer de la proposition" not in page  # nothing more to remove
    run.refresh_from_db()
    assert run.summary["unmatched"] == 1
    # Again: the service says there is nothing to remove.
    response = client.post(
        url("remove", programme, application_id=mentee.pk), {"run": run.pk}, follow=True
    )
    assert "il n’y a rien à retirer" in response.content.decode()


def test_a_swap_the_service_refuses_is_explained_in_french(client, personas, world):
    programme, mentors, mentees, run = world
    mentee = mentees[0]
    # A mentor of the mentee's own organisation: never allowed.
    same = ApplicationFactory(
        programme=programme,
        role=Role.MENTOR,
        organisation=mentee.organisation,
        status="accepted",
        capacity=1,
    )
    login(client, personas.coordinator)
    response = client.post(
        url("swap", programme, application_id=mentee.pk),
        {"run": run.pk, "mentor": same.pk},
        follow=True,
    )
    assert ProposedPair.objects.get(run=run, mentee=mentee).mentor != same
    page = response.content.decode()
    assert "ne peut pas accompagner" in page


def test_a_swap_with_bad_ids_says_what_is_wrong(client, personas, world):
    programme, mentors, mentees, run = world
    login(client, personas.coordinator)
    elsewhere = ApplicationFactory(programme=ProgrammeFactory(), role=Role.MENTOR, capacity=1)
    response = client.post(
        url("swap", programme, application_id=mentees[0].pk),
        {"run": run.pk, "mentor": elsewhere.pk},
        follow=True,
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(
        url("swap", programme, application_id=mentees[0].pk), {"mentor": mentors[0].pk}, follow=True
    )
    assert "Ce champ est obligatoire" in response.content.decode()


def test_a_swap_on_a_proposal_computed_again_meanwhile_is_refused(client, personas, world):
    programme, mentors, mentees, run = world
    MatchingRun.objects.create(programme=programme, status=RunStatus.PENDING)
    before = mentor_of(run, mentees[0])
    other = next(m for m in mentors if m != before)
    login(client, personas.coordinator)
    response = client.post(
        url("swap", programme, application_id=mentees[0].pk),
        {"run": run.pk, "mentor": other.pk},
        follow=True,
    )
    assert mentor_of(run, mentees[0]) == before
    assert "calculée à nouveau entre-temps" in response.content.decode()


def test_locking_excluding_and_removing_a_rule(client, personas, world):
    programme, mentors, mentees, run = world
    mentee = mentees[0]
    current = mentor_of(run, mentee)
    data = {"mentor": current.pk, "mentee": mentee.pk}
    login(client, personas.coordinator)

    response = client.post(url("lock", programme), data, follow=True)
    assert response.redirect_chain[-1][0] == url("mentee", programme, application_id=mentee.pk)
    assert PairRule.objects.get().kind == "lock"
    page = response.content.decode()
    assert "est verrouillé" in page
    assert "Déverrouiller" in page

    response = client.post(url("exclude", programme), data, follow=True)
    assert PairRule.objects.get().kind == "exclude"
    assert "est exclu" in response.content.decode()

    response = client.post(url("rule_remove", programme), data, follow=True)
    assert not PairRule.objects.exists()
    assert "est retirée" in response.content.decode()


def test_a_rule_on_people_of_another_programme_is_refused(client, personas, world):
    programme, mentors, mentees, run = world
    login(client, personas.coordinator)
    mentee = Application.objects.get(user=personas.mentee)  # of programme-test, not this one
    response = client.post(
        url("exclude", programme), {"mentor": mentors[0].pk, "mentee": mentee.pk}, follow=True
    )
    assert not PairRule.objects.exists()
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_lock_that_breaks_a_hard_constraint_is_explained_in_french(client, personas, world):
    programme, mentors, mentees, run = world
    same = ApplicationFactory(
        programme=programme,
        role=Role.MENTOR,
        organisation=mentees[0].organisation,
        status="accepted",
        capacity=1,
    )
    login(client, personas.coordinator)
    response = client.post(
        url("lock", programme), {"mentor": same.pk, "mentee": mentees[0].pk}, follow=True
    )
    assert not PairRule.objects.exists()
    assert "Ce binôme ne peut pas être verrouillé" in response.content.decode()


def test_an_unmatched_mentee_shows_why(client, personas):
    mentors, mentees = people(personas.programme, 1, unmatched=1)
    done_run(personas.programme, [(mentors[0], mentees[0])], unmatched=[mentees[1]])
    response = login(client, personas.coordinator).get(
        url("mentee", personas.programme, application_id=mentees[1].pk)
    )
    page = response.content.decode()
    assert "Aucun mentor n’est proposé" in page


def test_a_published_proposal_offers_no_swap(client, personas):
    mentor = Application.objects.get(user=personas.mentor)
    mentee = Application.objects.get(user=personas.mentee)
    done_run(personas.programme, [(mentor, mentee)], published=True)
    other = OrganisationFactory()
    ApplicationFactory(
        programme=personas.programme,
        user=UserFactory(),
        role=Role.MENTOR,
        organisation=other,
        status="accepted",
        capacity=2,
    )
    page = login(client, personas.coordinator).get(
        url("mentee", personas.programme, application_id=mentee.pk)
    )
    page = page.content.decode()
    assert "Cette proposition est publiée" in page
    assert "Choisir ce mentor" not in page


# --- Cost at scale --------------------------------------------------------------------------


def _programme_with_mentors(coordinator, n: int):
    """One mentee and ``n`` mentors of varied experience, topics and places, with a run that
    pairs the mentee with the first mentor."""
    programme = ProgrammeFactory()
    MembershipFactory(programme=programme, user=coordinator)
    mentee_org = OrganisationFactory(departement="25", sector="Transport")
    programme.organisations.add(mentee_org)
    mentee = accepted_participant(
        programme, Role.MENTEE, mentee_org, topics=["Recrutement", "Management"], experience_years=1
    )
    mentors = []
    for i in range(n):
        organisation = OrganisationFactory(departement=("25", "39", "70")[i % 3])
        programme.organisations.add(organisation)
        mentors.append(
            accepted_participant(
                programme,
                Role.MENTOR,
                organisation,
                topics=[("Recrutement", "Management", "Finances")[i % 3]],
                experience_years=2 + i % 9,
            )
        )
    run = done_run(programme, [(mentors[0], mentee)], by=coordinator)
    return programme, mentee, run


def _queries_of_page(client, coordinator, n: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme, mentee, _ = _programme_with_mentors(coordinator, n)
    path = url("mentee", programme, application_id=mentee.pk)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_page_reads_as_many_queries_with_fifty_mentors_as_with_five(client, personas):
    login(client, personas.coordinator)
    few = _queries_of_page(client, personas.coordinator, 5)
    many = _queries_of_page(client, personas.coordinator, 50)
    assert few == many


def test_the_page_builds_no_model_object_per_mentor(client, personas):
    """The ranking reads the mentors' scoring fields as values: the number of model objects a
    request builds does not grow with the mentors (it loaded every application before)."""
    from django.db.models.signals import post_init

    login(client, personas.coordinator)
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        objects = []
        for n in (5, 50):
            programme, mentee, _ = _programme_with_mentors(personas.coordinator, n)
            built.clear()
            assert client.get(url("mentee", programme, application_id=mentee.pk)).status_code == 200
            objects.append(len(built))
    finally:
        post_init.disconnect(count)
    assert objects[0] == objects[1]


def test_the_best_other_mentors_are_the_engines_ranking(client, personas):
    """Whatever the page reads, it shows the mentors the engine ranks best for this mentee,
    in the engine's order, with the engine's scores."""
    from matching import engine
    from matching.problem import build_problem

    login(client, personas.coordinator)
    programme, mentee, run = _programme_with_mentors(personas.coordinator, 12)
    # The engine's scoring over the whole problem (every mentor and mentee as objects).
    whole = build_problem(programme, run.parameters, keep_paired_mentees=True)
    matrix = engine.score_matrix(whole.problem)
    row = list(matrix.mentee_ids).index(mentee.pk)
    scores = {int(m): float(matrix.scores[row, j]) for j, m in enumerate(matrix.mentor_ids)}
    current = ProposedPair.objects.get(run=run, mentee=mentee).mentor_id
    expected = sorted(
        (
            m
            for m in scores
            if m != current and matrix.allowed[row, list(matrix.mentor_ids).index(m)]
        ),
        key=lambda m: (-scores[m], list(matrix.mentor_ids).index(m)),
    )[:3]

    response = client.get(url("mentee", programme, application_id=mentee.pk))
    shown = response.context["alternatives"]
    assert [a["mentor"].pk for a in shown] == expected
    assert [a["score"] for a in shown] == [round(scores[m], 2) for m in expected]
    page = response.content.decode()
    positions = [page.index(f'id="alternative-{m}"') for m in expected]
    assert positions == sorted(positions)
