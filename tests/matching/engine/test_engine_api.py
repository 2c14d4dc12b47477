"""The questions the Django layer asks: explain a pair, suggest alternatives, list candidates,
and why a mentee is left without a mentor."""

import numpy as np
import pytest
from matching_engine_helpers import mentee, mentor, problem

from matching.engine import EngineError, Weights, alternatives, candidates, explain, solve
from matching.engine import score_matrix as engine_score_matrix


def test_explain_scores_a_forbidden_pair_and_names_every_broken_constraint():
    m = mentor(org=1, mode="presentiel", departement="25", topics=frozenset("a"))
    e = mentee(org=1, mode="presentiel", departement="21", topics=frozenset("a"))
    p = problem([m], [e, mentee(org=2)], excluded={(m.id, e.id)}, proximity_required=True)
    explanation = explain(p, m.id, e.id)
    assert not explanation.allowed
    assert [v.code for v in explanation.violations] == [
        "same_organisation",
        "excluded",
        "proximity",
    ]
    assert explanation.violations[0].params == {"organisation_id": 1}
    assert explanation.score == pytest.approx(sum(c.points for c in explanation.criteria))
    assert [c.criterion for c in explanation.criteria] == [
        "topics",
        "experience",
        "mode",
        "distance",
        "sector",
    ]


def test_explain_an_allowed_pair():
    m, e = mentor(org=1), mentee(org=2)
    explanation = explain(problem([m], [e]), m.id, e.id)
    assert explanation.allowed and explanation.violations == ()


def test_explain_refuses_unknown_ids_with_coded_issues():
    m, e = mentor(org=1), mentee(org=2)
    with pytest.raises(EngineError) as raised:
        explain(problem([m], [e]), 123_456, e.id)
    assert [(i.code, i.params) for i in raised.value.issues] == [
        ("unknown_mentor", {"mentor_id": 123_456})
    ]


def test_alternatives_are_the_best_allowed_mentors_whatever_their_load():
    e = mentee(org=2, topics=frozenset("abcd"))
    best = mentor(org=1, topics=frozenset("abcd"), capacity=1)
    second = mentor(org=1, topics=frozenset("abc"))
    third = mentor(org=1, topics=frozenset("ab"))
    fourth = mentor(org=1, topics=frozenset("a"))
    colleague = mentor(org=2, topics=frozenset("abcd"))
    unavailable = mentor(org=1, topics=frozenset("abcd"), capacity=0)
    taken = mentee(org=3)
    p = problem(
        [fourth, colleague, third, unavailable, second, best],
        [e, taken],
        locked={(best.id, taken.id)},  # best is full, still a fine alternative
        weights=Weights(topics=1, experience=0, mode=0, distance=0, sector=0),
    )
    found = alternatives(p, e.id)
    assert [a.mentor_id for a in found] == [best.id, second.id, third.id]
    assert [a.score for a in found] == pytest.approx([100, 75, 50])
    assert len(alternatives(p, e.id, n=10)) == 4


def test_candidates_list_every_allowed_pair_with_its_score():
    m1, m2 = mentor(org=1), mentor(org=2)
    e1, e2 = mentee(org=2), mentee(org=3)
    p = problem([m1, m2], [e1, e2], excluded={(m1.id, e2.id)})
    found = candidates(p)
    assert sorted(zip(found.mentor_ids.tolist(), found.mentee_ids.tolist(), strict=True)) == sorted(
        [(m1.id, e1.id), (m2.id, e2.id)]
    )
    for m_id, e_id, score in zip(found.mentor_ids, found.mentee_ids, found.scores, strict=True):
        assert score == pytest.approx(explain(p, int(m_id), int(e_id)).score)


def test_the_score_matrix_follows_the_problems_order():
    mentors, mentees = [mentor(org=1), mentor(org=1)], [mentee(org=2), mentee(org=1), mentee()]
    matrix = engine_score_matrix(problem(mentors, mentees))
    assert matrix.scores.shape == matrix.allowed.shape == (3, 2)
    assert matrix.mentee_ids.tolist() == [e.id for e in mentees]
    assert matrix.mentor_ids.tolist() == [m.id for m in mentors]
    assert matrix.allowed[1].tolist() == [False, False]
    assert matrix.scores.dtype == np.float64


def test_pairs_carry_their_criteria_and_the_summary_adds_up():
    m = mentor(org=1, capacity=2, topics=frozenset("ab"))
    e1, e2 = mentee(org=2, topics=frozenset("ab")), mentee(org=3, topics=frozenset("a"))
    result = solve(problem([m], [e1, e2], locked={(m.id, e2.id)}))
    assert [(p.mentee_id, p.locked) for p in result.pairs] == [(e1.id, False), (e2.id, True)]
    for pair in result.pairs:
        assert pair.score == pytest.approx(sum(c.points for c in pair.criteria))
    summary = result.summary
    assert (summary.matched, summary.unmatched) == (2, 0)
    assert summary.total_score == pytest.approx(sum(p.score for p in result.pairs))
    assert summary.mean_score == pytest.approx(summary.total_score / 2)
    assert summary.lowest_score == min(p.score for p in result.pairs)


def test_an_empty_proposal_has_no_mean_nor_lowest_score():
    m = mentor(org=1)
    e = mentee(org=2)
    summary = solve(problem([m], [e], excluded={(m.id, e.id)})).summary
    assert (summary.matched, summary.mean_score, summary.lowest_score) == (0, None, None)


def test_a_mentee_left_out_because_all_compatible_mentors_are_full():
    m = mentor(org=1, capacity=1, topics=frozenset("a"))
    first = mentee(org=2, topics=frozenset("a"))
    second = mentee(org=3, topics=frozenset("ab"))
    result = solve(problem([m], [first, second], locked={(m.id, first.id)}))
    assert [(u.mentee_id, u.code, u.params) for u in result.unmatched] == [
        (second.id, "all_compatible_mentors_full", {"compatible": 1, "with_topics": 1})
    ]


def test_a_mentee_left_out_whose_compatible_mentors_offer_none_of_the_sought_topics():
    m = mentor(org=1, capacity=1, topics=frozenset("x"))
    first = mentee(org=2, topics=frozenset("x"))
    second = mentee(org=3, topics=frozenset("ab"))
    result = solve(problem([m], [first, second]))
    assert [(u.mentee_id, u.code, u.params) for u in result.unmatched] == [
        (second.id, "no_mentor_with_topics", {"compatible": 1, "sought": 2})
    ]


def test_fairness_copes_with_every_mentee_locked():
    m, e = mentor(org=1), mentee(org=2)
    result = solve(problem([m], [e], locked={(m.id, e.id)}, fairness=True))
    assert [(p.mentor_id, p.mentee_id, p.locked) for p in result.pairs] == [(m.id, e.id, True)]
