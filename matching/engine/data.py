"""The engine's input and output: plain frozen dataclasses, no Django.

Everything a person reads is a *code* plus *params* (never a sentence): the Django layer owns the
French and English wording. The codes and their params are listed in `matching.engine`'s
docstring.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["presentiel", "distanciel", "mixte", ""]
SectorPreference = Literal["same", "different", "indifferent"]
Params = Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class Participant:
    id: int
    organisation_id: int
    departement: str = ""  # "21", "2A", "971"…; "" when unknown
    sector: str = ""
    experience_years: int | None = None
    topics: frozenset[str] = frozenset()  # offered by a mentor, sought by a mentee
    mode: Mode = ""  # preferred way to meet; "" when unknown


@dataclass(frozen=True, kw_only=True)
class Mentee(Participant):
    pass


@dataclass(frozen=True, kw_only=True)
class Mentor(Participant):
    capacity: int  # how many mentees, ≥ 0


@dataclass(frozen=True, kw_only=True)
class Weights:
    """Non-negative; the score divides by their sum, so only their ratios matter."""

    topics: float = 40.0
    experience: float = 20.0
    mode: float = 15.0
    distance: float = 15.0
    sector: float = 10.0

    def as_dict(self) -> dict[str, float]:
        return {
            "topics": self.topics,
            "experience": self.experience,
            "mode": self.mode,
            "distance": self.distance,
            "sector": self.sector,
        }


@dataclass(frozen=True, kw_only=True)
class Settings:
    weights: Weights = field(default_factory=Weights)
    sector_preference: SectorPreference = "indifferent"
    # Two people who both want to meet in person ("presentiel", not "mixte") must then be in the
    # same or a neighbouring département.
    proximity_required: bool = False
    # Maximise the lowest score before the total (after the number of mentees matched).
    fairness: bool = False


@dataclass(frozen=True, kw_only=True)
class Problem:
    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    settings: Settings = field(default_factory=Settings)
    locked: frozenset[tuple[int, int]] = frozenset()  # (mentor_id, mentee_id), always kept
    excluded: frozenset[tuple[int, int]] = frozenset()  # (mentor_id, mentee_id), never proposed
    incompatible_organisations: frozenset[frozenset[int]] = frozenset()  # {org_a, org_b}

    def __post_init__(self) -> None:
        # Accept lists and sets from callers, keep immutable and hashable-friendly containers.
        object.__setattr__(self, "mentors", tuple(self.mentors))
        object.__setattr__(self, "mentees", tuple(self.mentees))
        object.__setattr__(self, "locked", _pairs(self.locked))
        object.__setattr__(self, "excluded", _pairs(self.excluded))
        object.__setattr__(
            self,
            "incompatible_organisations",
            frozenset(frozenset(p) for p in self.incompatible_organisations),
        )


def _pairs(pairs: Iterable[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    return frozenset((int(a), int(b)) for a, b in pairs)


@dataclass(frozen=True)
class Issue:
    """A problem with the input. Blocking issues make `solve` refuse; others are warnings."""

    code: str
    params: Params = field(default_factory=dict)
    blocking: bool = True


class EngineError(Exception):
    """The input cannot be solved; `issues` says why (each a code with params)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__(", ".join(issue.code for issue in self.issues))


@dataclass(frozen=True)
class Criterion:
    """One criterion of a pair's score: `criterion` names it, `code` says which case applied."""

    criterion: str  # "topics", "experience", "mode", "distance", "sector"
    code: str
    value: float  # in [0, 1]
    weight: float
    points: float  # value × weight × 100 / sum of weights; the points add up to the score
    params: Params = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready flat dict, rounded for display."""
        return {
            "criterion": self.criterion,
            "code": self.code,
            **self.params,
            "value": round(self.value, 3),
            "weight": self.weight,
            "points": round(self.points, 2),
        }


@dataclass(frozen=True)
class Pair:
    mentor_id: int
    mentee_id: int
    score: float  # 0–100
    criteria: tuple[Criterion, ...]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    matched: int
    unmatched: int
    total_score: float
    mean_score: float | None  # None when nobody is matched
    lowest_score: float | None


@dataclass(frozen=True)
class MatchResult:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    summary: Summary


@dataclass(frozen=True)
class Violation:
    """A hard constraint a pair breaks."""

    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class PairExplanation:
    mentor_id: int
    mentee_id: int
    score: float
    criteria: tuple[Criterion, ...]
    allowed: bool
    violations: tuple[Violation, ...]  # empty when allowed


@dataclass(frozen=True)
class Alternative:
    mentor_id: int
    score: float
