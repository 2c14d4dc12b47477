"""The figures of one wave of a questionnaire, with small groups masked.

For each ventilation (``ensemble``, role, sector group, département, size band) and each of its
groups: the number of respondents, and for each question the count per answer option, the mean
(one decimal) and the share agreeing (a whole percentage), each with the ``n`` of respondents who
answered the question.

The rules, in plain words:

1. Nothing resting on fewer than k people is shown: a group of fewer than k respondents is masked
   entirely; a count between 1 and k-1 is masked; a mean or a share over fewer than k answers is
   masked.
2. Nothing masked can be recomputed from what is shown. Counts add up (the options of a question
   to its ``n``, the groups of a ventilation to ``ensemble``) and means and shares are sums in
   disguise, so more figures are masked: another small group with a masked group, another option
   in the row and another group in the column of a masked count, and the mean or the share of a
   row when they would pin a masked count down. The audit (``audit.py``) then bounds every masked
   count by linear programming; while one of them could be narrowed to an interval smaller than
   k, more is masked (the smallest useful figures first; as a last resort the whole breakdown of
   that question, then the question altogether).
3. A count of 0 is shown: it singles no one out.
"""

import math
from collections.abc import Sequence

import numpy as np

from . import VENTILATIONS, WHOLE, Figure, Item, Record
from .audit import COUNT, JOINT, MEAN, RESPONDENTS, SHARE, TableView
from .suppression import protect

MIN_K = 3


def check_k(k: int) -> None:
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K} (got {k})")


def round_half_up(value: float, digits: int = 0) -> float:
    scale = 10**digits
    return math.floor(value * scale + 0.5) / scale


def _statistics(item: Item) -> list[str]:
    if not item.options:
        return [MEAN]
    names = [COUNT + option.label for option in item.options] + [MEAN]
    if item.agree_from is not None:
        names.append(SHARE)
    return names


Key = tuple[str, str, str]  # (question, ventilation, group); question "" for the respondents


def _answers(item: Item, records: Sequence[Record]) -> list[float | None]:
    """The usable answers of the records to ``item``: an option's value, or a finite number for
    a whole-number item; None where not answered or not a valid answer."""
    allowed = frozenset(option.value for option in item.options)
    key = item.key
    out: list[float | None] = []
    for record in records:
        value = record.answers.get(key)
        kind = type(value)
        if kind is not int and kind is not float:  # bool, None, text...
            out.append(None)
        elif allowed:
            out.append(float(value) if value in allowed else None)
        else:
            out.append(float(value) if math.isfinite(value) else None)
    return out


