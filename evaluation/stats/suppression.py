"""Complementary suppression: mask more until the audit proves every masked count safe.

First by rule (each masked count has a partner in its row and in its column, and the masked
counts of a row or a column hold at least k people together), then by the audit's linear
programs: while a masked count could be narrowed below k, the cheapest candidate that widens it
is masked too (a small count in the same row or column, or the row's mean or share), judged by
solving the table again with each candidate. As a last resort the whole breakdown of the question
is masked (``ensemble`` stays), and if even that is not enough, the question altogether.

Order: the respondents' tables and the rows of ``ensemble`` first, then each breakdown on its
own, then every breakdown of a question together (two breakdowns may narrow a masked count of
``ensemble`` that each alone leaves open; there, a whole breakdown is masked).
"""

from collections.abc import Callable, Sequence

from . import VENTILATIONS, WHOLE, Item
from .audit import COUNT, JOINT, MEAN, RESPONDENTS, SHARE, program_of, widths

MAX_ROUNDS = 12
ZERO = 1e-6

Table = tuple[Item | None, str]  # (item, ventilation); item None for the respondents' table


def _labels(item: Item) -> list[str]:
    return [COUNT + option.label for option in item.options]


def _value(wave, question: str, ventilation: str, group: str, statistic: str) -> float:
    return wave.true[(question, ventilation, group)][statistic][0] or 0


def _close_row(wave, item: Item, ventilation: str, group: str) -> bool:
    """A row with a masked count gets a second one, until its masked counts hold k people."""
    key = item.key
    if wave.row_fully_masked(key, ventilation, group):
        return False
    labels = _labels(item)
    hidden = [s for s in labels if wave.is_masked(key, ventilation, group, s)]
    if not hidden:
        return False
    mass = sum(_value(wave, key, ventilation, group, s) for s in hidden)
    if len(hidden) >= 2 and mass >= wave.k:
        return _close_mean(wave, item, ventilation, group, hidden)
    candidates = [
        s for s in labels if s not in hidden and _value(wave, key, ventilation, group, s) > 0
    ]
    if not candidates:
        return wave.mask_row(key, ventilation, group)

    def crowded(s: str) -> bool:
        return any(
            wave.is_masked(key, ventilation, g, s) for g in wave.groups[ventilation] if g != group
        )

    candidates.sort(key=lambda s: (not crowded(s), _value(wave, key, ventilation, group, s)))
    return wave.mask(key, ventilation, group, candidates[0])


def _close_mean(wave, item: Item, ventilation: str, group: str, hidden: list[str]) -> bool:
    """The mean and the share of a row are sums in disguise: with only a few masked counts,
    they pin them down unless the row is large. Mask them where they obviously would."""
    key = item.key
    row = wave.true[(key, ventilation, group)]
    n = row[MEAN][1]
    value_of = {COUNT + o.label: o.value for o in item.options}
    values = sorted(value_of[s] for s in hidden)
    changed = False
    if len(values) == 2 and not wave.is_masked(key, ventilation, group, MEAN):
        # two masked counts can only trade with each other: the mean, known to 0.05, bounds
        # the trade to 0.1 n / (their gap)
        if 0.1 * n < wave.k * (values[1] - values[0]):
            changed |= wave.mask(key, ventilation, group, MEAN)
    if item.agree_from is not None and SHARE in row:
        above = sum(v >= item.agree_from for v in values)
        below = len(values) - above
        if above and below and min(above, below) == 1 and 0.01 * n < wave.k:
            # a lone masked count on one side of "agreeing" must trade across it
            changed |= wave.mask(key, ventilation, group, SHARE)
    return changed


def _close_column(wave, item: Item, ventilation: str, statistic: str) -> bool:
    """A column (an answer option across the groups) with a masked count gets a second one,
    unless its ``ensemble`` count is masked too."""
    key = item.key
    if wave.is_masked(key, WHOLE, WHOLE, statistic):
        return False
    groups = wave.groups[ventilation]
    hidden = [g for g in groups if wave.is_masked(key, ventilation, g, statistic)]
    if not hidden:
        return False
    mass = sum(_value(wave, key, ventilation, g, statistic) for g in hidden)
    if mass == 0 or (len(hidden) >= 2 and mass >= wave.k):
        return False
    candidates = [
        g for g in groups if g not in hidden and _value(wave, key, ventilation, g, statistic) > 0
    ]
    if not candidates:
        return False

    def has_masks(g: str) -> bool:
        return any(wave.is_masked(key, ventilation, g, s) for s in _labels(item))

    candidates.sort(key=lambda g: (not has_masks(g), _value(wave, key, ventilation, g, statistic)))
    return wave.mask(key, ventilation, candidates[0], statistic)


