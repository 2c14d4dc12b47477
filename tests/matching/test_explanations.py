"""Every code of the engine reads as a French sentence; unknown codes never crash."""

import re

import pytest
from django.utils import translation

from matching import engine
from matching.explanations import (
    CRITERION_CODES,
    ISSUE_CODES,
    UNMATCHED_CODES,
    VIOLATION_CODES,
    describe_criterion,
    describe_issue,
    describe_unmatched,
    describe_violation,
    participant_reasons,
)
from tests.factories import OrganisationFactory

# One example of params per code, as the engine gives them (matching.engine's docstring).
CRITERIA = {
    "topics_shared": {
        "criterion": "topics",
        "shared": ["Gestion des priorités", "Conduire le changement"],
        "sought": 3,
        "offered": 4,
    },
    "topics_none_sought": {"criterion": "topics", "offered": 4},
    "experience_ahead": {
        "criterion": "experience",
        "mentor_years": 12,
        "mentee_years": 4,
        "ahead": 8,
    },
    "experience_unknown": {"criterion": "experience", "mentor_years": None, "mentee_years": 3},
    "mode_same": {"criterion": "mode", "mentor_mode": "presentiel", "mentee_mode": "presentiel"},
    "mode_one_mixte": {"criterion": "mode", "mentor_mode": "mixte", "mentee_mode": "distanciel"},
    "mode_opposite": {
        "criterion": "mode",
        "mentor_mode": "presentiel",
        "mentee_mode": "distanciel",
    },
    "mode_unknown": {"criterion": "mode", "mentor_mode": "", "mentee_mode": "mixte"},
    "distance_same_departement": {
        "criterion": "distance",
        "mentor_departement": "25",
        "mentee_departement": "25",
        "km": 0,
        "neighbours": False,
    },
    "distance_km": {
        "criterion": "distance",
        "mentor_departement": "25",
        "mentee_departement": "39",
        "km": 62,
        "neighbours": True,
    },
    "distance_unknown": {
        "criterion": "distance",
        "mentor_departement": "",
        "mentee_departement": "21",
    },
    "sector_indifferent": {"criterion": "sector", "preference": "indifferent"},
    "sector_same": {
        "criterion": "sector",
        "preference": "different",
        "mentor_sector": "Industrie",
        "mentee_sector": "Industrie",
    },
    "sector_different": {
        "criterion": "sector",
        "preference": "different",
        "mentor_sector": "Industrie",
        "mentee_sector": "Commerce",
    },
    "sector_unknown": {"criterion": "sector", "preference": "same", "mentor_sector": ""},
}
UNMATCHED = {
    "no_mentor_outside_organisation": {"organisation_id": 1},
    "only_incompatible_organisations": {"organisation_id": 1},
    "excluded_all": {"excluded": 3},
    "proximity": {"departement": "25"},
    "no_mentor_with_topics": {"compatible": 4, "sought": 2},
    "all_compatible_mentors_full": {"compatible": 4, "with_topics": 2},
    "removed_by_coordinator": {"mentor_id": 10, "mentor_name": "Anne Petit"},
}
VIOLATIONS = {
    "same_organisation": {"organisation_id": 1},
    "incompatible_organisations": {"mentor_organisation_id": 1, "mentee_organisation_id": 2},
    "excluded": {},
    "proximity": {"mentor_departement": "25", "mentee_departement": "13"},
}
PAIR = {"mentor_id": 10, "mentee_id": 20, "mentor_name": "Anne Petit", "mentee_name": "Marc Roux"}
ISSUES = {
    "no_mentors": {},
    "no_mentees": {},
    "no_capacity": {},
    "single_organisation": {"organisation_id": 1},
    "duplicate_mentor_id": {"mentor_id": 10, "mentor_name": "Anne Petit"},
    "duplicate_mentee_id": {"mentee_id": 20, "mentee_name": "Marc Roux"},
    "negative_capacity": {"mentor_id": 10, "mentor_name": "Anne Petit", "capacity": -1},
    "negative_weight": {"criterion": "topics", "weight": -5},
    "invalid_sector_preference": {"value": "both"},
    "locked_unknown_mentor": PAIR,
    "locked_unknown_mentee": PAIR,
    "locked_and_excluded": PAIR,
    "locked_same_organisation": {**PAIR, "organisation_id": 1},
    "locked_incompatible_organisations": {
        **PAIR,
        "mentor_organisation_id": 1,
        "mentee_organisation_id": 2,
    },
    "locked_proximity": {**PAIR, "mentor_departement": "25", "mentee_departement": "13"},
    "mentor_locked_over_capacity": {
        "mentor_id": 10,
        "mentor_name": "Anne Petit",
        "capacity": 1,
        "locked": 2,
    },
    "mentee_locked_twice": {
        "mentee_id": 20,
        "mentee_name": "Marc Roux",
        "mentor_ids": [10, 11],
        "mentor_names": ["Anne Petit", "Luc Blanc"],
    },
    "weights_all_zero": {},
    "excluded_unknown_id": {"mentor_id": 10, "mentee_id": 99},
    "unknown_departement": {
        "role": "mentor",
        "id": 10,
        "departement": "XX",
        "mentor_name": "Anne Petit",
    },
    "in_person_without_departement": {
        "role": "mentee",
        "id": 20,
        "departement": "",
        "mentee_name": "Marc Roux",
    },
    "unknown_mentor": {"mentor_id": 10, "mentor_name": "Anne Petit"},
    "unknown_mentee": {"mentee_id": 20, "mentee_name": "Marc Roux"},
    "lock_ignored": PAIR,
    "unexpected_error": {},
    "worker_lost": {},
}
NAMES = {1: "Fromagerie du Haut-Doubs", 2: "Transports Vuillemin"}


