"""Reads of the matching app over several relations, each in a constant number of queries."""

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.hooks import PhaseNote
from programmes.models import Application, ApplicationStatus, Phase, Programme, Role

from . import engine
from .models import (
    OPEN_PAIR_STATUSES,
    IncompatibleOrganisations,
    MatchingRun,
    Pair,
    PairRule,
    PairStatus,
    ProposedPair,
    UnmatchedMentee,
)
from .problem import build_problem
from .services import PHASES_AFTER_MATCHING

PEOPLE = (
    "mentor__user",
    "mentor__organisation",
    "mentee__user",
    "mentee__organisation",
)

SORTS = {
    "score": ("score", "pk"),
    "-score": ("-score", "pk"),
    "mentor": ("mentor__user__last_name", "mentor__user__first_name", "pk"),
    "-mentor": ("-mentor__user__last_name", "-mentor__user__first_name", "-pk"),
    "mentee": ("mentee__user__last_name", "mentee__user__first_name", "pk"),
    "-mentee": ("-mentee__user__last_name", "-mentee__user__first_name", "-pk"),
    "organisation": ("mentee__organisation__name", "pk"),
    "-organisation": ("-mentee__organisation__name", "-pk"),
}


def latest_run(programme: Programme) -> MatchingRun | None:
    """The programme's most recent run, whatever its status."""
    run = runs_for(programme).first()
    if run is not None:
        run.programme = programme  # already read: its pages need not read it again
    return run


def runs_for(programme: Programme) -> QuerySet[MatchingRun]:
    """The programme's runs, newest first, with who started and who published them."""
    return (
        MatchingRun.objects.filter(programme=programme)
        .select_related("created_by", "published_by")
        .order_by("-created_at", "-pk")
    )


def proposal_rows(
    run: MatchingRun,
    *,
    sort: str = "-score",
    organisation_id: int | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    search: str = "",
) -> QuerySet[ProposedPair]:
    """The run's proposed pairs, filtered and sorted, with people and organisations joined.

    sort: "score", "-score", "mentor", "-mentor", "mentee", "-mentee", "organisation" (the
    mentee's), "-organisation"; anything else sorts by score, best first.
    organisation_id: the mentor's or the mentee's organisation.
    search: part of the mentor's or the mentee's name or e-mail, or of an organisation's name.
    """
    rows = ProposedPair.objects.filter(run=run).select_related(*PEOPLE)
    if organisation_id:
        rows = rows.filter(
            Q(mentor__organisation_id=organisation_id) | Q(mentee__organisation_id=organisation_id)
        )
    if min_score is not None:
        rows = rows.filter(score__gte=min_score)
    if max_score is not None:
        rows = rows.filter(score__lte=max_score)
    for word in (search or "").split():
        match = Q()
        for person in ("mentor", "mentee"):
            match |= (
                Q(**{f"{person}__user__first_name__icontains": word})
                | Q(**{f"{person}__user__last_name__icontains": word})
                | Q(**{f"{person}__user__email__icontains": word})
                | Q(**{f"{person}__organisation__name__icontains": word})
            )
        rows = rows.filter(match)
    return rows.order_by(*SORTS.get(sort, SORTS["-score"]))


