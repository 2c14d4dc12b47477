"""The matching engine: proposes mentor–mentee pairs. Pure Python and numpy, no Django.

Public API
----------
solve(problem) -> MatchResult             the optimal proposal (raises EngineError on bad input)
greedy(problem) -> MatchResult            highest score first; a benchmark baseline only
validate(problem) -> list[Issue]          coded input issues, blocking ones first
score_matrix(problem) -> ScoreMatrix      scores and allowed flags of every (mentee, mentor)
candidates(problem) -> Candidates         every allowed (mentor, mentee, score), as arrays
explain(problem, mentor_id, mentee_id) -> PairExplanation
alternatives(problem, mentee_id, n=3) -> list[Alternative]

Objective of `solve`, solved exactly (an assignment over mentor slots, not greedy): first match as
many mentees as possible; then maximise the total score; with `settings.fairness`, maximise the
lowest score before the total. Locked pairs are placed first and use their mentor's capacity.

Hard constraints (a pair breaking one is never proposed)
-------------------------------------------------------
Codes in `PairExplanation.violations` (code: params):

- same_organisation: organisation_id
- incompatible_organisations: mentor_organisation_id, mentee_organisation_id
- excluded: (none) — the coordinator excluded this pair
- proximity: mentor_departement, mentee_departement — with `settings.proximity_required`, both
  want to meet in person ("presentiel"; "mixte" does not count) and their départements are
  neither the same nor neighbours, or one is unknown ("")

Plus: a mentor takes at most `capacity` mentees, and locked pairs are always kept.

Score of a pair
---------------
0–100: the weighted mean of five criteria, each valued in [0, 1], times 100. Each is a
`Criterion(criterion, code, value, weight, points, params)`; `points` = value × weight × 100 / sum
of weights, so the points add up to the score. `Criterion.as_dict()` flattens it for JSON:
{"criterion": "topics", "code": "topics_shared", "shared": [...], "sought": 3, "offered": 4,
"value": 0.667, "weight": 40.0, "points": 26.67}.

criterion "topics" (share of the mentee's sought topics that the mentor offers):
- topics_shared: shared (sorted list of topic names, maybe empty), sought (int), offered (int);
  value = len(shared) / sought
- topics_none_sought: offered (int); the mentee sought no topic, value 0.5
criterion "experience" (mentor's years of management experience ahead of the mentee's):
- experience_ahead: mentor_years, mentee_years, ahead (int, may be ≤ 0);
  value = ahead / 5 clipped to [0, 1] (1 from 5 years ahead, 0 when not ahead)
- experience_unknown: mentor_years, mentee_years (one is None); value 0.5
criterion "mode" (preferred ways to meet), params mentor_mode, mentee_mode for every code:
- mode_same: value 1
- mode_one_mixte: one is "mixte", the other not; value 0.75
- mode_opposite: "presentiel" and "distanciel"; value 0.25
- mode_unknown: one is ""; value 0.5
criterion "distance" (great-circle distance between the départements' centroids):
- distance_same_departement: mentor_departement, mentee_departement, km (0), neighbours (False);
  value 1
- distance_km: mentor_departement, mentee_departement, km (int, rounded), neighbours (bool:
  the départements share a border); value = 1 − km / 300, at least 0
- distance_unknown: mentor_departement, mentee_departement (one is "" or not a département);
  value 0.5
criterion "sector", params preference ("same" | "different" | "indifferent"), mentor_sector,
mentee_sector for every code:
- sector_indifferent: value 1
- sector_same: same sector; value 1 if preference is "same", else 0
- sector_different: different sectors; value 1 if preference is "different", else 0
- sector_unknown: one sector is ""; value 0.5

Why a mentee is unmatched (`Unmatched(mentee_id, code, params)`)
----------------------------------------------------------------
The first of these that leaves the mentee with no allowed mentor, in this order:
- no_mentor_outside_organisation: organisation_id — every mentor is from the mentee's organisation
- only_incompatible_organisations: organisation_id — the other mentors' organisations are all
  declared incompatible with the mentee's
- excluded_all: excluded (int) — the remaining mentors are all excluded for this mentee
- proximity: departement ("" when unknown) — the mentee wants to meet in person and no remaining
  mentor is within reach (only in-person mentors were left, none in the same or a neighbouring
  département)
Otherwise the mentee had compatible mentors, all of whom are full:
- no_mentor_with_topics: compatible (int), sought (int) — and none of them offers any of the
  mentee's sought topics (recruit mentors with these topics)
- all_compatible_mentors_full: compatible (int), with_topics (int: how many of them offer at least
  one sought topic)

Input issues (`Issue(code, params, blocking)`) from `validate`
--------------------------------------------------------------
Blocking (`solve` and `greedy` raise `EngineError(issues)`):
- no_mentors, no_mentees, no_capacity (every capacity is 0): no params
- single_organisation: organisation_id — every mentor and mentee is from this organisation
- duplicate_mentor_id: mentor_id; duplicate_mentee_id: mentee_id
- negative_capacity: mentor_id, capacity
- negative_weight: criterion, weight
- invalid_sector_preference: value
- locked_unknown_mentor, locked_unknown_mentee: mentor_id, mentee_id
- locked_and_excluded: mentor_id, mentee_id
- locked_same_organisation: mentor_id, mentee_id, organisation_id
- locked_incompatible_organisations: mentor_id, mentee_id, mentor_organisation_id,
  mentee_organisation_id
- locked_proximity: mentor_id, mentee_id, mentor_departement, mentee_departement
- mentor_locked_over_capacity: mentor_id, capacity, locked (int)
- mentee_locked_twice: mentee_id, mentor_ids (sorted list)
Warnings (blocking=False):
- weights_all_zero: no params — every score is 0
- excluded_unknown_id: mentor_id, mentee_id — an exclusion naming nobody in the problem
- unknown_departement: role ("mentor" | "mentee"), id, departement — not a French département
- in_person_without_departement: role, id, departement — with proximity_required, an in-person
  participant with no known département can only be paired with people who accept remote meetings

`explain` and `alternatives` raise EngineError with unknown_mentor (mentor_id) or unknown_mentee
(mentee_id) when asked about someone who is not in the problem.
"""

from .data import (
    Alternative,
    Criterion,
    EngineError,
    Issue,
    MatchResult,
    Mentee,
    Mentor,
    Pair,
    PairExplanation,
    Participant,
    Problem,
    Settings,
    Summary,
    Unmatched,
    Violation,
    Weights,
)
from .scoring import Candidates, ScoreMatrix
from .solver import alternatives, candidates, explain, greedy, score_matrix, solve
from .validation import validate

__all__ = [
    "Alternative",
    "Candidates",
    "Criterion",
    "EngineError",
    "Issue",
    "MatchResult",
    "Mentee",
    "Mentor",
    "Pair",
    "PairExplanation",
    "Participant",
    "Problem",
    "ScoreMatrix",
    "Settings",
    "Summary",
    "Unmatched",
    "Violation",
    "Weights",
    "alternatives",
    "candidates",
    "explain",
    "greedy",
    "score_matrix",
    "solve",
    "validate",
]
