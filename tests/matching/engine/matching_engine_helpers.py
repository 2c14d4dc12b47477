"""Builders and a brute-force solver for the matching engine tests (no Django, no database)."""

from dataclasses import replace
from itertools import count, product

from matching.engine import Mentee, Mentor, Problem, Settings, explain

_ids = count(1000)


def mentor(org: int = 1, capacity: int = 1, **fields) -> Mentor:
    return Mentor(id=fields.pop("id", next(_ids)), organisation_id=org, capacity=capacity, **fields)


def mentee(org: int = 2, **fields) -> Mentee:
    return Mentee(id=fields.pop("id", next(_ids)), organisation_id=org, **fields)


def problem(mentors, mentees, **fields) -> Problem:
    """A problem; settings fields (fairness=True…) may be given directly."""
    settings_fields = {k: fields.pop(k) for k in list(fields) if hasattr(Settings(), k)}
    settings = replace(fields.pop("settings", Settings()), **settings_fields)
    return Problem(mentors=mentors, mentees=mentees, settings=settings, **fields)


def pair_ids(result) -> set[tuple[int, int]]:
    return {(p.mentor_id, p.mentee_id) for p in result.pairs}


def objective(result, fairness: bool) -> tuple:
    scores = [p.score for p in result.pairs]
    if fairness:
        return (len(scores), min(scores, default=0.0), sum(scores))
    return (len(scores), sum(scores))


def brute_force(p: Problem) -> tuple:
    """The best objective over every feasible assignment, enumerated one mentee at a time.

    Independent of the engine's matrices: allowed pairs and scores come from `explain`, the
    readable one-pair code.
    """
    locked_mentor = {e: m for m, e in p.locked}
    options = []
    for e in p.mentees:
        if e.id in locked_mentor:
            options.append([locked_mentor[e.id]])
            continue
        allowed = [m.id for m in p.mentors if explain(p, m.id, e.id).allowed and m.capacity > 0]
        options.append([None, *allowed])
    capacity = {m.id: m.capacity for m in p.mentors}
    score = {(m.id, e.id): explain(p, m.id, e.id).score for m in p.mentors for e in p.mentees}
    best = None
    for choice in product(*options):
        load: dict[int, int] = {}
        for m in choice:
            if m is not None:
                load[m] = load.get(m, 0) + 1
        if any(n > capacity[m] for m, n in load.items()):
            continue
        scores = [score[m, e.id] for m, e in zip(choice, p.mentees, strict=True) if m is not None]
        if p.settings.fairness:
            value = (len(scores), min(scores, default=0.0), sum(scores))
        else:
            value = (len(scores), sum(scores))
        if best is None or _better(value, best):
            best = value
    return best


def _better(a: tuple, b: tuple, tolerance: float = 1e-9) -> bool:
    """Lexicographic comparison with a tolerance on the float parts."""
    for x, y in zip(a, b, strict=True):
        if abs(x - y) > tolerance:
            return x > y
    return False
