"""The audit of the published figures: can anyone recompute a masked count from what is published?

For every published question (a questionnaire's question, with all its breakdowns at once around
the ``ensemble`` row they add up to: linked tables, since two breakdowns together may narrow what
each alone leaves open), the true counts are unknowns of a linear program: one per group and answer
option, and one per group's respondents. Everything published constrains them: the counts shown,
the margins (a row's options add up to its ``n``, the groups add up to ``ensemble``, the
respondents too), and the means and shares as the intervals their rounding leaves (a mean of 3.4
means a weighted sum between 3.35 n and 3.45 n). Counts are never negative. For each masked count,
the program finds the smallest and the largest value compatible with all this; the width of that
interval is what an attacker cannot narrow. The audit fails unless every width is at least k.

A masked count of ``ensemble`` is audited once, against all the breakdowns. A masked count
proven to be zero (its largest possible value is 0, because a
published total is 0) reveals no one and is not a failure.

Reports count tables as (questionnaire, question, ventilation). One linear program holds every
masked count of every table, each in its independent piece: two copies of the piece per masked
count (one maximises the count, the other minimises it), side by side, solved at once by HiGHS
(``scipy.optimize.linprog``). The copies share no variable, so the optimum of the sum is the
optimum of each.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from . import VENTILATIONS, WHOLE, Figure, Item

RESPONDENTS = "répondants"
COUNT = "effectif:"
MEAN = "moyenne"
SHARE = "part_accord"

MEAN_HALF_WIDTH = 0.05 + 1e-6  # a mean is published to one decimal
SHARE_HALF_WIDTH = 0.5 + 1e-6  # a share is published as a whole percentage
CAP = 1e7  # an upper bound for every count, so that no program is unbounded
INFINITE = float("inf")
ZERO = 1e-6
JOINT = "*"  # the view of a question over every breakdown at once, around ``ensemble``


@dataclass(frozen=True)
class Interval:
    """What the published figures leave possible for one masked count."""

    questionnaire: str
    question: str
    ventilation: str
    group: str
    statistic: str
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def proven_zero(self) -> bool:
        return self.high <= ZERO


@dataclass
class AuditReport:
    k: int
    tables_audited: int = 0
    suppressed_counts: int = 0
    intervals: list[Interval] = field(default_factory=list)
    failures: list[Interval] = field(default_factory=list)

    @property
    def smallest_width(self) -> float | None:
        widths = [i.width for i in self.intervals if not i.proven_zero]
        return min(widths) if widths else None

    @property
    def ok(self) -> bool:
        return not self.failures


# One row of a table as the audit sees it: the published figures of that row (statistic ->
# (value, n)), None for a masked one.
Row = dict[str, tuple[float, int] | None]


@dataclass
class TableView:
    """What is published of one table: its rows (``ensemble`` first), each group's published
    respondents (None when masked) and the largest published ``n`` of the group over the
    questionnaire's items (a floor for its respondents)."""

    questionnaire: str
    question: str  # "" for the respondents' table
    ventilation: str
    groups: list[str]  # WHOLE first
    respondents: list[int | None]
    floors: list[int]
    rows: list[Row] = field(default_factory=list)
    item: Item | None = None
    # The ventilation of each row, when the view joins several breakdowns of one question
    # around their common ``ensemble`` row; None: every row but the first is ``ventilation``.
    row_ventilations: list[str] | None = None

    def ventilation_of(self, row: int) -> str:
        if row == 0:
            return WHOLE
        return self.ventilation if self.row_ventilations is None else self.row_ventilations[row]

    def blocks(self) -> list[list[int]]:
        """The rows of each breakdown (each adds up to the first row)."""
        out: dict[str, list[int]] = {}
        for row in range(1, len(self.groups)):
            out.setdefault(self.ventilation_of(row), []).append(row)
        return list(out.values())

    def name(self, row: int, statistic: str) -> tuple[str, str, str]:
        return (self.ventilation_of(row), self.groups[row], statistic)


