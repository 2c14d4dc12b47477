import pytest

from evaluation.stats import VENTILATIONS, WHOLE, compute_wave

from .helpers import agreement, choice, find, number, record


def everyone(count, **kwargs):
    return [record(**kwargs) for _ in range(count)]


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        compute_wave("base", [agreement()], everyone(10, q=4), k=2)


def test_every_ventilation_has_its_respondents_and_the_item_figures():
    records = everyone(6, q=4) + everyone(6, role="mentor", q=5)
    figures = compute_wave("base", [agreement()], records, k=5)
    assert {f.ventilation for f in figures} == set(VENTILATIONS)
    assert find(figures, WHOLE, WHOLE, "", "répondants").value == 12
    assert find(figures, "rôle", "mentor", "", "répondants").value == 6
    statistics = {f.statistic for f in figures if f.ventilation == WHOLE and f.question == "q"}
    assert statistics == {f"effectif:a{v}" for v in range(1, 6)} | {"moyenne", "part_accord"}


def test_counts_means_and_shares_are_computed_over_those_who_answered():
    records = (
        everyone(5, q=4) + everyone(5, q=5) + everyone(5, q=2) + everyone(2)  # 2 did not answer
    )
    figures = compute_wave("base", [agreement()], records, k=5)
    assert find(figures, WHOLE, WHOLE, "", "répondants").value == 17
    mean = find(figures, WHOLE, WHOLE, "q", "moyenne")
    assert (mean.value, mean.n, mean.masked) == (3.7, 15, False)  # 55 / 15 = 3.67
    share = find(figures, WHOLE, WHOLE, "q", "part_accord")
    assert (share.value, share.n) == (67, 15)  # 10 / 15
    assert find(figures, WHOLE, WHOLE, "q", "effectif:a4").value == 5
    assert find(figures, WHOLE, WHOLE, "q", "effectif:a1").value == 0


def test_means_are_rounded_half_up_to_one_decimal():
    records = everyone(10, q=4) + everyone(10, q=5) + everyone(20, q=3)
    figures = compute_wave("base", [agreement()], records, k=5)
    assert find(figures, WHOLE, WHOLE, "q", "moyenne").value == 3.8  # 3.75


def test_a_number_item_has_only_its_mean():
    figures = compute_wave("base", [number()], everyone(5, h=40) + everyone(5, h=35), k=5)
    rows = [f for f in figures if f.question == "h" and f.ventilation == WHOLE]
    assert [(f.statistic, f.value, f.n) for f in rows] == [("moyenne", 37.5, 10)]


def test_answers_outside_the_options_are_ignored():
    records = everyone(6, c=1) + everyone(3, c=9) + everyone(2, c=True)
    figures = compute_wave("base", [choice()], records, k=5)
    assert find(figures, WHOLE, WHOLE, "c", "effectif:c1").n == 6


def test_groups_partition_the_respondents_autre_included():
    records = everyone(7, departement="21", q=4) + everyone(8, departement="autre", q=5)
    figures = compute_wave("base", [agreement()], records, k=5)
    groups = {f.group for f in figures if f.ventilation == "département"}
    assert groups == {"21", "autre"}
    total = sum(
        f.value for f in figures if f.ventilation == "département" and f.statistic == "répondants"
    )
    assert total == 15


def test_figures_carry_the_group_codes():
    figures = compute_wave("base", [agreement()], everyone(10, sector="industrie", q=4), k=5)
    assert find(figures, "secteur", "industrie", "", "répondants").value == 10


def test_fewer_than_k_respondents_masks_everything():
    figures = compute_wave("base", [agreement(), number()], everyone(4, q=4, h=3), k=5)
    assert all(f.masked and f.value is None and f.n is None for f in figures)


def test_no_records_gives_masked_figures():
    figures = compute_wave("base", [agreement()], [], k=5)
    assert figures and all(f.masked for f in figures)


def test_the_same_answers_always_give_the_same_figures():
    records = [
        record(sector=s, departement=d, q=v)
        for s, d, v in zip(
            "abcabcabcaab" * 3, ["21", "25", "39"] * 12, [1, 2, 4, 5, 3, 4] * 6, strict=True
        )
    ]
    first = compute_wave("base", [agreement()], records, k=5)
    assert compute_wave("base", [agreement()], list(reversed(records)), k=5) == first
