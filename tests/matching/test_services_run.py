"""Running the matching: a run is computed once its transaction commits, stores an optimal
proposal that holds every hard constraint, and turns bad input into French messages without
storing half a run."""

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from matching_factories import import_csv, mentee, mentor, programme_with_topics
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from france.departements import within_reach
from matching import engine
from matching.explanations import describe_issue
from matching.models import (
    IncompatibleOrganisations,
    MatchingRun,
    PairRule,
    PairStatus,
    ProposedPair,
    RunStatus,
    UnmatchedMentee,
)
from matching.problem import build_problem
from matching.services import run_execute, run_start
from programmes.models import Application, Role
from tests.factories import OrganisationFactory, PairFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start a run as the page does, let its transaction commit, return it computed."""

    def run(programme, **kwargs) -> MatchingRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = run_start(programme=programme, by=kwargs.pop("by", None), **kwargs)
        started.refresh_from_db()
        return started

    return run


@pytest.fixture
def demo(db):
    """The 40 mentors and 50 mentees of participants-demo.csv, imported."""
    programme = programme_with_topics(slug="demo")
    import_csv(programme)
    return programme


# --- the normal path ---------------------------------------------------------------------------


def test_a_run_is_computed_after_its_transaction_commits(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = run_start(programme=personas.programme, by=personas.coordinator)
    assert run.status == RunStatus.PENDING
    assert len(callbacks) == 1
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.created_by == personas.coordinator
    assert run.finished_at is not None
    pair = ProposedPair.objects.get(run=run)
    assert pair.mentor.user == personas.mentor and pair.mentee.user == personas.mentee
    assert run.summary == {
        "matched": 1,
        "unmatched": 0,
        "total_score": pair.score,
        "mean_score": pair.score,
        "lowest_score": pair.score,
        "mentors": 1,
        "mentees": 1,
        "slots": 2,
    }


def test_a_run_keeps_the_settings_it_was_computed_with(personas, run_now):
    programme = personas.programme
    programme.weight_topics = 70
    programme.sector_preference = "same"
    programme.save()
    run = run_now(programme, fairness=True)
    programme.weight_topics = 10
    programme.save()
    run.refresh_from_db()
    assert run.parameters == {
        "weights": {"topics": 70, "experience": 20, "mode": 15, "distance": 15, "sector": 10},
        "sector_preference": "same",
        "proximity_required": True,
        "fairness": True,
    }
    [criteria] = ProposedPair.objects.filter(run=run).values_list("criteria", flat=True)
    assert {c["criterion"]: c["weight"] for c in criteria}["topics"] == 70.0


def test_a_second_run_cannot_start_while_one_is_being_computed(personas):
    run_start(programme=personas.programme, by=None)  # its commit never comes in this test
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        run_start(programme=personas.programme, by=None)
    assert "déjà en cours de calcul" in error.value.messages[0]
    assert MatchingRun.objects.count() == 1


def test_executing_a_run_twice_stores_its_proposal_once(personas, run_now):
    run = run_now(personas.programme)
    again = run_execute(run=run)
    assert again.status == RunStatus.DONE
    assert ProposedPair.objects.filter(run=run).count() == 1


def test_warnings_are_kept_with_a_computed_run(personas, run_now):
    programme = personas.programme
    mentee(programme, OrganisationFactory(departement=""), meeting_mode="presentiel")
    run = run_now(programme)
    assert run.status == RunStatus.DONE
    [warning] = run.issues
    assert warning["code"] == "in_person_without_departement" and not warning["blocking"]
    with translation.override("fr"):
        text = describe_issue(warning["code"], warning["params"])
    assert "souhaite se rencontrer en présentiel" in text


# --- the proposal is right ---------------------------------------------------------------------


def _independent_optimum(
    problem: engine.Problem, fairness: bool = False
) -> tuple[int, float, float | None]:
    """The most pairs, then the best total (with fairness: the most pairs, the best lowest score,
    then the best total), solved as integer programmes over the allowed pairs: another method
    than the engine's assignment over slots."""
    matrix = engine.score_matrix(problem)
    rows, cols = np.nonzero(matrix.allowed)
    scores = matrix.scores[rows, cols]
    k = len(rows)
    n, m = matrix.allowed.shape
    capacity = np.array([mentor.capacity for mentor in problem.mentors], dtype=float)
    index = {id_: j for j, id_ in enumerate(matrix.mentor_ids.tolist())}
    mentee_index = {id_: i for i, id_ in enumerate(matrix.mentee_ids.tolist())}
    locked = {(mentee_index[e], index[m_]) for m_, e in problem.locked}
    lower = np.array([1.0 if (r, c) in locked else 0.0 for r, c in zip(rows, cols, strict=True)])
    per_mentee = coo_array((np.ones(k), (rows, np.arange(k))), shape=(n, k))
    per_mentor = coo_array((np.ones(k), (cols, np.arange(k))), shape=(m, k))
    base = [
        LinearConstraint(per_mentee, 0, 1),
        LinearConstraint(per_mentor, 0, capacity),
    ]

    def solve(objective, constraints, keep=None):
        bounds = Bounds(lower, np.ones(k) if keep is None else keep.astype(float))
        bounds.lb = np.minimum(bounds.lb, bounds.ub)
        result = milp(-objective, constraints=constraints, bounds=bounds, integrality=np.ones(k))
        assert result.success
        return result

    most = round(-solve(np.ones(k), base).fun)
    constraints = [*base, LinearConstraint(np.ones((1, k)), most, most)]
    keep, floor = None, None
    if fairness:
        # The highest floor that still lets `most` pairs be matched: a binary search, since a
        # higher floor never allows more pairs.
        def enough(floor: float) -> bool:
            kept = (scores >= floor - 1e-6) | (lower > 0)
            bounds = Bounds(lower * kept, kept.astype(float))
            result = milp(-np.ones(k), constraints=base, bounds=bounds, integrality=np.ones(k))
            return bool(result.success) and round(-result.fun) == most

        floors = sorted(set(scores.round(6)))
        lo, hi = 0, len(floors) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if enough(floors[mid]) else (lo, mid - 1)
        floor = floors[lo]
        keep = (scores >= floor - 1e-6) | (lower > 0)
    best = -solve(scores, constraints, keep).fun
    return most, best, floor