@dataclass
class _Program:
    """A table's linear program over its free unknowns (published counts substituted)."""

    a_ub: np.ndarray
    b_ub: np.ndarray
    a_eq: np.ndarray
    b_eq: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    targets: list[
        tuple[tuple[str, str], np.ndarray, float]
    ]  # ((group, statistic), objective, constant)
    infeasible: bool = False


class _Builder:
    def __init__(self, size: int):
        self.size = size
        self.ub: list[tuple[dict[int, float], float]] = []
        self.eq: list[tuple[dict[int, float], float]] = []
        self.lo = np.zeros(size)
        self.hi = np.full(size, CAP)
        self.fixed: dict[int, float] = {}

    def fix(self, index: int, value: float) -> None:
        self.fixed[index] = float(value)

    def program(self, targets: list[tuple[tuple[str, str, str], dict[int, float]]]) -> _Program:
        free = [i for i in range(self.size) if i not in self.fixed]
        position = {v: p for p, v in enumerate(free)}
        infeasible = False

        def dense(rows: list[tuple[dict[int, float], float]]) -> tuple[np.ndarray, np.ndarray]:
            matrix = np.zeros((len(rows), len(free)))
            rhs = np.zeros(len(rows))
            for r, (coefs, bound) in enumerate(rows):
                rhs[r] = bound
                for index, coef in coefs.items():
                    if index in position:
                        matrix[r, position[index]] += coef
                    else:
                        rhs[r] -= coef * self.fixed[index]
            return matrix, rhs

        a_ub, b_ub = dense(self.ub)
        a_eq, b_eq = dense(self.eq)
        # Constraints left without a free unknown are checks on the published figures.
        keep_ub = np.any(a_ub != 0, axis=1) if len(b_ub) else np.zeros(0, bool)
        if np.any(b_ub[~keep_ub] < -1e-6):
            infeasible = True
        keep_eq = np.any(a_eq != 0, axis=1) if len(b_eq) else np.zeros(0, bool)
        if np.any(np.abs(b_eq[~keep_eq]) > 1e-6):
            infeasible = True
        built = []
        for name, coefs in targets:
            objective = np.zeros(len(free))
            constant = 0.0
            for index, coef in coefs.items():
                if index in position:
                    objective[position[index]] += coef
                else:
                    constant += coef * self.fixed[index]
            built.append((name, objective, constant))
        return _Program(
            a_ub[keep_ub],
            b_ub[keep_ub],
            a_eq[keep_eq],
            b_eq[keep_eq],
            self.lo[free],
            self.hi[free],
            built,
            infeasible,
        )


def _respondents_unknowns(builder: _Builder, view: TableView, offset: int) -> None:
    """The respondents r[g]: published ones fixed, the groups add up to the whole."""
    for i, value in enumerate(view.respondents):
        if value is not None:
            builder.fix(offset + i, value)
        else:
            builder.lo[offset + i] = view.floors[i]
    for block in view.blocks():
        builder.eq.append(({**{offset + i: 1.0 for i in block}, offset: -1.0}, 0.0))


def _program_respondents(view: TableView) -> _Program:
    builder = _Builder(len(view.groups))
    _respondents_unknowns(builder, view, 0)
    targets = [
        (view.name(i, RESPONDENTS), {i: 1.0})
        for i, value in enumerate(view.respondents)
        if value is None
    ]
    return builder.program(targets)


def _row_n(row: Row) -> int | None:
    for published in row.values():
        if published is not None:
            return published[1]
    return None