def alternatives_for(run: MatchingRun, mentee: Application, n: int = 3) -> list[dict]:
    """The `n` best allowed mentors for `mentee` other than their mentor in the run, under the
    run's parameters, best first, whatever their load.

    Each: {"mentor": Application, "score": float, "criteria": list[dict], "load": int,
    "capacity": int}; load = mentees the run gives that mentor, capacity = their room in the run.
    """
    built = build_problem(
        run.programme, run.parameters, mentee_ids=[mentee.pk], keep_paired_mentees=True
    )
    if mentee.pk not in built.mentees:
        return []
    current = (
        ProposedPair.objects.filter(run=run, mentee=mentee).values_list("mentor_id", flat=True)
    ).first()
    found = [
        a for a in engine.alternatives(built.problem, mentee.pk, n=n + 1) if a.mentor_id != current
    ][:n]
    loads = dict(
        ProposedPair.objects.filter(run=run, mentor_id__in=[a.mentor_id for a in found])
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    capacity = {m.id: m.capacity for m in built.problem.mentors}
    # The problem holds the mentors' scoring fields only: the objects of the few shown.
    mentors = Application.objects.select_related("user", "organisation").in_bulk(
        [a.mentor_id for a in found]
    )
    rows = []
    for alternative in found:
        explanation = engine.explain(built.problem, alternative.mentor_id, mentee.pk)
        rows.append(
            {
                "mentor": mentors[alternative.mentor_id],
                "score": round(alternative.score, 2),
                "criteria": [c.as_dict() for c in explanation.criteria],
                "load": loads.get(alternative.mentor_id, 0),
                "capacity": capacity[alternative.mentor_id],
            }
        )
    return rows


def _load(mentor: Application) -> dict:
    capacity = mentor.capacity or mentor.default_capacity
    load = mentor.earlier + mentor.assigned
    return {
        "mentor": mentor,
        "capacity": capacity,
        "earlier": mentor.earlier,
        "assigned": mentor.assigned,
        "load": load,
        "room": max(capacity - mentor.earlier, 0),
    }


def mentor_loads_page(run: MatchingRun, number, per_page: int) -> Page:
    """One page of the accepted mentors of the run's programme, by name, as {"mentor",
    "capacity", "earlier", "assigned", "load", "room"}: capacity = how many mentees they can
    follow in all; earlier = their open pairs (proposed, accepted, meeting) of the other rounds;
    assigned = the mentees this run gives them (once published, its pairs still open); load =
    earlier + assigned, the pairs of every round; room = what this run could give them.
    `number` as the query string gives it: a wrong one gives the first or the last page. Four
    queries: the count, the page's mentors, then their loads, counted for those mentors only
    (counting for every mentor of a large programme to show 50 of them is what made the page
    slow)."""
    mentors = (
        Application.objects.filter(
            programme_id=run.programme_id, role=Role.MENTOR, status=ApplicationStatus.ACCEPTED
        )
        .select_related("user", "organisation", "programme")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    page = Paginator(mentors, per_page).get_page(number)
    ids = [mentor.pk for mentor in page.object_list]
    if run.published_at is None:
        this_run = ProposedPair.objects.filter(run=run, mentor_id__in=ids)
    else:
        # Published: its pairs are pairs now, and one declined no longer weighs on the mentor.
        this_run = Pair.objects.filter(run=run, mentor_id__in=ids, status__in=OPEN_PAIR_STATUSES)
    assigned = dict(
        this_run.order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    earlier = dict(
        Pair.objects.filter(mentor_id__in=ids, status__in=OPEN_PAIR_STATUSES)
        .exclude(run=run)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    rows = []
    for mentor in page.object_list:
        mentor.default_capacity = mentor.programme.default_mentor_capacity
        mentor.assigned = assigned.get(mentor.pk, 0)
        mentor.earlier = earlier.get(mentor.pk, 0)
        rows.append(_load(mentor))
    page.object_list = rows
    return page


def earlier_pairs(run: MatchingRun) -> QuerySet[Pair]:
    """The programme's pairs formed by the other published rounds (and by hand), every status,
    newest round first, people and organisations joined: what a new round's proposal page shows
    beside its own pairs. ``earlier_pairs_counts`` counts them by status."""
    return (
        Pair.objects.filter(programme_id=run.programme_id)
        .exclude(run=run)
        .select_related(*PEOPLE, "run")
        .order_by("-run__published_at", "mentee__user__last_name", "mentee__user__first_name", "pk")
    )


def earlier_pairs_counts(run: MatchingRun) -> dict[str, int]:
    """The pairs of the other rounds by status, {status: n}. One query."""
    return dict(
        Pair.objects.filter(programme_id=run.programme_id)
        .exclude(run=run)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def unmatched_rows(run: MatchingRun) -> QuerySet[UnmatchedMentee]:
    """The run's unmatched mentees with their people and organisations joined, by name."""
    return (
        UnmatchedMentee.objects.filter(run=run)
        .select_related("mentee__user", "mentee__organisation")
        .order_by("mentee__user__last_name", "mentee__user__first_name", "pk")
    )


def _participant_pairs(user, programme: Programme) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(programme=programme)
        .filter(Q(mentor__user=user) | Q(mentee__user=user))
        .select_related(*PEOPLE)
    )


def pairs_for_participant(user, programme: Programme) -> list[Pair]:
    """Every pair of the user in the programme (a mentor may have several): open ones first
    (proposed, accepted, meeting), then the others, newest first. One query."""
    if not user.is_authenticated:
        return []
    return list(
        _participant_pairs(user, programme).order_by(
            Case(
                When(status__in=OPEN_PAIR_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
            "-pk",
        )
    )


def open_pairs_of(user) -> dict[int, list[Pair]]:
    """The user's open pairs (proposed, accepted, meeting), as lists by programme id, oldest
    first: for the home page. One query."""
    if not user.is_authenticated:
        return {}
    pairs = (
        Pair.objects.filter(status__in=OPEN_PAIR_STATUSES)
        .filter(Q(mentor__user=user) | Q(mentee__user=user))
        .select_related("mentor", "mentee")
        .order_by("created_at", "pk")
    )
    by_programme: dict[int, list[Pair]] = {}
    for pair in pairs:
        by_programme.setdefault(pair.programme_id, []).append(pair)
    return by_programme


def open_pair_refusal(application: Application) -> str | None:
    """Why recruitment may not take the person's role away: they are in a pair that is
    proposed or under way (registered as a check in ``programmes.hooks``). One query."""
    in_pair = (
        Pair.objects.filter(status__in=OPEN_PAIR_STATUSES)
        .filter(Q(mentor=application) | Q(mentee=application))
        .exists()
    )
    if not in_pair:
        return None
    return _(
        "This person is in a pair that is proposed or under way: end or decline the "
        "pair in the matching first, then change the decision."
    )


def pair_rules(programme: Programme, mentee: Application | None = None) -> list[PairRule]:
    """The coordination's locks and exclusions in the programme (only those of `mentee` if
    given), locks first, with both people and organisations joined. One query."""
    rules = PairRule.objects.filter(programme=programme).select_related(*PEOPLE)
    if mentee is not None:
        rules = rules.filter(mentee=mentee)
    return list(rules.order_by("kind", "pk"))


def pair_answers(run: MatchingRun) -> tuple[dict[str, int], list[Pair]]:
    """How the members answered the run's published pairs: the number of pairs by status, and
    the declined pairs (people and organisations joined) by mentee's name, so that the
    coordination can come back to those people. Two queries."""
    counts = dict(
        Pair.objects.filter(run=run)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    declined = (
        Pair.objects.filter(run=run, status=PairStatus.DECLINED)
        .select_related(*PEOPLE)
        .order_by("mentee__user__last_name", "pk")
    )
    return counts, list(declined)


def incompatibilities_of(programme: Programme) -> list[IncompatibleOrganisations]:
    """The programme's incompatible organisations, both organisations joined, by name. One
    query."""
    return list(
        IncompatibleOrganisations.objects.filter(programme=programme)
        .select_related("organisation_a", "organisation_b")
        .order_by("organisation_a__name", "organisation_b__name")
    )


# --- What the programme's pages ask of matching (registered in ``programmes.hooks``) ----------

# The waiting pairs a phase change lists by name; the others are counted.
LISTED_PAIRS = 20


def phase_change_notes(programme: Programme, phase: str) -> list[PhaseNote]:
    """What moving ``programme`` to ``phase`` means for matching: moving to the running phase
    with pairs still waiting for answers (a warning, listing them: two queries); matching
    closed or open again."""
    notes = []
    if phase == Phase.RUNNING and programme.current_phase != Phase.RUNNING:
        waiting = Pair.objects.filter(programme=programme, status=PairStatus.PROPOSED)
        total = waiting.count()
        if total:
            listed = waiting.select_related("mentor__user", "mentee__user").order_by(
                "mentee__user__last_name", "mentee__user__first_name", "pk"
            )[:LISTED_PAIRS]
            notes.append(
                PhaseNote(
                    ngettext(
                        "%(n)d pair is still waiting for its members' answers. They can still "
                        "answer after the change, but the follow-up of the pairs starts "
                        "without it.",
                        "%(n)d pairs are still waiting for their members' answers. They can "
                        "still answer after the change, but the follow-up of the pairs starts "
                        "without them.",
                        total,
                    )
                    % {"n": total},
                    items=tuple(
                        _("%(mentor)s (mentor) – %(mentee)s (mentee)")
                        % {
                            "mentor": pair.mentor.user.display_name,
                            "mentee": pair.mentee.user.display_name,
                        }
                        for pair in listed
                    ),
                    more=max(total - LISTED_PAIRS, 0),
                    warning=True,
                )
            )
    closed_before = programme.current_phase in PHASES_AFTER_MATCHING
    closed_after = phase in PHASES_AFTER_MATCHING
    if closed_before and not closed_after:
        notes.append(
            PhaseNote(
                _(
                    "Matching may be run and published again: the pairs already formed stay "
                    "as they are."
                )
            )
        )
    elif closed_after and not closed_before:
        notes.append(
            PhaseNote(_("Matching can no longer be run or published: the pairs stay as they are."))
        )
    return notes


def programme_pair_figures(programme: Programme) -> dict[str, int]:
    """The programme's pairs by status, every round: {"pairs_proposed": n, "pairs_accepted":
    n, ..., "pairs_open": n}, zeros included. One query."""
    counts = dict(
        Pair.objects.filter(programme=programme)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    figures = {f"pairs_{status}": counts.get(status, 0) for status in PairStatus.values}
    figures["pairs_open"] = sum(counts.get(status, 0) for status in OPEN_PAIR_STATUSES)
    return figures
