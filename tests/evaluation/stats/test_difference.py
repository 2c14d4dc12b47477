import pytest
from scipy import stats

from evaluation.stats import mean_difference

BASELINE = [2, 3, 3, 4, 2, 3, 4, 3, 2, 3]
FINAL = [4, 4, 3, 5, 4, 4, 5, 3]


def test_it_gives_final_minus_baseline_with_welchs_confidence_interval():
    result = mean_difference(BASELINE, FINAL, k=5)
    expected = stats.ttest_ind(FINAL, BASELINE, equal_var=False).confidence_interval(0.95)
    assert result.difference == pytest.approx(4.0 - 2.9)
    assert result.low == pytest.approx(expected.low)
    assert result.high == pytest.approx(expected.high)
    assert (result.n_baseline, result.n_final, result.masked) == (10, 8, False)


def test_it_is_masked_when_either_side_has_fewer_than_k_answers():
    result = mean_difference(BASELINE, FINAL[:4], k=5)
    assert result.masked
    assert (result.difference, result.low, result.high, result.n_final) == (None, None, None, None)


def test_identical_answers_give_an_interval_of_zero_width():
    result = mean_difference([3] * 5, [4] * 6, k=5)
    assert (result.difference, result.low, result.high) == (1.0, 1.0, 1.0)


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        mean_difference(BASELINE, FINAL, k=1)
