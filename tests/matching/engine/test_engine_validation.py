"""Bad input becomes coded issues; `solve` refuses blocking ones with a single exception class."""

import pytest
from matching_engine_helpers import mentee, mentor, problem

from matching.engine import EngineError, Issue, Weights, greedy, solve, validate


def codes(p) -> list[str]:
    return [issue.code for issue in validate(p)]


def test_a_sound_problem_has_no_issue():
    assert validate(problem([mentor(org=1)], [mentee(org=2)])) == []


def test_it_reports_missing_mentors_and_mentees():
    assert codes(problem([], [mentee()])) == ["no_mentors"]
    assert codes(problem([mentor()], [])) == ["no_mentees"]


def test_it_reports_a_single_organisation_for_everyone():
    p = problem([mentor(org=7)], [mentee(org=7), mentee(org=7)])
    assert validate(p) == [Issue("single_organisation", {"organisation_id": 7})]


def test_it_reports_when_every_capacity_is_zero():
    assert codes(problem([mentor(capacity=0), mentor(capacity=0)], [mentee()])) == ["no_capacity"]


def test_it_reports_negative_capacities_weights_and_an_unknown_preference():
    m = mentor(capacity=-1)
    p = problem(
        [m, mentor()],
        [mentee()],
        weights=Weights(topics=-1),
        sector_preference="whatever",
    )
    assert validate(p) == [
        Issue("negative_capacity", {"mentor_id": m.id, "capacity": -1}),
        Issue("negative_weight", {"criterion": "topics", "weight": -1}),
        Issue("invalid_sector_preference", {"value": "whatever"}),
    ]


def test_it_reports_duplicate_ids():
    p = problem([mentor(id=1), mentor(id=1)], [mentee(id=5), mentee(id=5)])
    assert codes(p) == ["duplicate_mentor_id", "duplicate_mentee_id"]


def test_it_reports_a_pair_both_locked_and_excluded():
    m, e = mentor(), mentee()
    p = problem([m], [e], locked={(m.id, e.id)}, excluded={(m.id, e.id)})
    assert validate(p) == [Issue("locked_and_excluded", {"mentor_id": m.id, "mentee_id": e.id})]


def test_it_reports_a_locked_pair_inside_one_organisation():
    m, e, other = mentor(org=3), mentee(org=3), mentee(org=4)
    p = problem([m], [e, other], locked={(m.id, e.id)})
    assert validate(p) == [
        Issue(
            "locked_same_organisation", {"mentor_id": m.id, "mentee_id": e.id, "organisation_id": 3}
        )
    ]


def test_it_reports_a_locked_pair_between_incompatible_organisations():
    m, e = mentor(org=1), mentee(org=2)
    p = problem([m], [e], locked={(m.id, e.id)}, incompatible_organisations={frozenset({1, 2})})
    assert codes(p) == ["locked_incompatible_organisations"]
    assert validate(p)[0].params["mentee_organisation_id"] == 2


def test_it_reports_a_locked_pair_breaking_the_proximity_rule():
    m = mentor(org=1, mode="presentiel", departement="25")
    e = mentee(org=2, mode="presentiel", departement="21")
    p = problem([m], [e], locked={(m.id, e.id)}, proximity_required=True)
    assert validate(p)[0] == Issue(
        "locked_proximity",
        {
            "mentor_id": m.id,
            "mentee_id": e.id,
            "mentor_departement": "25",
            "mentee_departement": "21",
        },
    )


def test_it_reports_a_mentor_locked_more_times_than_capacity():
    m = mentor(capacity=1)
    e1, e2 = mentee(), mentee()
    p = problem([m], [e1, e2], locked={(m.id, e1.id), (m.id, e2.id)})
    assert validate(p) == [
        Issue("mentor_locked_over_capacity", {"mentor_id": m.id, "capacity": 1, "locked": 2})
    ]


def test_it_reports_a_mentee_locked_twice():
    m1, m2, e = mentor(), mentor(), mentee()
    p = problem([m1, m2], [e], locked={(m1.id, e.id), (m2.id, e.id)})
    assert validate(p) == [
        Issue("mentee_locked_twice", {"mentee_id": e.id, "mentor_ids": sorted([m1.id, m2.id])})
    ]


def test_it_reports_unknown_ids_in_locks():
    m, e = mentor(), mentee()
    p = problem([m], [e], locked={(999_999, e.id), (m.id, 888_888)})
    assert sorted(codes(p)) == ["locked_unknown_mentee", "locked_unknown_mentor"]


def test_warnings_do_not_block_solving():
    m = mentor(org=1, mode="presentiel", departement="")
    e = mentee(org=2, departement="99")
    p = problem([m], [e], excluded={(m.id, 123_456)}, proximity_required=True)
    issues = validate(p)
    assert [i.code for i in issues] == [
        "excluded_unknown_id",
        "in_person_without_departement",  # the mentor
        "unknown_departement",  # the mentee
    ]
    assert not any(i.blocking for i in issues)
    assert solve(p).summary.matched == 1


def test_all_zero_weights_is_a_warning_and_every_score_is_zero():
    p = problem(
        [mentor(org=1)],
        [mentee(org=2)],
        weights=Weights(topics=0, experience=0, mode=0, distance=0, sector=0),
    )
    assert validate(p) == [Issue("weights_all_zero", blocking=False)]
    assert solve(p).pairs[0].score == 0


def test_blocking_issues_come_first():
    p = problem([mentor(org=1)], [mentee(org=2, departement="99")], weights=Weights(topics=-5))
    assert [i.blocking for i in validate(p)] == [True, False]


@pytest.mark.parametrize("function", [solve, greedy])
def test_solving_refuses_blocking_issues_with_one_exception_carrying_them(function):
    m, e = mentor(org=1), mentee(org=1)
    with pytest.raises(EngineError) as raised:
        function(problem([m], [e], locked={(m.id, e.id)}))
    assert [i.code for i in raised.value.issues] == [
        "single_organisation",
        "locked_same_organisation",
    ]