def _engine_codes() -> set[str]:
    """Every code the engine's docstring lists (lines "- code: params" or "- a, b, c (…)")."""
    codes = set()
    for line in engine.__doc__.splitlines():
        match = re.match(r"^- ([a-z_, ]+?)(?::|\s\(|$)", line.strip())
        if match:
            codes.update(c.strip() for c in match.group(1).split(",") if c.strip())
        codes.update(re.findall(r"; ([a-z_]+):", line))
    codes.update(re.findall(r"with (unknown_mentor|unknown_mentee)", engine.__doc__))
    codes.update(re.findall(r"or (unknown_mentee)", engine.__doc__))
    return codes


def test_the_examples_cover_every_code_of_the_engine():
    documented = _engine_codes()
    covered = set(CRITERIA) | set(UNMATCHED) | set(VIOLATIONS) | set(ISSUES)
    assert documented - covered == set()
    assert "topics_shared" in documented and "mentee_locked_twice" in documented
    assert set(CRITERIA) == CRITERION_CODES
    assert set(UNMATCHED) == UNMATCHED_CODES
    assert set(VIOLATIONS) == VIOLATION_CODES
    assert set(ISSUES) == ISSUE_CODES


def _french_and_english(function, code, params):
    with translation.override("fr"):
        french = function(code, params, names=NAMES)
    with translation.override("en"):
        english = function(code, params, names=NAMES)
    return french, english


@pytest.mark.parametrize("code", sorted(CRITERIA))
def test_each_criterion_reads_as_a_french_sentence(code):
    criterion = {"code": code, **CRITERIA[code], "value": 1.0, "weight": 20.0, "points": 20.0}
    with translation.override("fr"):
        french = describe_criterion(criterion)
    with translation.override("en"):
        english = describe_criterion(criterion)
    assert french.endswith(".") and french != english


@pytest.mark.parametrize("code", sorted(UNMATCHED))
def test_each_unmatched_reason_reads_as_a_french_sentence(code):
    french, english = _french_and_english(describe_unmatched, code, UNMATCHED[code])
    assert french.endswith(".") and french != english
    # Each says what to do next.
    assert any(word in french for word in ("recrut", "profil", "exclusion", "relancez"))


@pytest.mark.parametrize("code", sorted(VIOLATIONS))
def test_each_violation_reads_as_a_french_sentence(code):
    french, english = _french_and_english(describe_violation, code, VIOLATIONS[code])
    assert french.endswith(".") and french != english


@pytest.mark.parametrize("code", sorted(ISSUES))
def test_each_issue_reads_as_a_french_sentence(code):
    french, english = _french_and_english(describe_issue, code, ISSUES[code])
    assert french.endswith(".") and french != english
    assert "%(" not in french


def test_the_topics_sentence_names_the_shared_topics():
    with translation.override("fr"):
        text = describe_criterion({"code": "topics_shared", **CRITERIA["topics_shared"]})
    assert text == (
        "2 thématiques recherchées sur 3 sont proposées par le mentor : Gestion des priorités, "
        "Conduire le changement."
    )


