"""The aggregates of the anonymous instruments: pure Python over dataclasses, no Django.

Inputs are plain records (``Item``, ``Record``, ``Invited``); outputs are ``Figure`` rows, one
per published number, in the vocabulary of the CSV of the aggregates
(``questionnaire;question;ventilation;groupe;statistique;valeur;n;masque``). Every figure that
rests on fewer than ``k`` people is masked, and so is whatever would let a masked figure be
recomputed (complementary suppression across a breakdown and its total, and across the answer
options of an item); ``audit`` proves it with a linear program.

Vocabulary (the CSV's, in French, as published):

- ``ventilation``: ``ensemble``, ``rôle``, ``secteur``, ``département``, ``taille``;
- ``groupe``: the group's label (``ensemble`` for the whole; "autre" is a group like any other);
- ``statistique``: ``répondants``, ``effectif:<option>`` (one per answer option), ``moyenne``,
  ``part_accord``.

Modules: ``tables`` (``compute_wave``: the figures of a wave, masked), ``suppression`` (the
complementary masking), ``audit`` (the linear programs that prove it), ``participation``,
``difference`` (baseline against final), ``activity`` (the pairs, from the follow-up),
``indicators`` (a result against its free-text target). Figures carry group codes; the caller
maps them to labels.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

VENTILATIONS = ("ensemble", "rôle", "secteur", "département", "taille")
WHOLE = "ensemble"


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    """One question as the statistics see it. ``agree_from``: the smallest value that counts as
    agreeing (4 on a 1-5 agreement scale), None when the item has no notion of agreement.
    A whole-number item has no options: only its respondents and mean are published."""

    key: str  # the question's id, as stored in Response.answers
    label: str
    kind: str  # "agreement" | "scale4" | "choice" | "number"
    options: tuple[Option, ...] = ()
    agree_from: int | None = None
    indicator: str | None = None


@dataclass(frozen=True)
class Record:
    """One anonymous response: role and coarse attributes (already "autre" where rare)."""

    role: str
    sector: str
    departement: str
    size: str
    answers: Mapping[str, int] = field(default_factory=dict)

    def group(self, ventilation: str) -> str:
        return {
            "ensemble": WHOLE,
            "rôle": self.role,
            "secteur": self.sector,
            "département": self.departement,
            "taille": self.size,
        }[ventilation]


@dataclass(frozen=True)
class Invited:
    """One invitation, for the participation rates: its role and whether it was answered."""

    role: str
    answered: bool


@dataclass(frozen=True)
class Figure:
    """One row of the CSV of the aggregates. ``value`` and ``n`` are None where ``masked``."""

    questionnaire: str
    question: str
    ventilation: str
    group: str
    statistic: str
    value: float | int | None
    n: int | None
    masked: bool


from .audit import AuditReport, Interval, audit  # noqa: E402
from .tables import compute_wave  # noqa: E402

__all__ = [
    "VENTILATIONS",
    "WHOLE",
    "AuditReport",
    "Figure",
    "Interval",
    "Invited",
    "Item",
    "Option",
    "Record",
    "audit",
    "compute_wave",
]

from .activity import ActivityFigure, PairActivity, activity  # noqa: E402
from .difference import Difference, mean_difference  # noqa: E402
from .indicators import indicator_status  # noqa: E402
from .participation import Participation, participation  # noqa: E402

__all__ += [
    "ActivityFigure",
    "Difference",
    "PairActivity",
    "Participation",
    "activity",
    "indicator_status",
    "mean_difference",
    "participation",
]
