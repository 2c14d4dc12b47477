"""Build the engine's Problem from the database: the bridge between Django and `matching.engine`.

Who takes part:
- accepted applications of the programme, as mentors and mentees;
- a mentee who already has an open pair (proposed, accepted or meeting) is left out: they are
  not in the pool any more;
- a mentor's capacity is reduced by their open pairs;
- a pair that one of its members declined, or that ended early, is excluded, so that it is not
  proposed again;
- the coordinator's rules (PairRule) become locked and excluded pairs, and the declared
  incompatible organisations are passed on as they are.

Ids in the Problem are Application ids; organisation ids are Organisation ids.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from programmes.models import Application, ApplicationStatus, Programme, Role

from . import engine
from .models import (
    OPEN_PAIR_STATUSES,
    IncompatibleOrganisations,
    Pair,
    PairRule,
    PairRuleKind,
    PairStatus,
)


def parameters_for(programme: Programme, *, fairness: bool = False) -> dict:
    """The run parameters as they are now in the programme's settings (stored with each run)."""
    return {
        "weights": {
            "topics": programme.weight_topics,
            "experience": programme.weight_experience,
            "mode": programme.weight_mode,
            "distance": programme.weight_distance,
            "sector": programme.weight_sector,
        },
        "sector_preference": programme.sector_preference,
        "proximity_required": programme.proximity_required,
        "fairness": bool(fairness),
    }


def settings_from(parameters: dict) -> engine.Settings:
    weights = parameters.get("weights") or {}
    defaults = engine.Weights()
    return engine.Settings(
        weights=engine.Weights(
            **{
                name: float(weights.get(name, default))
                for name, default in defaults.as_dict().items()
            }
        ),
        sector_preference=parameters.get("sector_preference", "indifferent"),
        proximity_required=bool(parameters.get("proximity_required", False)),
        fairness=bool(parameters.get("fairness", False)),
    )


@dataclass
class Built:
    """The Problem and what the Django layer needs to read its answer."""

    problem: engine.Problem
    # Application rows by id, with user and organisation loaded (no topics). A problem about
    # some mentees (`mentee_ids`) holds those mentees only and no mentor object: the caller
    # reads the few mentors it shows.
    mentors: dict[int, Application]
    mentees: dict[int, Application]
    # Organisation id → name, for the French sentences.
    organisation_names: dict[int, str]
    # Locks the database holds but the problem leaves out (a member left the pool).
    ignored_locks: list[tuple[int, int]]

    def names(self) -> dict[int, str]:
        return self.organisation_names

    def person_names(self) -> dict[int, str]:
        """Application id → the person's name (or e-mail when they gave no name)."""
        return {
            pk: str(application.user)
            for people in (self.mentors, self.mentees)
            for pk, application in people.items()
        }

    @property
    def slots(self) -> int:
        return sum(mentor.capacity for mentor in self.problem.mentors)


