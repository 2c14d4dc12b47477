"""Reads of the frozen results of the waves (``Wave.results``, written once at closing by
``evaluation.services.results``), and the French labels of the groups they break down by.

Only a closed wave's frozen figures are ever read: an open wave publishes nothing (its results
are computed at closing), so that no one can follow the answers as they arrive."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from programmes.models import Programme, Role, SizeBand

from ..attributes import SECTOR_GROUP_LABELS, departement_label
from ..models import OTHER, Kind, Wave, WaveStatus
from ..stats import WHOLE, Figure, Item, Option

# The ventilations as the CSV writes them, and as the page titles them.
VENTILATION_TITLES = {
    "ensemble": lambda: _("All respondents"),
    "rôle": lambda: _("By role"),
    "secteur": lambda: _("By sector group"),
    "département": lambda: _("By département"),
    "taille": lambda: _("By organisation size"),
}


def group_label(ventilation: str, code: str) -> str:
    """The label of a group of a ventilation, in the active language: "ensemble" for the
    whole, the role, the sector group, "21 – Côte-d’Or", the size band; "Autre" for "autre"."""
    if ventilation == WHOLE or code == WHOLE:
        return pgettext("all respondents", "Everyone")
    if code == OTHER or not code:
        return str(SECTOR_GROUP_LABELS[OTHER])
    if ventilation == "rôle":
        try:
            return str(Role(code).label)
        except ValueError:
            return code
    if ventilation == "secteur":
        return str(SECTOR_GROUP_LABELS.get(code, code))
    if ventilation == "département":
        return departement_label(code)
    if ventilation == "taille":
        try:
            return str(SizeBand(code).label)
        except ValueError:
            return code
    return code


@dataclass
class FrozenWave:
    """One closed wave with its published figures, as frozen at closing."""

    pk: int
    kind: str
    number: int
    label: str
    opens_on: date
    closes_on: date
    closed_on: date | None
    k: int
    computed_on: str
    figures: list[Figure] = field(default_factory=list)
    participation: list[dict] = field(default_factory=list)
    questions: dict[str, dict] = field(default_factory=dict)
    differences: list[dict] = field(default_factory=list)

    def figure(
        self, question: str, statistic: str, ventilation: str = WHOLE, group: str = WHOLE
    ) -> Figure | None:
        return self._index().get((question, ventilation, group, statistic))

    def _index(self) -> dict:
        index = self.__dict__.get("_figure_index")
        if index is None:
            index = {(f.question, f.ventilation, f.group, f.statistic): f for f in self.figures}
            self.__dict__["_figure_index"] = index
        return index

    def groups(self, ventilation: str) -> list[str]:
        """The groups of a ventilation, in the order the figures give them ("autre" last)."""
        seen: list[str] = []
        for f in self.figures:
            if f.ventilation == ventilation and f.group not in seen:
                seen.append(f.group)
        return sorted(seen, key=lambda code: (code == OTHER, code))


def _figures(raw: list) -> list[Figure]:
    names = Figure.__dataclass_fields__.keys()
    return [Figure(**{name: row.get(name) for name in names}) for row in raw or []]


def _frozen(wave: Wave) -> FrozenWave:
    results = wave.results or {}
    return FrozenWave(
        pk=wave.pk,
        kind=wave.questionnaire.kind,
        number=wave.number,
        label=results.get("label") or wave.questionnaire.title,
        opens_on=wave.opens_on,
        closes_on=wave.closes_on,
        closed_on=wave.closed_on,
        k=results.get("k") or wave.questionnaire.programme.min_group_size,
        computed_on=results.get("computed_on", ""),
        figures=_figures(results.get("figures")),
        participation=list(results.get("participation") or []),
        questions=dict(results.get("questions") or {}),
        differences=list(results.get("differences") or []),
    )


KIND_ORDER = {Kind.BASELINE: 0, Kind.MIDTERM: 1, Kind.FINAL: 2, Kind.PULSE: 3}


def _waves(programme: Programme):
    return Wave.objects.filter(questionnaire__programme=programme).select_related(
        "questionnaire__programme"
    )


def closed_waves(programme: Programme) -> list[FrozenWave]:
    """The programme's closed waves whose results are frozen (one query), questionnaires in
    the order of the programme (baseline, mid-term, final, then the pulse), waves by number."""
    waves = _waves(programme).filter(status=WaveStatus.CLOSED, results__isnull=False)
    frozen = [_frozen(wave) for wave in waves]
    return sorted(frozen, key=lambda w: (KIND_ORDER.get(w.kind, 9), w.number))


def pending_waves(programme: Programme) -> list[Wave]:
    """The waves whose results are not published yet (scheduled, open, or closed but not yet
    computed), for the page's note "published at closing, on …"."""
    waves = _waves(programme).exclude(status=WaveStatus.CLOSED, results__isnull=False)
    return sorted(waves, key=lambda w: (KIND_ORDER.get(w.questionnaire.kind, 9), w.number))


def closed_wave_items(wave: Wave | FrozenWave) -> list[Item]:
    """The items of a frozen wave as the statistics saw them at closing (for the audit)."""
    questions = (
        wave.questions
        if isinstance(wave, FrozenWave)
        else (wave.results or {}).get("questions", {})
    )
    return [
        Item(
            key=key,
            label=question["label"],
            kind=question["kind"],
            options=tuple(Option(value, label) for value, label in question.get("options", [])),
            agree_from=question.get("agree_from"),
            indicator=str(question["indicator"]) if question.get("indicator") else None,
        )
        for key, question in questions.items()
    ]
