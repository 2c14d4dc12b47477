"""`solve` is exact: on small random instances it matches a brute-force enumeration of every
feasible assignment (cardinality, then total; with fairness: cardinality, lowest, then total)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_engine_helpers import brute_force, mentee, mentor, objective, problem

from matching.engine import EngineError, Settings, Weights, greedy, solve, validate

people = st.fixed_dictionaries(
    {
        "org": st.integers(1, 3),
        "departement": st.sampled_from(["21", "25", "70", "90", "971", ""]),
        "sector": st.sampled_from(["", "BTP", "Commerce"]),
        "experience_years": st.none() | st.integers(0, 12),
        "topics": st.frozensets(st.sampled_from("abcd"), max_size=3),
        "mode": st.sampled_from(["presentiel", "distanciel", "mixte", ""]),
    }
)


@st.composite
def problems(draw, fairness: bool):
    mentors = [
        mentor(capacity=draw(st.integers(0, 2)), **fields)
        for fields in draw(st.lists(people, min_size=1, max_size=4))
    ]
    mentees = [mentee(**fields) for fields in draw(st.lists(people, min_size=1, max_size=5))]
    cells = [(m.id, e.id) for m in mentors for e in mentees]
    pick = st.sampled_from(cells)
    return problem(
        mentors,
        mentees,
        settings=Settings(
            weights=draw(
                st.builds(
                    Weights,
                    topics=st.integers(0, 40),
                    experience=st.integers(0, 40),
                    mode=st.integers(0, 40),
                    distance=st.integers(0, 40),
                    sector=st.integers(0, 40),
                )
            ),
            sector_preference=draw(st.sampled_from(["same", "different", "indifferent"])),
            proximity_required=draw(st.booleans()),
            fairness=fairness,
        ),
        locked=draw(st.sets(pick, max_size=2)),
        excluded=draw(st.sets(pick, max_size=3)),
        incompatible_organisations=draw(
            st.sets(st.frozensets(st.integers(1, 3), min_size=2, max_size=2), max_size=1)
        ),
    )


def assert_optimal(p):
    if any(issue.blocking for issue in validate(p)):
        with pytest.raises(EngineError):
            solve(p)
        return
    found = objective(solve(p), p.settings.fairness)
    best = brute_force(p)
    assert found == pytest.approx(best, abs=1e-6)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems(fairness=False))
def test_solve_matches_as_many_then_maximises_the_total_like_brute_force(p):
    assert_optimal(p)


@FAST
@given(problems(fairness=True))
def test_solve_with_fairness_maximises_the_lowest_score_then_the_total_like_brute_force(p):
    assert_optimal(p)


@FAST
@given(problems(fairness=False))
def test_greedy_is_never_better_than_solve(p):
    if any(issue.blocking for issue in validate(p)):
        return
    optimal, baseline = solve(p).summary, greedy(p).summary
    assert baseline.matched <= optimal.matched
    if baseline.matched == optimal.matched:
        assert baseline.total_score <= optimal.total_score + 1e-6


def test_solve_beats_greedy_when_the_best_pair_blocks_two_others():
    # Greedy takes the single best pair (m1, e1) and leaves e2 without a mentor; the optimum
    # gives up a little score to match both.
    m1, m2 = mentor(org=1, topics=frozenset("ab")), mentor(org=3, topics=frozenset())
    e1 = mentee(org=2, topics=frozenset("ab"))
    e2 = mentee(org=3, topics=frozenset("ab"))  # cannot take m2, same organisation
    p = problem([m1, m2], [e1, e2])
    assert solve(p).summary.matched == 2
    assert greedy(p).summary.matched == 1


TOPICS_ONLY = Weights(topics=1, experience=0, mode=0, distance=0, sector=0)


def fairness_case():
    """Pairing A (x–e1 100, y–e2 20) has the best total; pairing B (x–e2 40, y–e1 50) the best
    lowest score."""
    x, y = mentor(org=1, topics=frozenset("ab")), mentor(org=3, topics=frozenset("a"))
    e1, e2 = mentee(org=2, topics=frozenset("ab")), mentee(org=2, topics=frozenset("abcde"))
    return x, y, e1, e2


def test_fairness_trades_total_for_a_better_lowest_score():
    x, y, e1, e2 = fairness_case()
    plain = solve(problem([x, y], [e1, e2], weights=TOPICS_ONLY))
    fair = solve(problem([x, y], [e1, e2], weights=TOPICS_ONLY, fairness=True))
    assert (plain.summary.total_score, plain.summary.lowest_score) == pytest.approx((120, 20))
    assert (fair.summary.total_score, fair.summary.lowest_score) == pytest.approx((90, 40))
    assert {(p.mentor_id, p.mentee_id) for p in fair.pairs} == {(x.id, e2.id), (y.id, e1.id)}


def test_fairness_keeps_the_best_total_when_a_locked_pair_is_lower_anyway():
    x, y, e1, e2 = fairness_case()
    z = mentor(org=4, topics=frozenset("a"))
    e0 = mentee(org=2, topics=frozenset("abcdefghij"))  # z–e0 scores 10, below both pairings
    p = problem([x, y, z], [e0, e1, e2], weights=TOPICS_ONLY, fairness=True, locked={(z.id, e0.id)})
    result = solve(p)
    assert (result.summary.total_score, result.summary.lowest_score) == pytest.approx((130, 10))
