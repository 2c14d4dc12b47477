import pytest

from evaluation.stats import WHOLE, Figure, Item, Option, audit, compute_wave

from .helpers import agreement, record

YES_NO = Item("c", "c", "choice", (Option(1, "oui"), Option(2, "non")))


def figure(ventilation, group, question, statistic, value, n, masked=False):
    if masked:
        return Figure("q", question, ventilation, group, statistic, None, None, True)
    return Figure("q", question, ventilation, group, statistic, value, n, False)


def rectangle(*, mean_of_a=None):
    """Two sectors of 10, yes/no counts all masked, the whole shown (10 yes, 10 no)."""
    out = [
        figure(WHOLE, WHOLE, "", "répondants", 20, 20),
        figure(WHOLE, WHOLE, "c", "effectif:oui", 10, 20),
        figure(WHOLE, WHOLE, "c", "effectif:non", 10, 20),
        figure("secteur", "a", "", "répondants", 10, 10),
        figure("secteur", "b", "", "répondants", 10, 10),
    ]
    for group in "ab":
        for option in ("oui", "non"):
            out.append(figure("secteur", group, "c", f"effectif:{option}", None, None, True))
    if mean_of_a is not None:
        out.append(figure("secteur", "a", "c", "moyenne", mean_of_a, 10))
    return out


def interval(report, group, statistic):
    (found,) = [
        i
        for i in report.intervals
        if i.ventilation == "secteur" and i.group == group and i.statistic == statistic
    ]
    return found


def test_a_masked_rectangle_leaves_each_count_free_between_zero_and_its_margin():
    report = audit(rectangle(), [YES_NO], k=5)
    cell = interval(report, "a", "effectif:oui")
    assert (round(cell.low, 6), round(cell.high, 6)) == (0, 10)
    assert report.ok
    assert report.tables_audited == 1
    assert report.suppressed_counts == 4
    assert report.smallest_width == pytest.approx(10)


def test_a_published_mean_narrows_the_masked_counts_to_its_rounding():
    # 6 yes (1) and 4 no (2): a mean of 1.4 leaves 3.5 to 4.5 "no", an interval of 1
    report = audit(rectangle(mean_of_a=1.4), [YES_NO], k=5)
    cell = interval(report, "a", "effectif:non")
    assert cell.low == pytest.approx(3.5, abs=1e-4)
    assert cell.high == pytest.approx(4.5, abs=1e-4)
    assert not report.ok
    assert cell in report.failures


def test_the_audit_fails_on_a_suppression_that_masks_only_the_primary_cells():
    values = {"a": [1, 1] + [4] * 5 + [5] * 5, "b": [2] * 6 + [4] * 6, "c": [3] * 6 + [5] * 6}
    records = [record(sector=s, q=v) for s, vs in values.items() for v in vs]
    item = agreement()
    safe = compute_wave("q", [item], records, k=5)
    assert audit(safe, [item], k=5).ok
    # the weak version: every figure shown except the primary ones
    truth = compute_wave("q", [item], records * 5, k=3)  # five times the counts, nothing masked
    assert not any(f.masked for f in truth)
    weak = []
    for f in truth:
        value = f.value if f.statistic in ("moyenne", "part_accord") else f.value // 5
        n = f.n // 5
        primary = f.statistic.startswith("effectif:") and 0 < value < 5
        weak.append(
            Figure(
                f.questionnaire,
                f.question,
                f.ventilation,
                f.group,
                f.statistic,
                None if primary else value,
                None if primary else n,
                primary,
            )
        )
    report = audit(weak, [item], k=5)
    assert not report.ok
    failed = {(i.ventilation, i.group, i.statistic) for i in report.failures}
    assert ("secteur", "a", "effectif:a1") in failed
    assert min(i.width for i in report.failures) < 1e-6  # recomputed exactly


def test_a_masked_count_proven_zero_is_not_a_failure():
    figures = rectangle()
    figures[1:3] = [
        figure(WHOLE, WHOLE, "c", "effectif:oui", 20, 20),
        figure(WHOLE, WHOLE, "c", "effectif:non", 0, 20),
    ]
    report = audit(figures, [YES_NO], k=5)
    zero = interval(report, "a", "effectif:non")
    assert zero.proven_zero
    assert zero not in report.failures


def test_masked_respondents_are_bounded_by_the_whole():
    figures = [
        figure(WHOLE, WHOLE, "", "répondants", 20, 20),
        figure("secteur", "a", "", "répondants", None, None, True),
        figure("secteur", "b", "", "répondants", None, None, True),
        figure("secteur", "c", "", "répondants", 12, 12),
    ]
    report = audit(figures, [], k=5)
    cell = interval(report, "a", "répondants")
    assert (round(cell.low, 6), round(cell.high, 6)) == (0, 8)
    assert report.ok


def test_an_unknown_question_is_refused():
    figures = [figure(WHOLE, WHOLE, "", "répondants", 20, 20)]
    figures.append(figure(WHOLE, WHOLE, "x", "moyenne", 3.0, 20))
    with pytest.raises(ValueError):
        audit(figures, [], k=5)


def test_nothing_masked_means_nothing_to_audit():
    report = audit(compute_wave("q", [agreement()], [record(q=4)] * 10, k=5), [agreement()], k=5)
    assert (report.tables_audited, report.suppressed_counts, report.smallest_width) == (0, 0, None)
    assert report.ok


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        audit(rectangle(), [YES_NO], k=2)


def test_two_breakdowns_together_narrow_a_masked_count_of_the_whole():
    # the truth: 6 yes among 20 (mentors 5 of 10, mentees 1 of 10; sector a 0 of 12, b 6 of 8)
    figures = [
        figure(WHOLE, WHOLE, "", "répondants", 20, 20),
        figure(WHOLE, WHOLE, "c", "effectif:oui", None, None, True),
        figure(WHOLE, WHOLE, "c", "effectif:non", None, None, True),
        figure("rôle", "mentor", "", "répondants", 10, 10),
        figure("rôle", "mentee", "", "répondants", 10, 10),
        figure("rôle", "mentor", "c", "effectif:oui", 5, 10),
        figure("rôle", "mentor", "c", "effectif:non", 5, 10),
        figure("rôle", "mentee", "c", "effectif:oui", None, None, True),
        figure("rôle", "mentee", "c", "effectif:non", None, None, True),
        figure("secteur", "a", "", "répondants", 12, 12),
        figure("secteur", "b", "", "répondants", 8, 8),
        figure("secteur", "a", "c", "effectif:oui", 0, 12),
        figure("secteur", "a", "c", "effectif:non", 12, 12),
        figure("secteur", "b", "c", "effectif:oui", None, None, True),
        figure("secteur", "b", "c", "effectif:non", None, None, True),
    ]
    report = audit(figures, [YES_NO], k=5)
    # the roles alone leave 5 to 15, the sectors alone 0 to 8: together, 5 to 8
    (whole,) = [i for i in report.intervals if i.group == WHOLE and i.statistic == "effectif:oui"]
    assert whole.low == pytest.approx(5, abs=1e-6)
    assert whole.high == pytest.approx(8, abs=1e-6)
    assert whole in report.failures
    assert report.tables_audited == 3  # ensemble, rôle and secteur of the question
