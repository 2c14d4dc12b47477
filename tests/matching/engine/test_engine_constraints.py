"""Hard constraints: whatever the scores, a forbidden pair is never proposed."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from matching_engine_helpers import mentee, mentor, pair_ids, problem

from matching.engine import candidates, explain, solve

GOOD = {"topics": frozenset({"a"}), "mode": "presentiel", "departement": "21"}


def test_a_mentor_and_mentee_of_the_same_organisation_are_never_paired():
    m = mentor(org=1, capacity=2, **GOOD)
    colleague, outsider = mentee(org=1, **GOOD), mentee(org=2, **GOOD)
    result = solve(problem([m], [colleague, outsider]))
    assert pair_ids(result) == {(m.id, outsider.id)}
    assert [u.code for u in result.unmatched] == ["no_mentor_outside_organisation"]
    assert result.unmatched[0].params == {"organisation_id": 1}


def test_a_mentor_never_gets_more_mentees_than_capacity():
    mentors = [mentor(org=1, capacity=2), mentor(org=1, capacity=1), mentor(org=1, capacity=0)]
    mentees = [mentee(org=2) for _ in range(6)]
    result = solve(problem(mentors, mentees))
    load = Counter(p.mentor_id for p in result.pairs)
    assert all(load[m.id] <= m.capacity for m in mentors)
    assert result.summary.matched == 3
    assert {u.code for u in result.unmatched} == {"all_compatible_mentors_full"}


def test_excluded_pairs_never_appear():
    m1, m2 = mentor(org=1, **GOOD), mentor(org=1)
    e = mentee(org=2, **GOOD)
    result = solve(problem([m1, m2], [e], excluded={(m1.id, e.id)}))
    assert pair_ids(result) == {(m2.id, e.id)}


def test_a_mentee_excluded_with_every_mentor_is_unmatched_with_that_reason():
    m1, m2 = mentor(org=1), mentor(org=3)
    e = mentee(org=2)
    result = solve(problem([m1, m2], [e], excluded={(m1.id, e.id), (m2.id, e.id)}))
    assert result.pairs == ()
    assert (result.unmatched[0].code, result.unmatched[0].params) == (
        "excluded_all",
        {"excluded": 2},
    )


def test_locked_pairs_always_appear_even_against_the_score():
    best, poor = mentor(org=1, **GOOD), mentor(org=3, mode="distanciel", departement="971")
    e = mentee(org=2, **GOOD)
    result = solve(problem([best, poor], [e], locked={(poor.id, e.id)}))
    assert pair_ids(result) == {(poor.id, e.id)}
    assert result.pairs[0].locked


def test_locked_pairs_use_their_mentors_capacity():
    m = mentor(org=1, capacity=1)
    locked_mentee, other = mentee(org=2), mentee(org=2, **GOOD)
    result = solve(problem([m], [locked_mentee, other], locked={(m.id, locked_mentee.id)}))
    assert pair_ids(result) == {(m.id, locked_mentee.id)}
    assert [u.mentee_id for u in result.unmatched] == [other.id]


def test_incompatible_organisations_never_meet():
    m1, m2 = mentor(org=1, **GOOD), mentor(org=3)
    e = mentee(org=2, **GOOD)
    result = solve(problem([m1, m2], [e], incompatible_organisations={frozenset({1, 2})}))
    assert pair_ids(result) == {(m2.id, e.id)}
    alone = solve(problem([m1], [e, mentee(org=4)], incompatible_organisations={frozenset({1, 2})}))
    reasons = {u.mentee_id: u.code for u in alone.unmatched}
    assert reasons == {e.id: "only_incompatible_organisations"}


def test_two_in_person_participants_must_be_in_the_same_or_a_neighbouring_departement():
    far = mentor(org=1, mode="presentiel", departement="25")  # Doubs does not touch Côte-d'Or
    e = mentee(org=2, mode="presentiel", departement="21")
    p = problem([far], [e], proximity_required=True)
    assert solve(p).pairs == ()
    assert (solve(p).unmatched[0].code, solve(p).unmatched[0].params) == (
        "proximity",
        {"departement": "21"},
    )
    near = mentor(org=1, mode="presentiel", departement="70")
    assert pair_ids(solve(problem([near], [e], proximity_required=True))) == {(near.id, e.id)}


def test_proximity_does_not_apply_to_mixte_or_when_not_required():
    far_mixte = mentor(org=1, mode="mixte", departement="971")
    far_in_person = mentor(org=1, mode="presentiel", departement="971")
    e = mentee(org=2, mode="presentiel", departement="21")
    assert solve(problem([far_mixte], [e], proximity_required=True)).summary.matched == 1
    assert solve(problem([far_in_person], [e], proximity_required=False)).summary.matched == 1


def test_an_unknown_departement_does_not_meet_the_proximity_rule():
    m = mentor(org=1, mode="presentiel", departement="")
    e = mentee(org=2, mode="presentiel", departement="21")
    assert solve(problem([m], [e], proximity_required=True)).summary.matched == 0
    assert explain(problem([m], [e], proximity_required=True), m.id, e.id).violations[0].code == (
        "proximity"
    )


people = st.fixed_dictionaries(
    {
        "org": st.integers(1, 3),
        "departement": st.sampled_from(["21", "25", "70", "971", ""]),
        "mode": st.sampled_from(["presentiel", "distanciel", "mixte", ""]),
        "topics": st.frozensets(st.sampled_from("abc"), max_size=2),
        "experience_years": st.none() | st.integers(0, 10),
    }
)


@settings(max_examples=60, deadline=None)
@given(
    mentor_fields=st.lists(people, min_size=1, max_size=5),
    capacities=st.lists(st.integers(0, 3), min_size=5, max_size=5),
    mentee_fields=st.lists(people, min_size=1, max_size=8),
    exclusions=st.sets(st.tuples(st.integers(0, 4), st.integers(0, 7)), max_size=6),
    incompatible=st.sets(st.frozensets(st.integers(1, 3), min_size=2, max_size=2), max_size=2),
    proximity=st.booleans(),
    fairness=st.booleans(),
)
def test_no_solution_ever_breaks_a_hard_constraint(
    mentor_fields, capacities, mentee_fields, exclusions, incompatible, proximity, fairness
):
    mentors = [mentor(capacity=c, **f) for f, c in zip(mentor_fields, capacities, strict=False)]
    mentees = [mentee(**f) for f in mentee_fields]
    excluded = {
        (mentors[j].id, mentees[i].id)
        for j, i in exclusions
        if j < len(mentors) and i < len(mentees)
    }
    p = problem(
        mentors,
        mentees,
        excluded=excluded,
        incompatible_organisations=incompatible,
        proximity_required=proximity,
        fairness=fairness,
    )
    if (
        sum(capacities[: len(mentors)]) == 0
        or len({x["org"] for x in mentor_fields + mentee_fields}) == 1
    ):
        return  # refused by validation, tested elsewhere
    result = solve(p)
    load = Counter(pair.mentor_id for pair in result.pairs)
    assert all(load[m.id] <= m.capacity for m in mentors)
    assert len({pair.mentee_id for pair in result.pairs}) == len(result.pairs)
    for pair in result.pairs:
        assert explain(p, pair.mentor_id, pair.mentee_id).allowed
    assert result.summary.matched + result.summary.unmatched == len(mentees)

    allowed = set(
        zip(
            *(a.tolist() for a in (candidates(p).mentor_ids, candidates(p).mentee_ids)), strict=True
        )
    )
    assert allowed == {
        (m.id, e.id) for m in mentors for e in mentees if explain(p, m.id, e.id).allowed
    }
