"""The optimal assignment, its greedy baseline, and the questions asked about one pair or mentee.

A mentor with capacity c is c interchangeable *slots*: one column each in the assignment matrix,
so that a plain (rectangular) assignment solver handles capacities exactly.
"""

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching

from france.departements import normalise_departement

from .data import (
    Alternative,
    EngineError,
    Issue,
    MatchResult,
    Pair,
    PairExplanation,
    Problem,
    Summary,
    Unmatched,
)
from .scoring import Candidates, Encoded, ScoreMatrix, criteria, violations
from .validation import blocking_issues

# Unmatched reasons, in the order they are looked for: the first constraint that leaves a mentee
# without any mentor names the reason.
REASONS = (
    ("same_organisation", "no_mentor_outside_organisation"),
    ("incompatible_organisations", "only_incompatible_organisations"),
    ("excluded", "excluded_all"),
    ("proximity", "proximity"),
)


def score_matrix(problem: Problem) -> ScoreMatrix:
    """Scores (0–100) and allowed flags of every (mentee, mentor), as numpy arrays."""
    return Encoded(problem).matrix()


def candidates(problem: Problem) -> Candidates:
    """Every allowed (mentor, mentee, score), capacity ignored: for exports and inspection."""
    matrix = score_matrix(problem)
    rows, cols = np.nonzero(matrix.allowed)
    return Candidates(matrix.mentor_ids[cols], matrix.mentee_ids[rows], matrix.scores[rows, cols])


def solve(problem: Problem) -> MatchResult:
    """The best proposal: as many mentees matched as possible, then the highest total score (or,
    with `settings.fairness`, the highest lowest score, then the highest total). Locked pairs are
    kept and use their mentor's capacity. Raises EngineError when the input has blocking issues.
    """
    _refuse_blocking(problem)
    encoded = Encoded(problem)
    matrix = encoded.matrix()
    locked, free_rows, slot_mentor = _place_locks(encoded)

    allowed, scores = matrix.allowed[free_rows], matrix.scores[free_rows]
    if problem.settings.fairness:
        floor = _bottleneck(allowed, scores, slot_mentor)
        if locked:
            # The lowest score overall is the lowest of the locked and the free pairs: free pairs
            # need not beat a locked pair that is already lower.
            floor = min(floor, min(matrix.scores[i, j] for i, j in locked))
        allowed = allowed & (scores >= floor)
    rows, slots = _max_cardinality_then_total(allowed, scores, slot_mentor)

    chosen = locked + list(zip(free_rows[rows].tolist(), slot_mentor[slots].tolist(), strict=True))
    return _result(encoded, matrix, chosen, set(range(len(locked))))


def greedy(problem: Problem) -> MatchResult:
    """Baseline for benchmarks only: locked pairs, then the best remaining allowed pair, again
    and again. Never better than `solve`."""
    _refuse_blocking(problem)
    encoded = Encoded(problem)
    matrix = encoded.matrix()
    locked, free_rows, slot_mentor = _place_locks(encoded)

    room = np.bincount(slot_mentor, minlength=len(encoded.mentor_ids))
    sub_scores = matrix.scores[free_rows]
    rows, cols = np.nonzero(matrix.allowed[free_rows] & (room > 0)[None, :])
    order = np.argsort(-sub_scores[rows, cols], kind="stable")
    chosen = list(locked)
    taken = [False] * len(free_rows)
    room_left, room = int(room.sum()), room.tolist()  # Python lists: faster in this loop
    for r, c in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if room_left == 0:
            break
        if not taken[r] and room[c] > 0:
            taken[r] = True
            room[c] -= 1
            room_left -= 1
            chosen.append((int(free_rows[r]), c))
    return _result(encoded, matrix, chosen, set(range(len(locked))))


