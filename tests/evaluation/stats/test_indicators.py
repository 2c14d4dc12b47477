import pytest

from evaluation.stats import indicator_status


@pytest.mark.parametrize(
    "value, target, status",
    [
        (82, "80 %", "reached"),
        (78, "80 %", "not_reached"),
        (80, "80%", "reached"),
        (3.6, "≥ 3,5", "reached"),
        (3.4, "≥ 3,5", "not_reached"),
        (70, "au moins 70 %", "reached"),
        (69, "au moins 70 %", "not_reached"),
        (3.5, "3.5", "reached"),
        (15, "moins de 20 %", "reached"),
        (20, "moins de 20 %", "not_reached"),
        (2, "au plus 2", "reached"),
        (3, "au plus 2", "not_reached"),
        (61, "plus de 60 %", "reached"),
        (60, "plus de 60 %", "not_reached"),
        (10, "<= 10", "reached"),
    ],
)
def test_it_reads_the_target_and_compares(value, target, status):
    assert indicator_status(value, target) == status


@pytest.mark.parametrize("target", ["", None, "à définir", "améliorer"])
def test_a_target_without_a_number_is_no_target(target):
    assert indicator_status(50, target) == "no_target"


def test_no_value_is_no_data():
    assert indicator_status(None, "80 %") == "no_data"