def _close_number(wave, item: Item, ventilation: str) -> bool:
    key = item.key
    if wave.is_masked(key, WHOLE, WHOLE, MEAN):
        return False
    groups = wave.groups[ventilation]
    hidden = [g for g in groups if wave.is_masked(key, ventilation, g, MEAN)]
    if not hidden:
        return False
    mass = sum(wave.true[(key, ventilation, g)][MEAN][1] for g in hidden)
    if mass == 0 or (len(hidden) >= 2 and mass >= wave.k):
        return False
    candidates = [g for g in groups if g not in hidden]
    if not candidates:
        return False
    candidates.sort(key=lambda g: wave.true[(key, ventilation, g)][MEAN][1])
    return wave.mask(key, ventilation, candidates[0], MEAN)


def close(wave, item: Item, ventilation: str) -> None:
    """Apply the rules until nothing changes."""
    if not item.options:
        if ventilation != WHOLE:
            while _close_number(wave, item, ventilation):
                pass
        return
    changed = True
    while changed:
        changed = False
        for group in wave.groups[ventilation]:
            changed |= _close_row(wave, item, ventilation, group)
        if ventilation != WHOLE:
            for statistic in _labels(item):
                changed |= _close_column(wave, item, ventilation, statistic)


Name = tuple[str, str, str]  # (ventilation, group, statistic) of a masked count


def _program(wave, table: Table, only: Name | None = None):
    item, ventilation = table
    program = program_of(wave.view("" if item is None else item.key, ventilation))
    if only is not None:
        program.targets = [t for t in program.targets if t[0] == only]
    return program


def _weakest(program, intervals, k: int) -> tuple[float, Name | None]:
    """The narrowest interval of a table (ignoring counts proven zero) and its target."""
    weakest, name = float("inf"), None
    for (target, _objective, _constant), (low, high) in zip(
        program.targets, intervals, strict=True
    ):
        if high <= ZERO:
            continue
        if high - low < weakest:
            weakest, name = high - low, target
    return weakest, name


def _column(wave, key: str, ventilation: str, group: str, statistic: str, top: int):
    column = sorted(
        (value, g)
        for g in wave.groups[ventilation]
        if g != group
        and not wave.is_masked(key, ventilation, g, statistic)
        and (value := wave.true[(key, ventilation, g)][statistic][0]) > 0
    )
    return [(value, [("cell", key, ventilation, g, statistic)]) for value, g in column[:top]]


def _candidates(wave, table: Table, target: Name) -> list[tuple[float, list[tuple]]]:
    """What could be masked to widen ``target``'s interval, each with its cost."""
    item = table[0]
    ventilation, group, statistic = target
    place = (ventilation, group)
    out: list[tuple[float, list[tuple]]] = []
    if item is None:
        others = sorted(
            (
                g
                for g in wave.groups[ventilation]
                if not wave.is_masked("", ventilation, g, RESPONDENTS)
            ),
            key=lambda g: wave.respondents(ventilation, g),
        )
        return [(wave.respondents(ventilation, g), [("group", ventilation, g)]) for g in others[:3]]
    key = item.key
    breakdowns = [ventilation] if ventilation != WHOLE else list(VENTILATIONS[1:])
    if table[1] == WHOLE:
        breakdowns = []
    if not item.options:
        out = []
        for v in breakdowns:
            others = [g for g in wave.groups[v] if not wave.is_masked(key, v, g, MEAN)]
            others.sort(key=lambda g, v=v: wave.true[(key, v, g)][MEAN][1])
            out += [
                (wave.true[(key, v, g)][MEAN][1], [("cell", key, v, g, MEAN)]) for g in others[:3]
            ]
        return out
    row = wave.true[(key, *place)]
    if group != WHOLE or table[1] == WHOLE:
        cells = sorted(
            (value, s)
            for s in _labels(item)
            if not wave.is_masked(key, *place, s) and (value := row[s][0]) > 0
        )
        out += [(value, [("cell", key, *place, s)]) for value, s in cells[:3]]
        for s in (MEAN, SHARE):
            if s in row and not wave.is_masked(key, *place, s):
                out.append((row[s][1] + 50, [("cell", key, *place, s)]))
    for v in breakdowns:
        out += _column(wave, key, v, group, statistic, 3 if v == ventilation else 1)
        if group == WHOLE:
            for g in wave.groups[v]:
                if wave.is_masked(key, v, g, statistic):
                    here = wave.true[(key, v, g)]
                    for s in (MEAN, SHARE):
                        if s in here and not wave.is_masked(key, v, g, s):
                            out.append((here[s][1] + 50, [("cell", key, v, g, s)]))
    return out


def _apply(wave, action: tuple) -> None:
    if action[0] == "group":
        wave.mask_group(action[1], action[2])
    else:
        wave.mask(*action[1:])


def _close_table(wave, table: Table, target: Name) -> None:
    item, ventilation = table
    if item is None:
        return
    if ventilation == JOINT:
        touched = [target[0]] if target[0] != WHOLE else list(VENTILATIONS[1:])
    else:
        touched = [ventilation]
    for v in touched:
        close(wave, item, v)