def explain(problem: Problem, mentor_id: int, mentee_id: int) -> PairExplanation:
    """Score, criteria and hard constraints of one pair, whether or not it is allowed."""
    mentor = {p.id: p for p in problem.mentors}.get(mentor_id)
    mentee = {p.id: p for p in problem.mentees}.get(mentee_id)
    unknown = []
    if mentor is None:
        unknown.append(Issue("unknown_mentor", {"mentor_id": mentor_id}))
    if mentee is None:
        unknown.append(Issue("unknown_mentee", {"mentee_id": mentee_id}))
    if unknown:
        raise EngineError(unknown)
    found = criteria(mentor, mentee, problem.settings)
    broken = violations(problem, mentor, mentee)
    score = sum(c.points for c in found)
    return PairExplanation(mentor_id, mentee_id, score, found, not broken, broken)


def alternatives(problem: Problem, mentee_id: int, n: int = 3) -> list[Alternative]:
    """The n best allowed mentors for a mentee, best first, whatever their current load.
    Mentors with capacity 0 are left out: they take no mentee at all."""
    encoded = Encoded(problem)
    if mentee_id not in encoded.mentee_index:
        raise EngineError([Issue("unknown_mentee", {"mentee_id": mentee_id})])
    row = np.array([encoded.mentee_index[mentee_id]])
    scores = encoded.scores(row)[0]
    usable = np.flatnonzero(encoded.allowed(row)[0] & (encoded.capacity > 0))
    # Best score first; equal scores in the problem's order of mentors.
    best = usable[np.lexsort((usable, -scores[usable]))][:n]
    return [Alternative(int(encoded.mentor_ids[j]), float(scores[j])) for j in best]


# --- internals ---------------------------------------------------------------------------------


def _refuse_blocking(problem: Problem) -> None:
    issues = blocking_issues(problem)
    if issues:
        raise EngineError(issues)


def _place_locks(encoded: Encoded) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Locked (row, column) cells; the rows of the other mentees; the mentor of each free slot."""
    locked = sorted(
        (encoded.mentee_index[e], encoded.mentor_index[m]) for m, e in encoded.problem.locked
    )
    used = np.bincount([j for _, j in locked], minlength=len(encoded.mentor_ids))
    locked_rows = {i for i, _ in locked}
    free_rows = np.array(
        [i for i in range(len(encoded.mentee_ids)) if i not in locked_rows], dtype=np.intp
    )
    room = np.maximum(encoded.capacity - used, 0)
    slot_mentor = np.repeat(np.arange(len(encoded.mentor_ids)), room)
    return locked, free_rows, slot_mentor


def _max_cardinality_then_total(
    allowed: np.ndarray, scores: np.ndarray, slot_mentor: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows and slots of a matching with the most allowed pairs, then the highest total score.

    `allowed` and `scores` have one column per mentor; `slot_mentor` gives each slot's mentor.
    One exact assignment: an allowed cell is worth `bonus` + its score, a forbidden cell 0. The
    bonus is more than any total of scores (at most 100 per pair), so one more pair always beats
    any gain in score; the forbidden cells the solver fills in are dropped afterwards.
    """
    if not allowed.any() or not len(slot_mentor):
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    bonus = 100.0 * (min(len(allowed), len(slot_mentor)) + 1)
    # Slots as rows: scipy wants no more rows than columns and would transpose (copy) otherwise.
    values = np.where(allowed, scores + bonus, 0.0).T[slot_mentor]
    if len(slot_mentor) <= len(allowed):
        slots, rows = linear_sum_assignment(values, maximize=True)
    else:
        rows, slots = linear_sum_assignment(values.T, maximize=True)
    keep = allowed[rows, slot_mentor[slots]]
    return rows[keep], slots[keep]