class _Wave:
    def __init__(self, questionnaire: str, items: Sequence[Item], records: Sequence[Record], k):
        self.questionnaire = questionnaire
        self.items = list(items)
        self.k = k
        self.groups: dict[str, list[str]] = {}
        # true[(question, ventilation, group)] = {statistic: (value, n)}
        self.true: dict[Key, dict[str, tuple[float | int | None, int]]] = {}
        self.masked: set[tuple[str, str, str, str]] = set()
        where: dict[str, np.ndarray] = {}
        for ventilation in VENTILATIONS:
            codes = [record.group(ventilation) for record in records]
            names = [WHOLE] if ventilation == WHOLE else sorted(set(codes) - {WHOLE})
            self.groups[ventilation] = names
            position = {name: i for i, name in enumerate(names)}
            where[ventilation] = np.array(
                [position.get(code, 0) for code in codes], dtype=np.int64
            ).reshape(-1)
            sizes = np.bincount(where[ventilation], minlength=len(names))
            for name, size in zip(names, sizes, strict=True):
                self.true[("", ventilation, name)] = {RESPONDENTS: (int(size), int(size))}
        for item in self.items:
            answers = _answers(item, records)
            answered = np.array([a is not None for a in answers], dtype=bool).reshape(-1)
            values = np.array([a for a in answers if a is not None], dtype=float)
            for ventilation in VENTILATIONS:
                self._rows(item, ventilation, where[ventilation][answered], values)

    def _rows(self, item: Item, ventilation: str, groups: np.ndarray, values: np.ndarray):
        size = len(self.groups[ventilation])
        n = np.bincount(groups, minlength=size)
        sums = np.bincount(groups, weights=values, minlength=size)
        if item.options:
            column = {option.value: o for o, option in enumerate(item.options)}
            width = len(item.options)
            cells = np.array([column[v] for v in values.tolist()], dtype=np.int64).reshape(-1)
            counts = np.bincount(groups * width + cells, minlength=size * width)
            counts = counts.reshape(size, width)
        for g, name in enumerate(self.groups[ventilation]):
            total = int(n[g])
            row: dict[str, tuple[float | int | None, int]] = {}
            for o, option in enumerate(item.options):
                row[COUNT + option.label] = (int(counts[g, o]), total)
            row[MEAN] = (round_half_up(float(sums[g]) / total, 1) if total else None, total)
            if item.options and item.agree_from is not None:
                agreeing = sum(
                    int(counts[g, o])
                    for o, option in enumerate(item.options)
                    if option.value >= item.agree_from
                )
                share = int(round_half_up(100 * agreeing / total)) if total else None
                row[SHARE] = (share, total)
            self.true[(item.key, ventilation, name)] = row

    # -- masks ---------------------------------------------------------------------------
    def mask(self, question: str, ventilation: str, group: str, statistic: str) -> bool:
        key = (question, ventilation, group, statistic)
        if key in self.masked:
            return False
        self.masked.add(key)
        return True

    def is_masked(self, question: str, ventilation: str, group: str, statistic: str) -> bool:
        return (question, ventilation, group, statistic) in self.masked

    def mask_row(self, question: str, ventilation: str, group: str) -> bool:
        changed = False
        for statistic in self.true[(question, ventilation, group)]:
            changed |= self.mask(question, ventilation, group, statistic)
        return changed

    def mask_group(self, ventilation: str, group: str) -> None:
        self.mask("", ventilation, group, RESPONDENTS)
        for item in self.items:
            self.mask_row(item.key, ventilation, group)

    def mask_everything(self) -> None:
        for question, ventilation, group in self.true:
            self.mask_row(question, ventilation, group)

    def mask_item(self, item: Item) -> None:
        for ventilation in VENTILATIONS:
            for group in self.groups[ventilation]:
                self.mask_row(item.key, ventilation, group)

    def has_mask(self, item: Item | None, ventilation: str) -> bool:
        """Whether the table of ``item`` (None: the respondents) over ``ventilation`` has a
        masked figure, its whole row included."""
        question = "" if item is None else item.key
        places = self._places(ventilation)
        return any(
            self.is_masked(question, v, g, statistic)
            for v, g in places
            for statistic in self.true[(question, v, g)]
        )

    def row_fully_masked(self, question: str, ventilation: str, group: str) -> bool:
        return all(
            self.is_masked(question, ventilation, group, s)
            for s in self.true[(question, ventilation, group)]
        )

    # -- views for the audit ---------------------------------------------------------------
    def respondents(self, ventilation: str, group: str) -> int:
        return int(self.true[("", ventilation, group)][RESPONDENTS][0])

    def _published_row(self, question: str, ventilation: str, group: str):
        return {
            statistic: None if self.is_masked(question, ventilation, group, statistic) else value
            for statistic, value in self.true[(question, ventilation, group)].items()
        }

    def _floor(self, ventilation: str, group: str) -> int:
        floor = 0
        for item in self.items:
            row = self.true[(item.key, ventilation, group)]
            for statistic, (_value, n) in row.items():
                if not self.is_masked(item.key, ventilation, group, statistic):
                    floor = max(floor, n)
                    break
        return floor

    def _places(self, ventilation: str) -> list[tuple[str, str]]:
        if ventilation == WHOLE:
            return [(WHOLE, WHOLE)]
        if ventilation == JOINT:
            return [(WHOLE, WHOLE)] + [(v, g) for v in VENTILATIONS[1:] for g in self.groups[v]]
        return [(WHOLE, WHOLE)] + [(ventilation, g) for g in self.groups[ventilation]]

    def view(self, question: str, ventilation: str) -> TableView:
        """What is published of a table; ``JOINT``: every breakdown of the question at once."""
        places = self._places(ventilation)
        respondents = [
            None if self.is_masked("", v, g, RESPONDENTS) else self.respondents(v, g)
            for v, g in places
        ]
        # a floor only matters for masked respondents
        floors = [
            self._floor(v, g) if r is None else 0
            for (v, g), r in zip(places, respondents, strict=True)
        ]
        item = next((i for i in self.items if i.key == question), None)
        rows = [] if item is None else [self._published_row(question, v, g) for v, g in places]
        return TableView(
            self.questionnaire,
            question,
            ventilation,
            [g for _v, g in places],
            respondents,
            floors,
            rows,
            item,
            [v for v, _g in places],
        )

    def figures(self) -> list[Figure]:
        out = []
        for ventilation in VENTILATIONS:
            for group in self.groups[ventilation]:
                for question in [""] + [item.key for item in self.items]:
                    for statistic, (value, n) in self.true[(question, ventilation, group)].items():
                        masked = self.is_masked(question, ventilation, group, statistic)
                        out.append(
                            Figure(
                                self.questionnaire,
                                question,
                                ventilation,
                                group,
                                statistic,
                                None if masked else value,
                                None if masked else n,
                                masked,
                            )
                        )
        return out


def _primary(wave: _Wave) -> None:
    k = wave.k
    for (question, ventilation, group), row in wave.true.items():
        if question == "":
            if row[RESPONDENTS][0] < k:
                wave.mask_group(ventilation, group)
            continue
        for statistic, (value, n) in row.items():
            if n < k:
                wave.mask(question, ventilation, group, statistic)
            elif statistic.startswith(COUNT) and 0 < value < k:
                wave.mask(question, ventilation, group, statistic)


def _small_groups(wave: _Wave) -> None:
    """A masked group is never alone in its ventilation, and the masked groups together hold
    at least k respondents."""
    k = wave.k
    for ventilation in VENTILATIONS[1:]:
        groups = wave.groups[ventilation]
        hidden = [g for g in groups if wave.is_masked("", ventilation, g, RESPONDENTS)]
        if not hidden:
            continue
        others = sorted(
            (g for g in groups if g not in hidden), key=lambda g: wave.respondents(ventilation, g)
        )
        while others and (
            len(hidden) < 2 or sum(wave.respondents(ventilation, g) for g in hidden) < k
        ):
            hidden.append(others.pop(0))
        for group in hidden:
            wave.mask_group(ventilation, group)


def compute_wave(
    questionnaire: str, items: Sequence[Item], records: Sequence[Record], *, k: int
) -> list[Figure]:
    """The figures of one wave of ``questionnaire`` over its anonymous ``records``, masked so
    that no figure rests on fewer than ``k`` people and none can be recomputed (see the
    module's docstring)."""
    check_k(k)
    wave = _Wave(questionnaire, items, records, k)
    if wave.respondents(WHOLE, WHOLE) < k:
        wave.mask_everything()
        return wave.figures()
    _primary(wave)
    _small_groups(wave)
    protect(wave)
    return wave.figures()


__all__ = ["check_k", "compute_wave", "round_half_up"]