def _improve(wave, tables: list[Table], weakest: list[tuple[float, Name]]) -> list[Table]:
    """Try the candidates of every failing table at once; keep the best of each. Returns the
    tables where nothing helped."""
    trials = []  # (slot, width, cost, actions, program)
    saved = set(wave.masked)
    for slot, (table, (width, target)) in enumerate(zip(tables, weakest, strict=True)):
        for cost, actions in _candidates(wave, table, target):
            for action in actions:
                _apply(wave, action)
            _close_table(wave, table, target)
            # judged on the breakdown of the count alone (cheaper); the next round checks all
            trial = table
            if table[1] == JOINT and target[0] != WHOLE:
                trial = (table[0], target[0])
            trials.append((slot, width, cost, actions, _program(wave, trial, target)))
            wave.masked = set(saved)
    results = widths([t[-1] for t in trials]) if trials else []
    best: dict[int, tuple] = {}
    for index, (slot, width, cost, actions, program) in enumerate(trials):
        new, _name = _weakest(program, results[index], wave.k)
        ok = new >= wave.k - 1e-6
        score = (0, cost) if ok else (1, -new)
        if not ok and new <= width + 1e-6:
            continue
        if slot not in best or score < best[slot][0]:
            best[slot] = (score, actions)
    stuck = []
    for slot, table in enumerate(tables):
        if slot in best:
            for action in best[slot][1]:
                _apply(wave, action)
            _close_table(wave, table, weakest[slot][1])
        else:
            stuck.append(slot)
    return stuck


def _failing(wave, tables: Sequence[Table]) -> list[tuple[Table, tuple[float, Name]]]:
    tables = [t for t in tables if wave.has_mask(t[0], t[1])]
    programs = [_program(wave, t) for t in tables]
    keep = [(t, p) for t, p in zip(tables, programs, strict=True) if p.targets]
    results = widths([p for _t, p in keep])
    failing = []
    for (table, program), intervals in zip(keep, results, strict=True):
        width, name = _weakest(program, intervals, wave.k)
        if width < wave.k - 1e-6:
            failing.append((table, (width, name)))
    return failing


LastResort = Callable[[Table, Name], None]


def _settle(wave, tables: list[Table], last_resort: LastResort) -> None:
    pending = list(tables)
    for _round in range(MAX_ROUNDS):
        failing = _failing(wave, pending)
        if not failing:
            return
        pending = [t for t, _w in failing]
        stuck = _improve(wave, pending, [w for _t, w in failing])
        for slot in stuck:
            last_resort(failing[slot][0], failing[slot][1][1])
    for table, (_width, name) in _failing(wave, pending):
        last_resort(table, name)


def protect(wave) -> None:
    k = wave.k
    items = wave.items
    for item in items:
        if wave.true[(item.key, WHOLE, WHOLE)][MEAN][1] < k:
            wave.mask_item(item)

    def whole_item(table: Table, _name: Name | None = None) -> None:
        item, ventilation = table
        if item is None:
            for group in wave.groups[ventilation]:
                wave.mask_group(ventilation, group)
        else:
            wave.mask_item(item)

    breakdowns = VENTILATIONS[1:]
    for item in items:
        close(wave, item, WHOLE)
    # the respondents' tables and the whole's rows do not depend on each other: settled together
    _settle(wave, [(None, v) for v in breakdowns] + [(item, WHOLE) for item in items], whole_item)
    for item in items:
        for ventilation in breakdowns:
            close(wave, item, ventilation)

    def breakdown(table: Table, name: Name) -> None:
        """Mask the whole breakdown of the failing count; if it is already, or if the count is
        one of ``ensemble``, the question altogether."""
        item = table[0]
        ventilation = name[0]
        if item is None or ventilation == WHOLE:
            whole_item(table)
            return
        groups = wave.groups[ventilation]
        if all(wave.row_fully_masked(item.key, ventilation, g) for g in groups):
            wave.mask_item(item)
            return
        for group in groups:
            wave.mask_row(item.key, ventilation, group)

    def breakdown_alone(table: Table, name: Name) -> None:
        breakdown(table, (table[1], *name[1:]))

    # each breakdown on its own first (small programs), then every breakdown of a question at
    # once: together they may narrow a count of the whole, and then a whole breakdown goes
    _settle(wave, [(item, v) for item in items for v in breakdowns], breakdown_alone)
    joint = [(item, JOINT) for item in items]
    for _round in range(2 * len(VENTILATIONS)):
        failing = _failing(wave, joint)
        if not failing:
            return
        for table, (_width, name) in failing:
            breakdown(table, name)
        joint = [table for table, _w in failing]
    for table, _w in _failing(wave, joint):
        whole_item(table)
