"""Baseline against final: the difference of the means (final minus baseline) with its 95 %
confidence interval, by Welch's unpaired t-test (the answers are anonymous, so the two waves
cannot be paired). Masked when either side has fewer than k answers."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats as scipy_stats

from .tables import check_k


@dataclass(frozen=True)
class Difference:
    n_baseline: int | None
    n_final: int | None
    difference: float | None  # final - baseline
    low: float | None  # the 95 % confidence interval
    high: float | None
    masked: bool


def mean_difference(
    baseline: Sequence[float], final: Sequence[float], *, k: int, level: float = 0.95
) -> Difference:
    check_k(k)
    a, b = [float(v) for v in baseline], [float(v) for v in final]
    if len(a) < k or len(b) < k:
        return Difference(None, None, None, None, None, True)
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    var_a = sum((v - mean_a) ** 2 for v in a) / (len(a) - 1)
    var_b = sum((v - mean_b) ** 2 for v in b) / (len(b) - 1)
    se2_a, se2_b = var_a / len(a), var_b / len(b)
    difference = mean_b - mean_a
    se = math.sqrt(se2_a + se2_b)
    if se == 0:
        return Difference(len(a), len(b), difference, difference, difference, False)
    freedom = (se2_a + se2_b) ** 2 / (se2_a**2 / (len(a) - 1) + se2_b**2 / (len(b) - 1))
    half = float(scipy_stats.t.ppf(0.5 + level / 2, freedom)) * se
    return Difference(len(a), len(b), difference, difference - half, difference + half, False)