@pytest.mark.parametrize(
    "capacity, fairness",
    [(None, False), (1, False), (1, True)],
    ids=["file-capacities", "one-mentee-per-mentor", "fairness"],
)
def test_on_the_demo_file_the_proposal_is_optimal_for_its_own_scores(
    demo, run_now, capacity, fairness
):
    if capacity is not None:
        # 40 places for 50 mentees: who is left out matters.
        Application.objects.filter(programme=demo, role=Role.MENTOR).update(capacity=capacity)
    run = run_now(demo, fairness=fairness)
    assert run.status == RunStatus.DONE

    problem = build_problem(demo, run.parameters).problem
    most, best, floor = _independent_optimum(problem, fairness=fairness)
    stored = list(ProposedPair.objects.filter(run=run).values_list("score", flat=True))
    assert run.summary["matched"] == len(stored) == most
    assert sum(stored) == pytest.approx(best, abs=0.01 * len(stored))
    if fairness:
        assert min(stored) == pytest.approx(floor, abs=0.01)
    assert run.summary["unmatched"] == UnmatchedMentee.objects.filter(run=run).count()
    assert run.summary["matched"] + run.summary["unmatched"] == 50


def test_on_the_demo_file_the_proposal_holds_every_hard_constraint(demo, run_now):
    first = run_now(demo)
    pairs = list(ProposedPair.objects.filter(run=first).select_related("mentor", "mentee"))
    # Rules that bind: the best pair is excluded, the organisations of the second are declared
    # incompatible, and a pair the engine did not choose is locked.
    best = max(pairs, key=lambda p: p.score)
    PairRule.objects.create(programme=demo, mentor=best.mentor, mentee=best.mentee, kind="exclude")
    second = next(p for p in pairs if p.pk != best.pk)
    IncompatibleOrganisations.objects.create(
        programme=demo,
        organisation_a=second.mentor.organisation,
        organisation_b=second.mentee.organisation,
    )
    built = build_problem(demo, first.parameters)
    matrix = engine.score_matrix(built.problem)
    chosen = {(p.mentor_id, p.mentee_id) for p in pairs}
    i, j = next(
        (i, j)
        for i, j in zip(*np.nonzero(matrix.allowed), strict=True)
        if (int(matrix.mentor_ids[j]), int(matrix.mentee_ids[i])) not in chosen
        and built.mentors[int(matrix.mentor_ids[j])].organisation_id
        not in {second.mentor.organisation_id, second.mentee.organisation_id}
    )
    lock = (int(matrix.mentor_ids[j]), int(matrix.mentee_ids[i]))
    PairRule.objects.create(programme=demo, mentor_id=lock[0], mentee_id=lock[1], kind="lock")

    run = run_now(demo)

    assert run.status == RunStatus.DONE
    stored = list(
        ProposedPair.objects.filter(run=run).select_related("mentor__organisation", "mentee")
    )
    incompatible = {
        frozenset({second.mentor.organisation_id, second.mentee.organisation_id}),
    }
    load: dict[int, int] = {}
    for pair in stored:
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
        mentor_, mentee_ = pair.mentor, pair.mentee
        assert mentor_.organisation_id != mentee_.organisation_id
        assert frozenset({mentor_.organisation_id, mentee_.organisation_id}) not in incompatible
        assert (pair.mentor_id, pair.mentee_id) != (best.mentor_id, best.mentee_id)
        if mentor_.meeting_mode == mentee_.meeting_mode == "presentiel":  # proximity required
            assert within_reach(mentor_.departement, mentee_.departement)
        assert pair.locked == ((pair.mentor_id, pair.mentee_id) == lock)
    assert lock in {(p.mentor_id, p.mentee_id) for p in stored}
    for pair in stored:
        assert load[pair.mentor_id] <= pair.mentor.effective_capacity


