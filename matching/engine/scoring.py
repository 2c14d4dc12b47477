"""Scores and hard constraints, twice: for one pair (readable, with explanations) and for all
pairs at once (numpy, no Python loop over pairs).

The one-pair functions are the specification; the matrix functions must agree with them to
floating-point rounding, which the tests check on random instances. Lookup tables of the matrix
version (mode, distance, sector) are filled by calling the one-pair functions, so they cannot
drift apart.
"""

import math
from dataclasses import dataclass

import numpy as np

from .data import Criterion, Mentee, Mentor, Problem, Settings, Violation
from .departements import distance_km, normalise_departement, within_reach

EXPERIENCE_FULL_YEARS = 5  # a mentor this many years ahead gets the full experience value
DISTANCE_ZERO_KM = 300.0  # centroids this far apart (or more) get a distance value of 0
NEUTRAL = 0.5  # the value of a criterion that cannot be judged (unknown data)

MODES = ("", "presentiel", "distanciel", "mixte")  # index = the mode's integer code
ROW_CHUNK = 512  # mentees scored per numpy block: bounds the temporaries' memory


# --- cleaning: one place, used by both versions ------------------------------------------------


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
    follow `mentor_ids` (the problem's order). A forbidden pair keeps its score (for `explain`);
    look at `allowed`."""

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
    """The problem as integer codes and arrays, one entry per participant."""

    def __init__(self, problem: Problem) -> None:
        mentors, mentees, settings = problem.mentors, problem.mentees, problem.settings
        self.problem = problem
        self.mentor_ids = np.array([p.id for p in mentors], dtype=np.int64)
        self.mentee_ids = np.array([p.id for p in mentees], dtype=np.int64)
        self.mentor_index = {p.id: j for j, p in enumerate(mentors)}
        self.mentee_index = {p.id: i for i, p in enumerate(mentees)}
        self.capacity = np.array([max(p.capacity, 0) for p in mentors], dtype=np.int64)

        # Topics as bitmasks: one uint64 word per 64 distinct topics.
        vocabulary = sorted({t for p in (*mentors, *mentees) for t in p.topics})
        bit = {t: k for k, t in enumerate(vocabulary)}
        words = max(1, math.ceil(len(vocabulary) / 64))

        def bits(people):
            out = np.zeros((len(people), words), dtype=np.uint64)
            for row, p in enumerate(people):
                for t in p.topics:
                    out[row, bit[t] // 64] |= np.uint64(1 << (bit[t] % 64))
            return out

        self.mentor_topics, self.mentee_topics = bits(mentors), bits(mentees)
        self.sought = np.array([len(p.topics) for p in mentees], dtype=np.float64)

        def years(people):
            return np.array(
                [np.nan if p.experience_years is None else p.experience_years for p in people],
                dtype=np.float64,
            )

        self.mentor_years, self.mentee_years = years(mentors), years(mentees)

        # Small categorical values become codes into tables filled by the one-pair functions.
        def codes(values, table):
            return np.array([table.setdefault(v, len(table)) for v in values], dtype=np.intp)

        mode_codes = {m: k for k, m in enumerate(MODES)}
        self.mentor_mode = codes([clean_mode(p.mode) for p in mentors], mode_codes)
        self.mentee_mode = codes([clean_mode(p.mode) for p in mentees], mode_codes)
        self.mode_table = np.array([[mode_value(a, b)[1] for b in MODES] for a in MODES])

        places: dict[str, int] = {}
        self.mentor_place = codes([normalise_departement(p.departement) for p in mentors], places)
        self.mentee_place = codes([normalise_departement(p.departement) for p in mentees], places)
        place_list = list(places)
        self.distance_table = np.array(
            [[distance_value(a, b)[1] for b in place_list] for a in place_list]
        ).reshape(len(place_list), len(place_list))
        self.reach_table = np.array(
            [[within_reach(a, b) for b in place_list] for a in place_list], dtype=bool
        ).reshape(len(place_list), len(place_list))

        sectors: dict[str, int] = {"": 0}
        self.mentor_sector = codes([clean_sector(p.sector) for p in mentors], sectors)
        self.mentee_sector = codes([clean_sector(p.sector) for p in mentees], sectors)

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

        weights = settings.weights.as_dict()
        total_weight = sum(weights.values())
        self.weights = weights
        self.scale = 100.0 / total_weight if total_weight > 0 else 0.0
        self.in_person_mentor = self.mentor_mode == mode_codes["presentiel"]
        self.in_person_mentee = self.mentee_mode == mode_codes["presentiel"]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Scores of the given mentees (row indices) against every mentor, float64 (r, m)."""
        w, settings = self.weights, self.problem.settings

        shared = np.zeros((len(rows), len(self.mentor_ids)), dtype=np.float64)
        for word in range(self.mentee_topics.shape[1]):
            both = self.mentee_topics[rows, word][:, None] & self.mentor_topics[:, word][None, :]
            shared += np.bitwise_count(both)
        sought = self.sought[rows][:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            topics = np.where(sought > 0, shared / sought, NEUTRAL)
        total = w["topics"] * topics

        ahead = self.mentor_years[None, :] - self.mentee_years[rows][:, None]
        experience = np.clip(ahead / EXPERIENCE_FULL_YEARS, 0.0, 1.0)
        total += w["experience"] * np.where(np.isnan(experience), NEUTRAL, experience)

        mode = self.mode_table[self.mentor_mode[None, :], self.mentee_mode[rows][:, None]]
        total += w["mode"] * mode
        place = self.distance_table[self.mentor_place[None, :], self.mentee_place[rows][:, None]]
        total += w["distance"] * place

        if settings.sector_preference == "indifferent":
            total += w["sector"] * 1.0
        else:
            a, b = self.mentor_sector[None, :], self.mentee_sector[rows][:, None]
            wanted = (a == b) == (settings.sector_preference == "same")
            sector = np.where((a == 0) | (b == 0), NEUTRAL, wanted.astype(np.float64))
            total += w["sector"] * sector
        return total * self.scale

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
            scores[rows] = self.scores(rows)
            allowed[rows] = self.allowed(rows)
        return ScoreMatrix(self.mentee_ids, self.mentor_ids, scores, allowed)
