import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_engine_helpers import mentee, mentor, problem

from matching.engine import Settings, Weights, explain, score_matrix


def criterion(p, name, mentor_id=None, mentee_id=None):
    mentor_id = mentor_id or p.mentors[0].id
    mentee_id = mentee_id or p.mentees[0].id
    found = {c.criterion: c for c in explain(p, mentor_id, mentee_id).criteria}
    return found[name]


def one_pair(mentor_fields=None, mentee_fields=None, **settings_fields):
    return problem(
        [mentor(**(mentor_fields or {}))], [mentee(**(mentee_fields or {}))], **settings_fields
    )


# --- topics ------------------------------------------------------------------------------------


def test_topics_value_is_the_share_of_sought_topics_the_mentor_offers():
    p = one_pair({"topics": frozenset({"a", "b", "x"})}, {"topics": frozenset({"a", "b", "c"})})
    c = criterion(p, "topics")
    assert c.code == "topics_shared"
    assert c.value == pytest.approx(2 / 3)
    assert c.params == {"shared": ["a", "b"], "sought": 3, "offered": 3}
    assert c.points == pytest.approx(40 * 2 / 3)


def test_topics_are_neutral_when_the_mentee_seeks_nothing():
    c = criterion(one_pair({"topics": frozenset({"a"})}, {"topics": frozenset()}), "topics")
    assert (c.code, c.value, c.params) == ("topics_none_sought", 0.5, {"offered": 1})


def test_topics_are_worth_nothing_when_nothing_sought_is_offered():
    p = one_pair({"topics": frozenset({"x"})}, {"topics": frozenset({"a"})})
    c = criterion(p, "topics")
    assert (c.code, c.value, c.params["shared"]) == ("topics_shared", 0.0, [])


# --- experience --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentor_years", "mentee_years", "value"),
    [(15, 5, 1.0), (10, 5, 1.0), (8, 5, 0.6), (6, 5, 0.2), (5, 5, 0.0), (3, 5, 0.0)],
)
def test_experience_counts_fully_from_five_years_ahead_and_not_at_all_when_not_ahead(
    mentor_years, mentee_years, value
):
    p = one_pair({"experience_years": mentor_years}, {"experience_years": mentee_years})
    c = criterion(p, "experience")
    assert c.code == "experience_ahead"
    assert c.value == pytest.approx(value)
    assert c.params["ahead"] == mentor_years - mentee_years


@pytest.mark.parametrize(("mentor_years", "mentee_years"), [(None, 3), (3, None), (None, None)])
def test_experience_is_neutral_when_unknown(mentor_years, mentee_years):
    p = one_pair({"experience_years": mentor_years}, {"experience_years": mentee_years})
    c = criterion(p, "experience")
    assert (c.code, c.value) == ("experience_unknown", 0.5)


# --- mode --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentor_mode", "mentee_mode", "code", "value"),
    [
        ("presentiel", "presentiel", "mode_same", 1.0),
        ("mixte", "mixte", "mode_same", 1.0),
        ("mixte", "distanciel", "mode_one_mixte", 0.75),
        ("presentiel", "mixte", "mode_one_mixte", 0.75),
        ("presentiel", "distanciel", "mode_opposite", 0.25),
        ("", "distanciel", "mode_unknown", 0.5),
        ("presentiel", "", "mode_unknown", 0.5),
    ],
)
def test_mode_compatibility(mentor_mode, mentee_mode, code, value):
    c = criterion(one_pair({"mode": mentor_mode}, {"mode": mentee_mode}), "mode")
    assert (c.code, c.value) == (code, value)
    assert c.params == {"mentor_mode": mentor_mode, "mentee_mode": mentee_mode}


# --- distance ----------------------------------------------------------------------------------


def test_same_departement_is_the_best_distance():
    c = criterion(one_pair({"departement": "21"}, {"departement": "21"}), "distance")
    assert (c.code, c.value, c.params["km"]) == ("distance_same_departement", 1.0, 0)


def test_distance_decays_with_kilometres_and_says_whether_departements_touch():
    near = criterion(one_pair({"departement": "21"}, {"departement": "70"}), "distance")
    far = criterion(one_pair({"departement": "21"}, {"departement": "90"}), "distance")
    assert near.code == far.code == "distance_km"
    assert near.params["neighbours"] is True and far.params["neighbours"] is False
    assert 0 < far.value < near.value < 1
    assert near.value == pytest.approx(1 - near.params["km"] / 300, abs=0.01)


def test_distance_is_zero_beyond_300_km_and_neutral_when_unknown():
    overseas = criterion(one_pair({"departement": "21"}, {"departement": "971"}), "distance")
    assert overseas.value == 0.0
    unknown = criterion(one_pair({"departement": "21"}, {"departement": ""}), "distance")
    assert (unknown.code, unknown.value) == ("distance_unknown", 0.5)


