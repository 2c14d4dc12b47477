"""Input checks: user mistakes become coded issues, never exceptions."""

from collections import Counter, defaultdict

from france.departements import normalise_departement

from .data import Issue, Problem
from .scoring import in_person, violations

SECTOR_PREFERENCES = ("same", "different", "indifferent")


def validate(problem: Problem) -> list[Issue]:
    """Every issue of the input, blocking ones first; `solve` refuses if any is blocking."""
    issues = _participants(problem) + _settings(problem) + _locks(problem)
    issues += _warnings(problem)
    return sorted(issues, key=lambda issue: not issue.blocking)


def blocking_issues(problem: Problem) -> list[Issue]:
    return [issue for issue in validate(problem) if issue.blocking]


def _participants(problem: Problem) -> list[Issue]:
    mentors, mentees = problem.mentors, problem.mentees
    issues = []
    if not mentors:
        issues.append(Issue("no_mentors"))
    if not mentees:
        issues.append(Issue("no_mentees"))
    for role, people in (("mentor", mentors), ("mentee", mentees)):
        for person_id, count in Counter(p.id for p in people).items():
            if count > 1:
                issues.append(Issue(f"duplicate_{role}_id", {f"{role}_id": person_id}))
    for mentor in mentors:
        if mentor.capacity < 0:
            params = {"mentor_id": mentor.id, "capacity": mentor.capacity}
            issues.append(Issue("negative_capacity", params))
    if mentors and all(mentor.capacity <= 0 for mentor in mentors):
        issues.append(Issue("no_capacity"))
    organisations = {p.organisation_id for p in (*mentors, *mentees)}
    if mentors and mentees and len(organisations) == 1:
        issues.append(Issue("single_organisation", {"organisation_id": organisations.pop()}))
    return issues


def _settings(problem: Problem) -> list[Issue]:
    settings = problem.settings
    issues = [
        Issue("negative_weight", {"criterion": name, "weight": weight})
        for name, weight in settings.weights.as_dict().items()
        if weight < 0
    ]
    if settings.sector_preference not in SECTOR_PREFERENCES:
        issues.append(Issue("invalid_sector_preference", {"value": settings.sector_preference}))
    if not issues and sum(settings.weights.as_dict().values()) == 0:
        # Solvable (every score is 0, only the number of pairs counts), but surely a mistake.
        issues.append(Issue("weights_all_zero", blocking=False))
    return issues


def _locks(problem: Problem) -> list[Issue]:
    mentors = {p.id: p for p in problem.mentors}
    mentees = {p.id: p for p in problem.mentees}
    issues = []
    per_mentor: Counter[int] = Counter()
    per_mentee: defaultdict[int, list[int]] = defaultdict(list)
    for mentor_id, mentee_id in sorted(problem.locked):
        pair = {"mentor_id": mentor_id, "mentee_id": mentee_id}
        if mentor_id not in mentors:
            issues.append(Issue("locked_unknown_mentor", pair))
        if mentee_id not in mentees:
            issues.append(Issue("locked_unknown_mentee", pair))
        if mentor_id not in mentors or mentee_id not in mentees:
            continue
        per_mentor[mentor_id] += 1
        per_mentee[mentee_id].append(mentor_id)
        if (mentor_id, mentee_id) in problem.excluded:
            issues.append(Issue("locked_and_excluded", pair))
        for violation in violations(problem, mentors[mentor_id], mentees[mentee_id]):
            if violation.code != "excluded":  # reported just above, in its own words
                issues.append(Issue(f"locked_{violation.code}", {**pair, **violation.params}))
    for mentor_id, locked in sorted(per_mentor.items()):
        capacity = mentors[mentor_id].capacity
        if locked > capacity:
            params = {"mentor_id": mentor_id, "capacity": capacity, "locked": locked}
            issues.append(Issue("mentor_locked_over_capacity", params))
    for mentee_id, mentor_ids in sorted(per_mentee.items()):
        if len(mentor_ids) > 1:
            params = {"mentee_id": mentee_id, "mentor_ids": sorted(mentor_ids)}
            issues.append(Issue("mentee_locked_twice", params))
    return issues


def _warnings(problem: Problem) -> list[Issue]:
    mentor_ids = {p.id for p in problem.mentors}
    mentee_ids = {p.id for p in problem.mentees}
    issues = [
        Issue("excluded_unknown_id", {"mentor_id": m, "mentee_id": e}, blocking=False)
        for m, e in sorted(problem.excluded)
        if m not in mentor_ids or e not in mentee_ids
    ]
    for role, people in (("mentor", problem.mentors), ("mentee", problem.mentees)):
        for p in people:
            known = normalise_departement(p.departement)
            params = {"role": role, "id": p.id, "departement": p.departement}
            if p.departement.strip() and not known:
                issues.append(Issue("unknown_departement", params, blocking=False))
            if problem.settings.proximity_required and in_person(p) and not known:
                # The proximity rule cannot be met without a place: this person only gets
                # partners who accept remote meetings.
                issues.append(Issue("in_person_without_departement", params, blocking=False))
    return issues
