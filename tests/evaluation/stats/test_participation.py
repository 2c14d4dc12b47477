import pytest

from evaluation.stats import Invited, participation


def invited(role, answered, not_answered=0):
    return [Invited(role, True)] * answered + [Invited(role, False)] * not_answered


def by_role(rows):
    return {row.role: row for row in rows}


def test_it_gives_invited_answered_and_rate_per_role_and_overall():
    rows = by_role(participation(invited("mentee", 12, 8) + invited("mentor", 6, 4), k=5))
    assert (rows["ensemble"].invited, rows["ensemble"].answered, rows["ensemble"].rate) == (
        30,
        18,
        60,
    )
    assert (rows["mentee"].answered, rows["mentee"].rate) == (12, 60)
    assert (rows["mentor"].answered, rows["mentor"].rate) == (6, 60)
    assert not any(row.masked for row in rows.values())


def test_a_role_under_k_is_masked_and_so_is_another_one_while_the_total_shows():
    rows = by_role(participation(invited("mentee", 20, 5) + invited("mentor", 3), k=5))
    assert rows["mentor"].masked and rows["mentor"].answered is None and rows["mentor"].rate is None
    assert rows["mentee"].masked  # else 23 - 20 = 3
    assert rows["ensemble"].answered == 23
    assert rows["mentor"].invited == 3  # the invited are always shown


def test_the_complement_is_the_smallest_role_that_protects():
    rows = by_role(participation(invited("a", 2) + invited("b", 6) + invited("c", 40), k=5))
    assert rows["a"].masked and rows["b"].masked and not rows["c"].masked


def test_fewer_than_k_answers_overall_masks_every_count():
    rows = participation(invited("mentee", 3, 10) + invited("mentor", 1, 10), k=5)
    assert all(row.masked and row.answered is None for row in rows)


def test_nobody_invited_gives_no_rate():
    rows = by_role(participation([], k=5))
    assert rows["ensemble"].invited == 0 and rows["ensemble"].rate is None


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        participation(invited("mentee", 10), k=2)