def test_plural_and_singular_forms_are_french():
    with translation.override("fr"):
        one = describe_criterion(
            {"code": "topics_shared", "shared": ["Dialogue social"], "sought": 2, "offered": 1}
        )
        years = describe_criterion(
            {"code": "experience_ahead", "mentor_years": 6, "mentee_years": 1, "ahead": 5}
        )
    assert one == "1 thématique recherchée sur 2 est proposée par le mentor : Dialogue social."
    assert years == (
        "Le mentor a 6 ans d’expérience de management, soit 5 ans de plus que le mentoré (1 an)."
    )


def test_departements_and_organisations_are_named():
    with translation.override("fr"):
        distance = describe_criterion({"code": "distance_km", **CRITERIA["distance_km"]})
        violation = describe_violation(
            "incompatible_organisations", VIOLATIONS["incompatible_organisations"], names=NAMES
        )
    assert distance == (
        "Départements voisins, Doubs (25) et Jura (39), à environ 62 km l’un de l’autre."
    )
    assert violation == (
        "Fromagerie du Haut-Doubs et Transports Vuillemin sont déclarées incompatibles."
    )


@pytest.mark.parametrize(
    ("mentor", "mentee", "french", "english"),
    [
        (
            "89",
            "21",
            "Le mentor est dans l’Yonne (89) et le mentoré en Côte-d’Or (21), à environ 120 km "
            "l’un de l’autre.",
            "The mentor is in Yonne (89) and the mentee in Côte-d’Or (21), about 120 km apart.",
        ),
        (
            "90",
            "25",
            "Le mentor est dans le Territoire de Belfort (90) et le mentoré dans le Doubs (25), "
            "à environ 120 km l’un de l’autre.",
            "The mentor is in Territoire de Belfort (90) and the mentee in Doubs (25), about "
            "120 km apart.",
        ),
        (
            "75",
            "974",
            "Le mentor est à Paris (75) et le mentoré à La Réunion (974), à environ 120 km "
            "l’un de l’autre.",
            "The mentor is in Paris (75) and the mentee in La Réunion (974), about 120 km apart.",
        ),
    ],
)
def test_the_distance_says_each_departement_with_its_own_preposition(
    mentor, mentee, french, english
):
    criterion = {
        "code": "distance_km",
        "mentor_departement": mentor,
        "mentee_departement": mentee,
        "km": 120,
        "neighbours": False,
    }
    with translation.override("fr"):
        assert describe_criterion(criterion) == french
    with translation.override("en"):
        assert describe_criterion(criterion) == english


def test_an_unmatched_mentee_far_from_every_mentor_is_said_to_be_in_their_departement():
    with translation.override("fr"):
        text = describe_unmatched("proximity", {"departement": "89"})
    assert "aucun mentor disponible n’est dans l’Yonne (89) ni dans un département voisin" in text
    assert "en Yonne" not in text


@pytest.mark.django_db
def test_organisation_names_are_looked_up_when_not_given():
    organisation = OrganisationFactory(name="Lunetterie de Morez")
    with translation.override("fr"):
        text = describe_unmatched(
            "no_mentor_outside_organisation", {"organisation_id": organisation.pk}
        )
    assert "Lunetterie de Morez" in text


def test_stored_names_are_preferred_to_ids():
    with translation.override("fr"):
        text = describe_issue("locked_and_excluded", PAIR)
    assert text.startswith("Le binôme Anne Petit – Marc Roux est à la fois verrouillé et exclu")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "function", [describe_issue, describe_unmatched, describe_violation], ids=lambda f: f.__name__
)
def test_an_unknown_code_gives_a_generic_sentence(function):
    with translation.override("fr"):
        text = function("code_from_the_future", {"x": 1})
    assert text and text.endswith(".")


def test_an_unknown_or_broken_criterion_gives_a_generic_sentence():
    with translation.override("fr"):
        unknown = describe_criterion({"code": "code_from_the_future"})
        broken = describe_criterion({"code": "topics_shared"})  # its params are missing
    assert unknown == broken == "Un autre critère a été pris en compte."


def test_participants_read_only_what_speaks_for_their_pair_and_no_number_of_score():
    criteria = [
        {"code": code, **params, "value": value, "weight": 20.0, "points": points}
        for (code, params), value, points in zip(
            CRITERIA.items(),
            [1.0, 0.5, 1.0, 0.5, 1.0] + [0.0] * 10,
            [40, 10, 20, 7, 15] + [0] * 10,
            strict=True,
        )
    ]
    with translation.override("fr"):
        reasons = participant_reasons(criteria)
    assert reasons[0].startswith("2 thématiques recherchées sur 3")
    assert len(reasons) == 3
    assert not any("score" in reason.lower() or "point" in reason.lower() for reason in reasons)