def _matching_size(allowed: np.ndarray, slot_mentor: np.ndarray) -> int:
    """The most pairs that can be matched at once (Hopcroft–Karp over slots)."""
    graph = csr_array(allowed.T)[slot_mentor]  # sparse first: cheaper than a dense slot copy
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def _bottleneck(allowed: np.ndarray, scores: np.ndarray, slot_mentor: np.ndarray) -> float:
    """The highest floor t such that as many pairs as possible can still be matched using only
    pairs scoring at least t: a binary search over the distinct scores."""
    size = _matching_size(allowed, slot_mentor)
    if size == 0:
        return 0.0
    # No floor can beat the size-th best row maximum: each matched row has a cell under its max.
    row_best = np.where(allowed, scores, -np.inf).max(axis=1)
    values = np.unique(scores[allowed & (scores <= np.sort(row_best)[-size])])
    lo, hi = 0, len(values) - 1  # values[lo], the lowest score, is always feasible
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _matching_size(allowed & (scores >= values[mid]), slot_mentor) == size:
            lo = mid
        else:
            hi = mid - 1
    return float(values[lo])


def _result(
    encoded: Encoded, matrix: ScoreMatrix, chosen: list[tuple[int, int]], locked: set[int]
) -> MatchResult:
    problem = encoded.problem
    pairs = []
    matched = set()
    for k, (i, j) in enumerate(chosen):
        # Belt and braces: a forbidden pair is never proposed, whatever happened upstream.
        if not matrix.allowed[i, j] and k not in locked:
            continue
        mentor, mentee = problem.mentors[j], problem.mentees[i]
        found = criteria(mentor, mentee, problem.settings)
        pairs.append(Pair(mentor.id, mentee.id, float(matrix.scores[i, j]), found, k in locked))
        matched.add(i)
    pairs.sort(key=lambda p: encoded.mentee_index[p.mentee_id])
    unmatched_rows = np.array(
        [i for i in range(len(problem.mentees)) if i not in matched], dtype=np.intp
    )
    scores = [p.score for p in pairs]
    summary = Summary(
        matched=len(pairs),
        unmatched=len(unmatched_rows),
        total_score=float(sum(scores)),
        mean_score=float(np.mean(scores)) if scores else None,
        lowest_score=min(scores) if scores else None,
    )
    return MatchResult(tuple(pairs), _unmatched(encoded, unmatched_rows), summary)


def _unmatched(encoded: Encoded, rows: np.ndarray) -> tuple[Unmatched, ...]:
    """Why each of these mentees has no mentor, by inspecting their row of constraints."""
    if not len(rows):
        return ()
    mentees = encoded.problem.mentees
    broken = encoded.broken(rows)
    alive = np.ones((len(rows), len(encoded.mentor_ids)), dtype=bool)
    reasons: dict[int, Unmatched] = {}
    for key, code in REASONS:
        before = alive.sum(axis=1)
        alive &= ~broken[key]
        for k in np.flatnonzero(alive.sum(axis=1) == 0).tolist():
            if k in reasons:
                continue
            mentee = mentees[rows[k]]
            params = {
                "no_mentor_outside_organisation": {"organisation_id": mentee.organisation_id},
                "only_incompatible_organisations": {"organisation_id": mentee.organisation_id},
                "excluded_all": {"excluded": int(before[k])},
                "proximity": {"departement": normalise_departement(mentee.departement)},
            }[code]
            reasons[k] = Unmatched(mentee.id, code, params)

    # The others have compatible mentors, all of them full (the matching has as many pairs as
    # possible). Say whether any of those mentors offers a sought topic: if none does, the fix is
    # to recruit mentors with these topics.
    offers = np.zeros_like(alive)
    for word in range(encoded.mentee_topics.shape[1]):
        both = encoded.mentee_topics[rows, word][:, None] & encoded.mentor_topics[:, word][None, :]
        offers |= both != 0
    for k in range(len(rows)):
        if k in reasons:
            continue
        mentee = mentees[rows[k]]
        compatible = int(alive[k].sum())
        with_topics = int((alive[k] & offers[k]).sum())
        if mentee.topics and with_topics == 0:
            params = {"compatible": compatible, "sought": len(mentee.topics)}
            reasons[k] = Unmatched(mentee.id, "no_mentor_with_topics", params)
        else:
            params = {"compatible": compatible, "with_topics": with_topics}
            reasons[k] = Unmatched(mentee.id, "all_compatible_mentors_full", params)
    return tuple(reasons[k] for k in range(len(rows)))