def _program_choice(view: TableView) -> _Program:
    item = view.item
    assert item is not None
    options = item.options
    width = len(options)
    rows = len(view.groups)
    offset = rows * width
    builder = _Builder(offset + rows)
    _respondents_unknowns(builder, view, offset)
    for block in view.blocks():
        for o in range(width):
            builder.eq.append(({**{i * width + o: 1.0 for i in block}, o: -1.0}, 0.0))
    targets = []
    for i, row in enumerate(view.rows):
        everyone = {i * width + o: 1.0 for o in range(width)}
        # n <= respondents
        builder.ub.append(({**everyone, offset + i: -1.0}, 0.0))
        n = _row_n(row)
        if n is not None:
            builder.eq.append((everyone, float(n)))
        for o, option in enumerate(options):
            published = row.get(COUNT + option.label)
            if published is not None:
                builder.fix(i * width + o, published[0])
            else:
                targets.append((view.name(i, COUNT + option.label), {i * width + o: 1.0}))
        mean = row.get(MEAN)
        if mean is not None:
            m = mean[0]
            low = {
                i * width + o: -(opt.value - m + MEAN_HALF_WIDTH) for o, opt in enumerate(options)
            }
            high = {i * width + o: opt.value - m - MEAN_HALF_WIDTH for o, opt in enumerate(options)}
            builder.ub.extend([(low, 0.0), (high, 0.0)])
        share = row.get(SHARE)
        if share is not None and item.agree_from is not None:
            p = share[0]
            agree = [100.0 if opt.value >= item.agree_from else 0.0 for opt in options]
            low = {i * width + o: -(agree[o] - p + SHARE_HALF_WIDTH) for o in range(width)}
            high = {i * width + o: agree[o] - p - SHARE_HALF_WIDTH for o in range(width)}
            builder.ub.extend([(low, 0.0), (high, 0.0)])
    return builder.program(targets)


def _program_number(view: TableView) -> _Program:
    rows = len(view.groups)
    builder = _Builder(2 * rows)
    _respondents_unknowns(builder, view, rows)
    for block in view.blocks():
        builder.eq.append(({**{i: 1.0 for i in block}, 0: -1.0}, 0.0))
    targets = []
    for i, row in enumerate(view.rows):
        builder.ub.append(({i: 1.0, rows + i: -1.0}, 0.0))
        n = _row_n(row)
        if n is not None:
            builder.fix(i, n)
        elif MEAN in row:
            targets.append((view.name(i, MEAN), {i: 1.0}))
    return builder.program(targets)


def program_of(view: TableView) -> _Program:
    if view.item is None:
        return _program_respondents(view)
    if view.item.options:
        return _program_choice(view)
    return _program_number(view)


