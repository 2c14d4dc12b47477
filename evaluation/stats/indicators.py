"""An indicator's result against its target, the target being free text as the coordinators
write it: "80 %", "≥ 3,5", "au moins 70 %", "3.5", "moins de 20 %", "> 60", "au plus 2".

A bare number means "at least". The result is "reached", "not_reached", "no_target" (no
readable target) or "no_data" (no result, or a masked one)."""

import operator
import re
import unicodedata
from collections.abc import Callable

REACHED = "reached"
NOT_REACHED = "not_reached"
NO_TARGET = "no_target"
NO_DATA = "no_data"

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
# Checked in this order on the words before the number (the longer phrase first: "au moins"
# before "moins de", "pas plus de" before "plus de", "≥" before ">").
_COMPARISONS: tuple[tuple[tuple[str, ...], Callable[[float, float], bool]], ...] = (
    (("au moins", "≥", ">=", "minimum", "supérieur ou égal", "at least"), operator.ge),
    (("au plus", "≤", "<=", "maximum", "pas plus de", "inférieur ou égal", "at most"), operator.le),
    (("moins de", "inférieur à", "less than", "<"), operator.lt),
    (("plus de", "supérieur à", "more than", ">"), operator.gt),
)


def parse_target(target: str | None) -> tuple[Callable[[float, float], bool], float] | None:
    """The comparison and the threshold of a free-text target, None when unreadable."""
    if not target:
        return None
    text = unicodedata.normalize("NFKC", target).strip().casefold()
    found = _NUMBER.search(text)
    if not found:
        return None
    threshold = float(found.group().replace(",", "."))
    before = text[: found.start()]
    for words, comparison in _COMPARISONS:
        if any(word in before for word in words):
            return comparison, threshold
    return operator.ge, threshold


def indicator_status(value: float | None, target: str | None) -> str:
    """ "reached" | "not_reached" | "no_target" | "no_data" for ``value`` against ``target``
    (a percentage target compares with a percentage value: 78 against "80 %")."""
    parsed = parse_target(target)
    if parsed is None:
        return NO_TARGET
    if value is None:
        return NO_DATA
    comparison, threshold = parsed
    return REACHED if comparison(float(value), threshold) else NOT_REACHED