def build_problem(
    programme: Programme,
    parameters: dict,
    *,
    mentee_ids: Iterable[int] | None = None,
    keep_paired_mentees: bool = False,
) -> Built:
    """The engine's Problem for the programme, with the run `parameters`.

    `mentee_ids` restricts the mentees (questions about one mentee: alternatives, a swap);
    `keep_paired_mentees` keeps mentees who already have an open pair.
    A constant number of queries, whatever the number of participants.
    """
    accepted = Application.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
    wanted = None if mentee_ids is None else {int(pk) for pk in mentee_ids}
    if wanted is None:
        people = list(
            accepted.filter(role__in=[Role.MENTOR, Role.MENTEE])
            .select_related("user", "organisation")
            .order_by("pk")
        )
        mentors = {a.pk: a for a in people if a.role == Role.MENTOR}
        mentees = {a.pk: a for a in people if a.role == Role.MENTEE}
        rows = [_row_of(a) for a in people]
    else:
        # Questions about a few mentees (the coordinator's page of one mentee, a swap, a
        # lock) score them against every mentor: the mentors' scoring fields as plain values
        # (a thousand of them), model objects for the wanted mentees only.
        mentors = {}
        mentees = {
            a.pk: a
            for a in accepted.filter(role=Role.MENTEE, pk__in=wanted)
            .select_related("user", "organisation")
            .order_by("pk")
        }
        rows = list(
            accepted.filter(Q(role=Role.MENTOR) | Q(pk__in=list(mentees)))
            .order_by("pk")
            .values(*ROW_FIELDS)
        )
    mentor_rows = [r for r in rows if r["role"] == Role.MENTOR]
    mentor_ids = {r["id"] for r in mentor_rows}

    open_pairs = list(
        Pair.objects.filter(programme=programme, status__in=OPEN_PAIR_STATUSES).values_list(
            "mentor_id", "mentee_id"
        )
    )
    load: dict[int, int] = defaultdict(int)
    for mentor_id, mentee_id in open_pairs:
        load[mentor_id] += 1
        if not keep_paired_mentees:
            mentees.pop(mentee_id, None)
    # A refused pair, or one ended early, is never proposed again (its mentee is free again).
    declined = set(
        Pair.objects.filter(
            programme=programme, status__in=[PairStatus.DECLINED, PairStatus.ENDED]
        ).values_list("mentor_id", "mentee_id")
    )

    topics: dict[int, set[str]] = defaultdict(set)
    through = Application.topics.through.objects.filter(
        application__programme=programme, application__status=ApplicationStatus.ACCEPTED
    )
    if wanted is not None:
        through = through.filter(
            Q(application__role=Role.MENTOR) | Q(application_id__in=list(mentees))
        )
    for application_id, name in through.values_list("application_id", "topic__name"):
        topics[application_id].add(name)

    locked, excluded, ignored = set(), set(declined), []
    for mentor_id, mentee_id, kind in PairRule.objects.filter(programme=programme).values_list(
        "mentor_id", "mentee_id", "kind"
    ):
        if kind == PairRuleKind.EXCLUDE:
            excluded.add((mentor_id, mentee_id))
        elif mentor_id in mentor_ids and mentee_id in mentees:
            locked.add((mentor_id, mentee_id))
        elif wanted is None or mentee_id in wanted:
            ignored.append((mentor_id, mentee_id))
    # Exclusions of people outside the problem would only be noise (engine warnings); a lock
    # the coordinator set after a refusal wins over that refusal.
    excluded = {(m, e) for m, e in excluded if m in mentor_ids and e in mentees} - locked

    incompatible = frozenset(
        frozenset(pair)
        for pair in IncompatibleOrganisations.objects.filter(programme=programme).values_list(
            "organisation_a_id", "organisation_b_id"
        )
    )

    default_capacity = programme.default_mentor_capacity
    mentee_rows = [r for r in rows if r["role"] == Role.MENTEE and r["id"] in mentees]
    problem = engine.Problem(
        mentors=[
            engine.Mentor(
                **_common(r, topics),
                capacity=max((r["capacity"] or default_capacity) - load[r["id"]], 0),
            )
            for r in mentor_rows
        ],
        mentees=[engine.Mentee(**_common(r, topics)) for r in mentee_rows],
        settings=settings_from(parameters),
        locked=locked,
        excluded=excluded,
        incompatible_organisations=incompatible,
    )
    names = {r["organisation_id"]: r["organisation__name"] for r in rows}
    return Built(problem, mentors, mentees, names, ignored)


# What scoring reads of an application, as `.values()` gives it.
ROW_FIELDS = (
    "id",
    "role",
    "capacity",
    "organisation_id",
    "organisation__name",
    "organisation__departement",
    "organisation__sector",
    "departement",
    "experience_years",
    "meeting_mode",
)


def _row_of(application: Application) -> dict:
    """An application loaded as an object, as the `.values(*ROW_FIELDS)` row it would be."""
    organisation = application.organisation
    return {
        "id": application.pk,
        "role": application.role,
        "capacity": application.capacity,
        "organisation_id": application.organisation_id,
        "organisation__name": organisation.name,
        "organisation__departement": organisation.departement,
        "organisation__sector": organisation.sector,
        "departement": application.departement,
        "experience_years": application.experience_years,
        "meeting_mode": application.meeting_mode,
    }


def _common(row: dict, topics: dict[int, set[str]]) -> dict:
    return {
        "id": row["id"],
        "organisation_id": row["organisation_id"],
        # The person's own département, else their organisation's.
        "departement": row["departement"] or row["organisation__departement"] or "",
        "sector": row["organisation__sector"] or "",
        "experience_years": row["experience_years"],
        "topics": frozenset(topics.get(row["id"], ())),
        "mode": row["meeting_mode"] or "",
    }
