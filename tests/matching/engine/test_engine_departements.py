import pytest

from france.departements import (
    DEPARTEMENTS,
    distance_km,
    normalise_departement,
    within_reach,
)

METROPOLITAN = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
OVERSEAS = ["971", "972", "973", "974", "976"]


def test_every_departement_is_listed_once():
    assert sorted(DEPARTEMENTS) == sorted(METROPOLITAN + OVERSEAS)
    assert len(METROPOLITAN) == 96


def test_adjacency_is_symmetric():
    for code, departement in DEPARTEMENTS.items():
        for neighbour in departement.neighbours:
            assert code in DEPARTEMENTS[neighbour].neighbours, (code, neighbour)


def test_a_departement_is_not_its_own_neighbour_and_neighbours_exist():
    for code, departement in DEPARTEMENTS.items():
        assert code not in departement.neighbours
        assert departement.neighbours <= DEPARTEMENTS.keys()


def test_every_metropolitan_departement_but_none_overseas_has_neighbours():
    assert all(DEPARTEMENTS[code].neighbours for code in METROPOLITAN)
    assert all(not DEPARTEMENTS[code].neighbours for code in OVERSEAS)


@pytest.mark.parametrize(
    ("code", "neighbours"),
    [
        ("21", "10 39 52 58 70 71 89"),
        ("25", "39 70 90"),
        ("39", "01 21 25 70 71"),
        ("58", "03 18 21 45 71 89"),
        ("70", "21 25 39 52 88 90"),
        ("71", "01 03 21 39 42 58 69"),
        ("89", "10 21 45 58 77"),
        ("90", "25 68 70 88"),
        # Neighbours of the region, whose lists are easy to get wrong.
        ("68", "67 88 90"),
        ("88", "52 54 55 67 68 70 90"),
        ("52", "10 21 51 55 70 88"),
        ("10", "21 51 52 77 89"),
        ("01", "38 39 69 71 73 74"),
        ("03", "18 23 42 58 63 71"),
        ("18", "03 23 36 41 45 58"),
        ("45", "18 28 41 58 77 89 91"),
        ("69", "01 38 42 71"),
        ("2A", "2B"),
    ],
)
def test_bourgogne_franche_comte_and_its_surroundings_have_the_right_neighbours(code, neighbours):
    assert DEPARTEMENTS[code].neighbours == frozenset(neighbours.split())


def test_within_reach_means_same_or_neighbouring_departement():
    assert within_reach("21", "21")
    assert within_reach("21", "70")
    assert not within_reach("21", "25")  # Côte-d'Or and Doubs do not touch
    assert not within_reach("971", "972")
    assert not within_reach("", "")
    assert not within_reach("21", "")


def test_distances_between_centroids_are_plausible():
    assert distance_km("21", "21") == 0
    assert 100 < distance_km("21", "25") < 140
    assert 60 < distance_km("25", "90") < 80
    assert distance_km("21", "971") > 6000
    assert distance_km("21", "") is None
    assert distance_km("21", "25") == distance_km("25", "21")


@pytest.mark.parametrize(
    ("raw", "code"),
    [("21", "21"), (" 21 ", "21"), ("1", "01"), ("2a", "2A"), ("971", "971"), ("20", ""), ("", "")],
)
def test_departement_codes_are_normalised(raw, code):
    assert normalise_departement(raw) == code