def _triplets(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, cols = np.nonzero(matrix)
    return rows, cols, matrix[rows, cols]


def _components(program: _Program) -> dict[int, tuple]:
    """The program split into independent pieces (unknowns linked by no constraint are solved
    apart): for each unknown, the piece it belongs to, as triplets over the piece's unknowns."""
    size = len(program.lo)
    stacked = np.vstack([program.a_ub.reshape(-1, size), program.a_eq.reshape(-1, size)])
    stacked = (stacked != 0).astype(np.int32)
    reach = ((stacked.T @ stacked) > 0) | np.eye(size, dtype=bool)
    while True:  # the transitive closure, by squaring (a table has a few dozen unknowns)
        wider = (reach.astype(np.int32) @ reach.astype(np.int32)) > 0
        if (wider == reach).all():
            break
        reach = wider
    labels = reach.argmax(axis=0) if size else np.zeros(0, int)
    pieces: dict[int, tuple] = {}
    by_label: dict[int, tuple] = {}
    for variable in range(size):
        label = int(labels[variable])
        if label not in by_label:
            columns = np.flatnonzero(labels == label)
            rows_ub = np.flatnonzero(program.a_ub.reshape(-1, size)[:, columns].any(axis=1))
            rows_eq = np.flatnonzero(program.a_eq.reshape(-1, size)[:, columns].any(axis=1))
            a_ub = program.a_ub.reshape(-1, size)[np.ix_(rows_ub, columns)]
            a_eq = program.a_eq.reshape(-1, size)[np.ix_(rows_eq, columns)]
            by_label[label] = (
                _triplets(a_ub),
                _triplets(a_eq),
                program.b_ub[rows_ub],
                program.b_eq[rows_eq],
                program.lo[columns],
                program.hi[columns],
                columns,
            )
        pieces[variable] = by_label[label]
    return pieces


def widths(programs: Sequence[_Program]) -> list[list[tuple[float, float]]]:
    """The (low, high) interval of every target of every program, from one linear program
    holding two copies of each table per target."""
    results: list[list[tuple[float, float]]] = [
        [(-INFINITE, INFINITE)] * len(p.targets) for p in programs
    ]
    parts_ub: list[tuple] = []
    parts_eq: list[tuple] = []
    rhs_ub, rhs_eq, objective, lows, highs = [], [], [], [], []
    # program, target, start, objective over the component, constant
    where: list[tuple[int, int, int, np.ndarray, float]] = []
    column = row_ub = row_eq = 0
    for p_index, program in enumerate(programs):
        if program.infeasible:
            raise ValueError("the published figures contradict each other")
        pieces = _components(program)
        for t_index, (_name, target, constant) in enumerate(program.targets):
            if not np.any(target):
                results[p_index][t_index] = (constant, constant)
                continue
            piece = pieces[int(np.flatnonzero(target)[0])]
            ub, eq, b_ub, b_eq, lo, hi, columns = piece
            size = len(columns)
            sub = target[columns]
            where.append((p_index, t_index, column, sub, constant))
            for sign in (-1.0, 1.0):  # the first copy maximises, the second minimises
                parts_ub.append((ub[0] + row_ub, ub[1] + column, ub[2]))
                parts_eq.append((eq[0] + row_eq, eq[1] + column, eq[2]))
                row_ub += len(b_ub)
                row_eq += len(b_eq)
                rhs_ub.append(b_ub)
                rhs_eq.append(b_eq)
                objective.append(sign * sub)
                lows.append(lo)
                highs.append(hi)
                column += size
    if not where:
        return results

    def assemble(parts: list[tuple], height: int):
        if not height:
            return None
        rows = np.concatenate([p[0] for p in parts])
        cols = np.concatenate([p[1] for p in parts])
        data = np.concatenate([p[2] for p in parts])
        return sparse.csr_array((data, (rows, cols)), shape=(height, column))

    a_ub = assemble(parts_ub, row_ub)
    a_eq = assemble(parts_eq, row_eq)
    solution = linprog(
        np.concatenate(objective),
        A_ub=a_ub,
        b_ub=np.concatenate(rhs_ub) if a_ub is not None else None,
        A_eq=a_eq,
        b_eq=np.concatenate(rhs_eq) if a_eq is not None else None,
        bounds=np.column_stack([np.concatenate(lows), np.concatenate(highs)]),
        method="highs",
    )
    if solution.status != 0:
        raise ValueError(f"audit: the linear program failed ({solution.message})")
    values = solution.x
    for p_index, t_index, begin, target, constant in where:
        size = len(target)
        high = float(target @ values[begin : begin + size]) + constant
        low = float(target @ values[begin + size : begin + 2 * size]) + constant
        if high >= CAP / 2:
            high = INFINITE
        results[p_index][t_index] = (max(low, 0.0), high)
    return results


def views_of(figures: Iterable[Figure], items: Sequence[Item]) -> list[TableView]:
    """The tables of ``figures``, as the audit reads them."""
    by_key = {item.key: item for item in items}
    cells: dict[tuple[str, str, str], dict[str, Row]] = defaultdict(lambda: defaultdict(dict))
    respondents: dict[tuple[str, str], dict[str, int | None]] = defaultdict(dict)
    floors: dict[tuple[str, str, str], int] = defaultdict(int)
    for figure in figures:
        published = None if figure.masked else (figure.value, figure.n)
        if figure.statistic == RESPONDENTS:
            respondents[(figure.questionnaire, figure.ventilation)][figure.group] = (
                None if figure.masked else int(figure.value)
            )
            continue
        key = (figure.questionnaire, figure.question, figure.ventilation)
        cells[key][figure.group][figure.statistic] = published
        if published is not None and figure.n is not None:
            place = (figure.questionnaire, figure.ventilation, figure.group)
            floors[place] = max(floors[place], figure.n)
    whole = {q: r.get(WHOLE) for (q, v), r in respondents.items() if v == WHOLE}
    questions: dict[str, list[str]] = defaultdict(list)
    for q, question, _v in cells:
        if question not in questions[q]:
            questions[q].append(question)
    views = []
    joint: dict[str, tuple[list, list, list, list]] = {}  # questionnaire -> rows of every breakdown
    for (questionnaire, ventilation), groups in sorted(
        respondents.items(), key=lambda entry: (entry[0][0], VENTILATIONS.index(entry[0][1]))
    ):
        names = [WHOLE] + sorted(g for g in groups if g != WHOLE)
        counts = [whole.get(questionnaire) if ventilation != WHOLE else groups[WHOLE]]
        counts += [groups[g] for g in names[1:]]
        places = [(WHOLE, WHOLE)] + [(ventilation, g) for g in names[1:]]
        row_floors = [floors[(questionnaire, v, g)] for v, g in places]
        views.append(TableView(questionnaire, "", ventilation, names, counts, row_floors))
        rows = joint.setdefault(questionnaire, ([WHOLE], [counts[0]], [row_floors[0]], [WHOLE]))
        for index in range(1, len(names)):
            rows[0].append(names[index])
            rows[1].append(counts[index])
            rows[2].append(row_floors[index])
            rows[3].append(ventilation)
    for questionnaire, (names, counts, row_floors, row_ventilations) in joint.items():
        for question in questions[questionnaire]:
            if question not in by_key:
                raise ValueError(f"audit: unknown question {question!r}")
            table_rows = [
                cells[(questionnaire, question, v)].get(g, {})
                for v, g in zip(row_ventilations, names, strict=True)
            ]
            views.append(
                TableView(
                    questionnaire,
                    question,
                    JOINT,
                    names,
                    counts,
                    row_floors,
                    table_rows,
                    by_key[question],
                    row_ventilations,
                )
            )
    return views


def _has_mask(view: TableView) -> bool:
    if view.item is None:
        return any(value is None for value in view.respondents)
    return any(value is None for row in view.rows for value in row.values())


def audit_views(views: Sequence[TableView], *, k: int) -> AuditReport:
    report = AuditReport(k=k)
    tables: set[tuple[str, str, str]] = set()
    audited = [v for v in views if _has_mask(v)]
    programs = [program_of(v) for v in audited]
    for view, program, intervals in zip(audited, programs, widths(programs), strict=True):
        if not program.targets:
            continue
        for (name, _objective, _constant), (low, high) in zip(
            program.targets, intervals, strict=True
        ):
            ventilation, group, statistic = name
            interval = Interval(
                view.questionnaire, view.question, ventilation, group, statistic, low, high
            )
            tables.add((view.questionnaire, view.question, ventilation))
            report.suppressed_counts += 1
            report.intervals.append(interval)
            if interval.width < k - 1e-6 and not interval.proven_zero:
                report.failures.append(interval)
    report.tables_audited = len(tables)
    return report


def audit(figures: Iterable[Figure], items: Sequence[Item], *, k: int) -> AuditReport:
    """Bound every masked count of ``figures`` by linear programming (see the module's
    docstring); ``failures`` lists the counts whose interval is narrower than ``k``."""
    if k < 3:
        raise ValueError(f"k must be at least 3 (got {k})")
    return audit_views(views_of(figures, items), k=k)