def test_a_mentee_with_an_open_pair_is_not_matched_again(personas, run_now):
    programme = personas.programme
    mentor_app = Application.objects.get(user=personas.mentor)
    mentee_app = Application.objects.get(user=personas.mentee)
    PairFactory(programme=programme, mentor=mentor_app, mentee=mentee_app)
    newcomer = mentee(programme, personas.organisation)
    run = run_now(programme)
    assert list(ProposedPair.objects.filter(run=run).values_list("mentee", flat=True)) == [
        newcomer.pk
    ]
    assert run.summary["slots"] == 1  # capacity 2, one open pair


# --- bad input ---------------------------------------------------------------------------------


def _only_mentees(programme):
    mentee(programme)


def _only_mentors(programme):
    mentor(programme)


def _one_organisation(programme):
    acme = OrganisationFactory(name="Acme Unique")
    mentor(programme, acme)
    mentee(programme, acme)


def _no_room_left(programme):
    busy = mentor(programme, capacity=1)
    PairFactory(
        programme=programme, mentor=busy, mentee=mentee(programme), status=PairStatus.ACTIVE
    )
    mentee(programme)


def _locked_twice(programme):
    # The service refuses this; rules written before or around it must not crash a run.
    m1, m2, e = mentor(programme), mentor(programme), mentee(programme)
    PairRule.objects.create(programme=programme, mentor=m1, mentee=e, kind="lock")
    PairRule.objects.create(programme=programme, mentor=m2, mentee=e, kind="lock")


def _locked_over_capacity(programme):
    m = mentor(programme, capacity=1)
    for _ in range(2):
        PairRule.objects.create(
            programme=programme, mentor=m, mentee=mentee(programme), kind="lock"
        )


def _locked_within_one_organisation(programme):
    acme = OrganisationFactory(name="Acme Interne")
    m = mentor(programme, acme)
    e = mentee(programme, acme)
    mentee(programme)
    PairRule.objects.create(programme=programme, mentor=m, mentee=e, kind="lock")


def _locked_across_incompatible_organisations(programme):
    a, b = OrganisationFactory(name="Rivale A"), OrganisationFactory(name="Rivale B")
    m, e = mentor(programme, a), mentee(programme, b)
    IncompatibleOrganisations.objects.create(
        programme=programme, organisation_a=a, organisation_b=b
    )
    PairRule.objects.create(programme=programme, mentor=m, mentee=e, kind="lock")


@pytest.mark.parametrize(
    "setup, code, french",
    [
        (_only_mentees, "no_mentors", "aucun mentor accepté"),
        (_only_mentors, "no_mentees", "aucun mentoré accepté"),
        (_one_organisation, "single_organisation", "travaillent chez Acme Unique"),
        (_no_room_left, "no_capacity", "Aucun mentor ne peut accueillir"),
        (_locked_twice, "mentee_locked_twice", "verrouillé avec 2 mentors à la fois"),
        (_locked_over_capacity, "mentor_locked_over_capacity", "2 binômes verrouillés"),
        (_locked_within_one_organisation, "locked_same_organisation", "Acme Interne"),
        (
            _locked_across_incompatible_organisations,
            "locked_incompatible_organisations",
            "Rivale A et Rivale B",
        ),
    ],
)
def test_bad_input_fails_the_run_with_a_french_message_and_stores_no_pair(
    run_now, setup, code, french
):
    programme = programme_with_topics()
    setup(programme)
    run = run_now(programme, by=UserFactory())

    assert run.status == RunStatus.FAILED
    assert code in [issue["code"] for issue in run.issues if issue["blocking"]]
    assert not ProposedPair.objects.filter(run=run).exists()
    assert not UnmatchedMentee.objects.filter(run=run).exists()
    assert run.summary == {}
    with translation.override("fr"):
        texts = [describe_issue(issue["code"], issue["params"]) for issue in run.issues]
    assert any(french in text for text in texts), texts


def test_issue_params_keep_the_names_as_they_were(run_now):
    programme = programme_with_topics()
    _locked_within_one_organisation(programme)
    run = run_now(programme)
    [issue] = [i for i in run.issues if i["code"] == "locked_same_organisation"]
    lock = PairRule.objects.get(programme=programme)
    assert issue["params"]["organisation_name"] == "Acme Interne"
    assert issue["params"]["mentor_name"] == str(lock.mentor.user)
    assert issue["params"]["mentee_name"] == str(lock.mentee.user)
