"""Scores and hard constraints, twice: for one pair (readable, with explanations) and for all
pairs at once (numpy, no Python loop over pairs).

The one-pair functions are the specification; the matrix functions must agree with them to
floating-point rounding, which the tests check on random instances. The matrix version's lookup
tables (experience, mode, distance, sector) are filled by calling the one-pair functions, so the
two cannot drift apart.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from france.departements import distance_km, normalise_departement, within_reach

from .data import Criterion, Mentee, Mentor, Problem, Settings, Violation

EXPERIENCE_FULL_YEARS = 5  # a mentor this many years ahead gets the full experience value
DISTANCE_ZERO_KM = 300.0  # centroids this far apart (or more) get a distance value of 0
NEUTRAL = 0.5  # the value of a criterion that cannot be judged (unknown data)

MODES = ("", "presentiel", "distanciel", "mixte")  # index = the mode's integer code
ROW_CHUNK = 512  # mentees scored per numpy block: bounds the temporaries' memory


# --- cleaning: one place, used by both versions ------------------------------------------------


@lru_cache(maxsize=256)  # few distinct values, asked for again and again
def clean_mode(mode: str | None) -> str:
    mode = (mode or "").strip().lower().replace("é", "e")
    return mode if mode in MODES else ""


def clean_sector(sector: str | None) -> str:
    return (sector or "").strip().casefold()


def in_person(person: Mentor | Mentee) -> bool:
    # "mixte" accepts remote meetings, so only "presentiel" is strictly in person.
    return clean_mode(person.mode) == "presentiel"


# --- one pair ----------------------------------------------------------------------------------


def mode_value(mentor_mode: str, mentee_mode: str) -> tuple[str, float]:
    a, b = clean_mode(mentor_mode), clean_mode(mentee_mode)
    if not a or not b:
        return "mode_unknown", NEUTRAL
    if a == b:
        return "mode_same", 1.0
    if "mixte" in (a, b):
        return "mode_one_mixte", 0.75
    return "mode_opposite", 0.25


def distance_value(mentor_departement: str, mentee_departement: str) -> tuple[str, float]:
    a, b = normalise_departement(mentor_departement), normalise_departement(mentee_departement)
    km = distance_km(a, b)
    if km is None:
        return "distance_unknown", NEUTRAL
    code = "distance_same_departement" if a == b else "distance_km"
    return code, max(0.0, 1.0 - km / DISTANCE_ZERO_KM)


def sector_value(mentor_sector: str, mentee_sector: str, preference: str) -> tuple[str, float]:
    if preference == "indifferent":
        return "sector_indifferent", 1.0
    a, b = clean_sector(mentor_sector), clean_sector(mentee_sector)
    if not a or not b:
        return "sector_unknown", NEUTRAL
    same = a == b
    wanted = same == (preference == "same")
    return ("sector_same" if same else "sector_different"), (1.0 if wanted else 0.0)


def experience_value(mentor_years: int | None, mentee_years: int | None) -> float:
    if mentor_years is None or mentee_years is None:
        return NEUTRAL
    return min(max((mentor_years - mentee_years) / EXPERIENCE_FULL_YEARS, 0.0), 1.0)


def criteria(mentor: Mentor, mentee: Mentee, settings: Settings) -> tuple[Criterion, ...]:
    """The five criteria of a pair, each with its code and params; their points sum to the score."""
    weights = settings.weights.as_dict()
    total_weight = sum(weights.values())
    scale = 100.0 / total_weight if total_weight > 0 else 0.0
    found: list[tuple[str, str, float, dict]] = []

    sought, offered = mentee.topics, mentor.topics
    if sought:
        shared = sorted(sought & offered)
        found.append(
            (
                "topics",
                "topics_shared",
                len(shared) / len(sought),
                {"shared": shared, "sought": len(sought), "offered": len(offered)},
            )
        )
    else:
        found.append(("topics", "topics_none_sought", NEUTRAL, {"offered": len(offered)}))

    years = {"mentor_years": mentor.experience_years, "mentee_years": mentee.experience_years}
    value = experience_value(mentor.experience_years, mentee.experience_years)
    if mentor.experience_years is None or mentee.experience_years is None:
        found.append(("experience", "experience_unknown", value, years))
    else:
        ahead = mentor.experience_years - mentee.experience_years
        found.append(("experience", "experience_ahead", value, {**years, "ahead": ahead}))

    code, value = mode_value(mentor.mode, mentee.mode)
    modes = {"mentor_mode": clean_mode(mentor.mode), "mentee_mode": clean_mode(mentee.mode)}
    found.append(("mode", code, value, modes))

    a, b = normalise_departement(mentor.departement), normalise_departement(mentee.departement)
    code, value = distance_value(a, b)
    places: dict = {"mentor_departement": a, "mentee_departement": b}
    if code != "distance_unknown":
        places |= {"km": round(distance_km(a, b)), "neighbours": a != b and within_reach(a, b)}
    found.append(("distance", code, value, places))

    preference = settings.sector_preference
    code, value = sector_value(mentor.sector, mentee.sector, preference)
    sectors = {
        "preference": preference,
        "mentor_sector": mentor.sector,
        "mentee_sector": mentee.sector,
    }
    found.append(("sector", code, value, sectors))

    return tuple(
        Criterion(name, code, value, weights[name], value * weights[name] * scale, params)
        for name, code, value, params in found
    )


def violations(problem: Problem, mentor: Mentor, mentee: Mentee) -> tuple[Violation, ...]:
    """The hard constraints a pair breaks (locks aside: a locked pair is checked by validation)."""
    found = []
    if mentor.organisation_id == mentee.organisation_id:
        found.append(Violation("same_organisation", {"organisation_id": mentor.organisation_id}))
    if frozenset((mentor.organisation_id, mentee.organisation_id)) in (
        problem.incompatible_organisations
    ):
        orgs = {
            "mentor_organisation_id": mentor.organisation_id,
            "mentee_organisation_id": mentee.organisation_id,
        }
        found.append(Violation("incompatible_organisations", orgs))
    if (mentor.id, mentee.id) in problem.excluded:
        found.append(Violation("excluded"))
    if too_far(problem.settings, mentor, mentee):
        places = {
            "mentor_departement": normalise_departement(mentor.departement),
            "mentee_departement": normalise_departement(mentee.departement),
        }
        found.append(Violation("proximity", places))
    return tuple(found)


def too_far(settings: Settings, mentor: Mentor, mentee: Mentee) -> bool:
    if not (settings.proximity_required and in_person(mentor) and in_person(mentee)):
        return False
    # An unknown département cannot prove the two are close: the rule is not met.
    a, b = normalise_departement(mentor.departement), normalise_departement(mentee.departement)
    return not within_reach(a, b)


# --- all pairs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreMatrix:
    """Scores and allowed flags of every (mentee, mentor): rows follow `mentee_ids`, columns
    follow `mentor_ids` (the problem's order). A forbidden pair still has a score: look at
    `allowed`."""

    mentee_ids: np.ndarray  # int64, (n,)
    mentor_ids: np.ndarray  # int64, (m,)
    scores: np.ndarray  # float64, (n, m), 0–100
    allowed: np.ndarray  # bool, (n, m)


@dataclass(frozen=True)
class Candidates:
    """Every allowed pair, as three aligned arrays (mentee-major order)."""

    mentor_ids: np.ndarray  # int64
    mentee_ids: np.ndarray  # int64
    scores: np.ndarray  # float64


class Encoded:
    """The problem as integer codes and small tables of points.

    Apart from topics, every criterion depends on a few values only (mode, département, sector,
    years of experience). Each criterion is therefore a small table indexed [mentee's value,
    mentor's value] and filled by the one-pair functions, and scoring all pairs is a handful of
    numpy lookups. Mode, département and sector are further merged into one *profile* per
    participant, so that the three cost a single lookup.
    """

    def __init__(self, problem: Problem) -> None:
        mentors, mentees, settings = problem.mentors, problem.mentees, problem.settings
        self.problem = problem
        self.mentor_ids = np.array([p.id for p in mentors], dtype=np.int64)
        self.mentee_ids = np.array([p.id for p in mentees], dtype=np.int64)
        self.mentor_index = {p.id: j for j, p in enumerate(mentors)}
        self.mentee_index = {p.id: i for i, p in enumerate(mentees)}
        self.capacity = np.array([max(p.capacity, 0) for p in mentors], dtype=np.int64)

        weights = settings.weights.as_dict()
        total_weight = sum(weights.values())
        scale = 100.0 / total_weight if total_weight > 0 else 0.0
        points = {name: weight * scale for name, weight in weights.items()}

        # Topics as bitmasks: one uint64 word per 64 distinct topics.
        vocabulary = sorted({t for p in (*mentors, *mentees) for t in p.topics})
        bit = {t: k for k, t in enumerate(vocabulary)}
        words = max(1, math.ceil(len(vocabulary) / 64))

        def bits(people):
            # Each person's mask as a Python int first (one numpy scalar operation per topic
            # and person costs more than the rest of the encoding), then cut into words.
            masks = [sum(1 << bit[t] for t in p.topics) for p in people]
            out = np.zeros((len(people), words), dtype=np.uint64)
            for word in range(words):
                out[:, word] = [(mask >> (64 * word)) & 0xFFFFFFFFFFFFFFFF for mask in masks]
            return out

        self.mentor_topics, self.mentee_topics = bits(mentors), bits(mentees)
        self.count_type = np.uint8 if len(vocabulary) < 256 else np.uint16
        # Topic points = shared topics × per_topic + neutral (the latter when nothing is sought).
        sought = np.array([len(p.topics) for p in mentees], dtype=np.float64)
        self.per_topic = np.divide(
            points["topics"], sought, out=np.zeros_like(sought), where=sought > 0
        )
        self.topics_neutral = np.where(sought > 0, 0.0, points["topics"] * NEUTRAL)

        # Values become codes, the same value getting the same code for mentors and mentees.
        def codes(values, known):
            return np.array([known.setdefault(v, len(known)) for v in values], dtype=np.intp)

        def table(function, known):
            keys = list(known)
            values = [[function(mentor, mentee) for mentor in keys] for mentee in keys]
            return np.array(values, dtype=np.float64).reshape(len(keys), len(keys))

        years: dict[int | None, int] = {}
        self.mentor_years = codes([p.experience_years for p in mentors], years)
        self.mentee_years = codes([p.experience_years for p in mentees], years)
        self.experience_points = points["experience"] * table(experience_value, years)

        modes = {m: k for k, m in enumerate(MODES)}
        self.mentor_mode = codes([clean_mode(p.mode) for p in mentors], modes)
        self.mentee_mode = codes([clean_mode(p.mode) for p in mentees], modes)
        places: dict[str, int] = {}
        self.mentor_place = codes([normalise_departement(p.departement) for p in mentors], places)
        self.mentee_place = codes([normalise_departement(p.departement) for p in mentees], places)
        self.reach_table = table(within_reach, places).astype(bool)
        sectors: dict[str, int] = {}
        mentor_sector = codes([clean_sector(p.sector) for p in mentors], sectors)
        mentee_sector = codes([clean_sector(p.sector) for p in mentees], sectors)
        preference = settings.sector_preference

        def profiles(*columns):
            unique, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
            return unique.T.reshape(len(columns), -1), inverse.reshape(-1)

        (e_mode, e_place, e_sector), self.mentee_profile = profiles(
            self.mentee_mode, self.mentee_place, mentee_sector
        )
        (m_mode, m_place, m_sector), self.mentor_profile = profiles(
            self.mentor_mode, self.mentor_place, mentor_sector
        )
        mode_t = table(lambda a, b: mode_value(a, b)[1], modes)
        place_t = table(lambda a, b: distance_value(a, b)[1], places)
        sector_t = table(lambda a, b: sector_value(a, b, preference)[1], sectors)
        self.profile_points = (
            points["mode"] * mode_t[e_mode[:, None], m_mode[None, :]]
            + points["distance"] * place_t[e_place[:, None], m_place[None, :]]
            + points["sector"] * sector_t[e_sector[:, None], m_sector[None, :]]
        )

        orgs: dict[int, int] = {}
        self.mentor_org = codes([p.organisation_id for p in mentors], orgs)
        self.mentee_org = codes([p.organisation_id for p in mentees], orgs)
        self.incompatible = np.zeros((len(orgs), len(orgs)), dtype=bool)
        for pair in problem.incompatible_organisations:
            a, b = min(pair), max(pair)  # a one-element set is an organisation with itself
            if a in orgs and b in orgs:
                self.incompatible[orgs[a], orgs[b]] = self.incompatible[orgs[b], orgs[a]] = True

        self.excluded_cells = [
            (self.mentee_index[e], self.mentor_index[m])
            for m, e in problem.excluded
            if m in self.mentor_index and e in self.mentee_index
        ]
        self.in_person_mentor = self.mentor_mode == modes["presentiel"]
        self.in_person_mentee = self.mentee_mode == modes["presentiel"]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Scores of the given mentees (row indices) against every mentor, float64 (r, m)."""
        total = self.profile_points[self.mentee_profile[rows][:, None], self.mentor_profile]
        total += self.experience_points[self.mentee_years[rows][:, None], self.mentor_years]
        shared = np.zeros(total.shape, dtype=self.count_type)
        for word in range(self.mentee_topics.shape[1]):
            both = self.mentee_topics[rows, word][:, None] & self.mentor_topics[:, word]
            shared += np.bitwise_count(both)
        total += shared * self.per_topic[rows][:, None]
        total += self.topics_neutral[rows][:, None]
        return total

    def broken(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """For the given mentees, which hard constraint each (mentee, mentor) breaks: one boolean
        (r, m) matrix per violation code, in the order unmatched reasons are looked for."""
        mentee_org = self.mentee_org[rows][:, None]
        same = mentee_org == self.mentor_org[None, :]
        incompatible = self.incompatible[mentee_org, self.mentor_org[None, :]]
        excluded = np.zeros_like(same)
        where = {row: k for k, row in enumerate(rows.tolist())}
        for i, j in self.excluded_cells:
            if i in where:
                excluded[where[i], j] = True
        far = np.zeros_like(same)
        if self.problem.settings.proximity_required:
            both = self.in_person_mentee[rows][:, None] & self.in_person_mentor[None, :]
            near = self.reach_table[self.mentee_place[rows][:, None], self.mentor_place[None, :]]
            far = both & ~near
        return {
            "same_organisation": same,
            "incompatible_organisations": incompatible,
            "excluded": excluded,
            "proximity": far,
        }

    def allowed(self, rows: np.ndarray) -> np.ndarray:
        broken = self.broken(rows)
        return ~(
            broken["same_organisation"]
            | broken["incompatible_organisations"]
            | broken["excluded"]
            | broken["proximity"]
        )

    def matrix(self) -> ScoreMatrix:
        n, m = len(self.mentee_ids), len(self.mentor_ids)
        scores = np.empty((n, m), dtype=np.float64)
        allowed = np.empty((n, m), dtype=bool)
        for start in range(0, n, ROW_CHUNK):
            rows = np.arange(start, min(start + ROW_CHUNK, n))
            scores[start : start + len(rows)] = self.scores(rows)
            allowed[start : start + len(rows)] = self.allowed(rows)
        return ScoreMatrix(self.mentee_ids, self.mentor_ids, scores, allowed)
