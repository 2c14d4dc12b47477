"""Small groups: hand-computed tables and properties over random records (hypothesis)."""

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.stats import VENTILATIONS, WHOLE, Item, Option, Record, audit, compute_wave

from .helpers import agreement, find, record


def test_a_group_of_three_is_masked_and_so_is_a_complement():
    records = (
        [record(sector="a", q=4) for _ in range(3)]
        + [record(sector="b", q=v) for v in (4, 4, 5, 5, 3, 3, 4, 5)]
        + [record(sector="c", q=v) for v in (4, 5, 4, 5, 2, 2, 4, 5, 4, 5, 4, 5)]
        + [record(sector="d", q=v) for v in (4, 5, 3, 3, 2, 2, 4, 5, 4, 5, 4, 5, 4, 4)]
    )
    figures = compute_wave("base", [agreement()], records, k=5)
    a = find(figures, "secteur", "a", "", "répondants")
    assert a.masked and a.value is None
    masked = [
        f.group
        for f in figures
        if f.ventilation == "secteur" and f.statistic == "répondants" and f.masked
    ]
    assert len(masked) >= 2
    assert all(f.masked for f in figures if f.ventilation == "secteur" and f.group == "a")
    assert audit(figures, [agreement()], k=5).ok


def test_a_count_of_two_in_a_group_of_twelve_is_masked_with_a_complement_in_its_row_and_column():
    values_a = [1, 1] + [4] * 5 + [5] * 5  # two strongly disagree in a group of 12
    values_b = [2] * 6 + [4] * 6 + [5] * 8
    values_c = [1] * 6 + [3] * 6 + [4] * 6 + [5] * 6
    records = (
        [record(sector="a", q=v) for v in values_a]
        + [record(sector="b", q=v) for v in values_b]
        + [record(sector="c", q=v) for v in values_c]
    )
    figures = compute_wave("base", [agreement()], records, k=5)
    cell = find(figures, "secteur", "a", "q", "effectif:a1")
    assert cell.masked
    row = [
        f
        for f in figures
        if f.ventilation == "secteur" and f.group == "a" and f.statistic.startswith("effectif")
    ]
    column = [
        f
        for f in figures
        if f.ventilation == "secteur" and f.statistic == "effectif:a1" and f.group != "a"
    ]
    assert sum(f.masked for f in row) >= 2
    assert any(f.masked for f in column)
    assert audit(figures, [agreement()], k=5).ok


def test_nothing_is_masked_when_every_count_reaches_k():
    records = [record(sector=s, q=v) for s in "ab" for v in (1, 2, 3, 4, 5) for _ in range(5)]
    figures = compute_wave("base", [agreement()], records, k=5)
    assert not any(f.masked for f in figures)


# -- properties -------------------------------------------------------------------------------

KINDS = ("agreement", "scale4", "choice", "number")


@st.composite
def items_strategy(draw):
    count = draw(st.integers(1, 5))
    items = []
    for index in range(count):
        kind = draw(st.sampled_from(KINDS))
        key = f"i{index}"
        if kind == "agreement":
            options = tuple(Option(v, f"{key}-{v}") for v in range(1, 6))
            items.append(Item(key, key, kind, options, agree_from=4))
        elif kind == "scale4":
            options = tuple(Option(v, f"{key}-{v}") for v in range(1, 5))
            items.append(Item(key, key, kind, options, agree_from=3))
        elif kind == "choice":
            width = draw(st.integers(2, 4))
            items.append(
                Item(key, key, kind, tuple(Option(v, f"{key}-{v}") for v in range(1, width + 1)))
            )
        else:
            items.append(Item(key, key, kind))
    return items


@st.composite
def waves(draw):
    items = draw(items_strategy())
    k = draw(st.integers(3, 7))
    sizes = {a: draw(st.integers(2, 6)) for a in ("sector", "departement", "size")}
    count = draw(st.integers(0, 60))
    records = []
    for _ in range(count):
        attributes = {
            a: ("autre" if (g := draw(st.integers(1, n))) == n else f"{a[0]}{g}")
            for a, n in sizes.items()
        }
        answers = {}
        for item in items:
            if draw(st.integers(0, 9)) == 0:
                continue  # a skipped question
            if item.options:
                answers[item.key] = draw(st.sampled_from([o.value for o in item.options]))
            else:
                answers[item.key] = draw(st.integers(0, 80))
        role = draw(st.sampled_from(["mentor", "mentee"]))
        records.append(
            Record(
                role, attributes["sector"], attributes["departement"], attributes["size"], answers
            )
        )
    return items, records, k


def truth(items, records):
    """The true figures, computed the plain way: {(ventilation, group, question, stat): (v, n)}."""
    members = defaultdict(list)
    for r in records:
        for v in VENTILATIONS:
            members[(v, r.group(v))].append(r)
    out = {}
    for (v, g), people in members.items():
        out[(v, g, "", "répondants")] = (len(people), len(people))
        for item in items:
            answers = [p.answers[item.key] for p in people if item.key in p.answers]
            n = len(answers)
            for option in item.options:
                out[(v, g, item.key, f"effectif:{option.label}")] = (answers.count(option.value), n)
            if n:
                out[(v, g, item.key, "moyenne")] = (sum(answers) / n, n)
                if item.agree_from is not None:
                    agree = sum(a >= item.agree_from for a in answers)
                    out[(v, g, item.key, "part_accord")] = (100 * agree / n, n)
    return out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(waves())
def test_no_output_reveals_a_group_under_k_and_the_audit_proves_it(wave):
    items, records, k = wave
    figures = compute_wave("q", items, records, k=k)
    true = truth(items, records)
    for f in figures:
        if f.masked:
            assert f.value is None and f.n is None
            continue
        assert f.n >= k, f
        if f.statistic.startswith("effectif:"):
            assert not 0 < f.value < k, f
        if f.statistic == "répondants":
            assert f.value >= k, f
        value, n = true[(f.ventilation, f.group, f.question, f.statistic)]
        assert f.n == n
        if f.statistic == "moyenne":
            assert abs(f.value - value) <= 0.05 + 1e-9
        elif f.statistic == "part_accord":
            assert abs(f.value - value) <= 0.5 + 1e-9
        else:
            assert f.value == value
    report = audit(figures, items, k=k)
    assert report.ok, report.failures[:3]
    assert all(i.width >= k - 1e-6 or i.proven_zero for i in report.intervals)


def test_the_whole_is_published_once_under_ensemble():
    records = [record(q=4) for _ in range(10)]
    figures = compute_wave("base", [agreement()], records, k=5)
    assert {f.group for f in figures if f.ventilation == WHOLE} == {WHOLE}