# --- sector ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preference", "mentor_sector", "mentee_sector", "code", "value"),
    [
        ("indifferent", "BTP", "Commerce", "sector_indifferent", 1.0),
        ("indifferent", "", "Commerce", "sector_indifferent", 1.0),
        ("same", "BTP", "btp ", "sector_same", 1.0),
        ("same", "BTP", "Commerce", "sector_different", 0.0),
        ("different", "BTP", "Commerce", "sector_different", 1.0),
        ("different", "BTP", "BTP", "sector_same", 0.0),
        ("same", "", "BTP", "sector_unknown", 0.5),
    ],
)
def test_sector_follows_the_programme_preference(
    preference, mentor_sector, mentee_sector, code, value
):
    p = one_pair({"sector": mentor_sector}, {"sector": mentee_sector}, sector_preference=preference)
    c = criterion(p, "sector")
    assert (c.code, c.value) == (code, value)


# --- the score ---------------------------------------------------------------------------------


def test_points_add_up_to_the_score_and_weights_are_normalised():
    p = one_pair(
        {"topics": frozenset({"a"}), "experience_years": 10, "mode": "mixte", "departement": "25"},
        {"topics": frozenset({"a", "b"}), "experience_years": 2, "mode": "presentiel"},
        weights=Weights(topics=2, experience=1, mode=1, distance=0, sector=0),
    )
    e = explain(p, p.mentors[0].id, p.mentees[0].id)
    assert e.score == pytest.approx(sum(c.points for c in e.criteria))
    # (2 × 0.5 + 1 × 1 + 1 × 0.75) / 4 × 100
    assert e.score == pytest.approx(68.75)


def test_a_perfect_pair_scores_100():
    person = {"topics": frozenset({"a"}), "mode": "mixte", "departement": "21", "sector": "BTP"}
    p = one_pair({**person, "experience_years": 20}, {**person, "experience_years": 1})
    assert explain(p, p.mentors[0].id, p.mentees[0].id).score == pytest.approx(100)


def test_criteria_flatten_to_json_ready_dicts():
    p = one_pair({"topics": frozenset({"a"})}, {"topics": frozenset({"a", "b", "c"})})
    flat = criterion(p, "topics").as_dict()
    assert flat == {
        "criterion": "topics",
        "code": "topics_shared",
        "shared": ["a"],
        "sought": 3,
        "offered": 1,
        "value": 0.333,
        "weight": 40.0,
        "points": 13.33,
    }


# --- the matrix agrees with the one-pair explanation ------------------------------------------

people = st.fixed_dictionaries(
    {
        "org": st.integers(1, 3),
        "departement": st.sampled_from(["21", "25", "70", "90", "971", "2A", "", "xx"]),
        "sector": st.sampled_from(["", "BTP", "Commerce", "btp"]),
        "experience_years": st.none() | st.integers(0, 15),
        "topics": st.frozensets(st.sampled_from("abcdefg"), max_size=4),
        "mode": st.sampled_from(["presentiel", "distanciel", "mixte", ""]),
    }
)
engine_settings = st.builds(
    Settings,
    weights=st.builds(
        Weights,
        topics=st.integers(0, 50),
        experience=st.integers(0, 50),
        mode=st.integers(0, 50),
        distance=st.integers(0, 50),
        sector=st.integers(0, 50),
    ),
    sector_preference=st.sampled_from(["same", "different", "indifferent"]),
    proximity_required=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(
    mentor_fields=st.lists(people, min_size=1, max_size=4),
    mentee_fields=st.lists(people, min_size=1, max_size=4),
    engine_settings=engine_settings,
    excluded_first=st.booleans(),
)
def test_the_score_matrix_agrees_with_explain_for_every_pair(
    mentor_fields, mentee_fields, engine_settings, excluded_first
):
    mentors = [mentor(capacity=1, **f) for f in mentor_fields]
    mentees = [mentee(**f) for f in mentee_fields]
    excluded = {(mentors[0].id, mentees[0].id)} if excluded_first else set()
    p = problem(mentors, mentees, settings=engine_settings, excluded=excluded)
    matrix = score_matrix(p)
    for i, e in enumerate(mentees):
        for j, m in enumerate(mentors):
            expected = explain(p, m.id, e.id)
            assert matrix.scores[i, j] == pytest.approx(expected.score, abs=1e-9)
            assert matrix.allowed[i, j] == expected.allowed
    assert np.all((matrix.scores >= -1e-9) & (matrix.scores <= 100 + 1e-9))
