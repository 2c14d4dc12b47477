"""Reads of the coordination's follow-up: every pair of a programme with its round, dates,
meetings and health, for the dashboard, the list of all pairs and its exports; and, for company
referents, which of their organisation's people are in a pair.

``pair_rows`` reads a whole programme in eight queries whatever its number of pairs (the pairs
with their people, the published runs, the transitions, the meetings counted per pair, the
meetings of the pairs whose planned meeting passed, the charter acceptances, the planned
meetings and the open help requests), as plain values rather than model objects: a
programme of a thousand pairs with a year of meetings is read and judged in a few tens of
milliseconds. The health itself is ``followup.health``'s pure rule.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from matching.models import MatchingRun, Pair, PairStatus, PairTransition
from programmes.models import Programme, Role

from ..health import (
    RUNNING_STATUSES,
    Health,
    HelpAsked,
    PairFacts,
    PairHealth,
    Reason,
    ReasonCode,
    Thresholds,
    expected_meetings,
    health_of,
)
from ..models import CharterAcceptance, HelpChannel, HelpRequest, Meeting, PlannedMeeting

HEALTH_LABELS = {
    Health.GREEN: pgettext_lazy("pair health", "Green"),
    Health.AMBER: pgettext_lazy("pair health", "Amber"),
    Health.RED: pgettext_lazy("pair health", "Red"),
}
# The statuses in the order of a pair's life, for the counts and the filter.
STATUS_ORDER = [
    PairStatus.PROPOSED,
    PairStatus.ACCEPTED,
    PairStatus.ACTIVE,
    PairStatus.COMPLETED,
    PairStatus.ENDED,
    PairStatus.DECLINED,
]
# What a referent sees: the people of their organisation in a pair that meets or met.
REFERENT_STATUSES = (PairStatus.ACTIVE, PairStatus.COMPLETED)


def thresholds_of(programme: Programme) -> Thresholds:
    return Thresholds(
        meeting_rhythm_days=programme.meeting_rhythm_days,
        attention_after_weeks=programme.attention_after_weeks,
        alert_after_weeks=programme.alert_after_weeks,
        charter_within_days=programme.charter_within_days,
    )


@dataclass
class PairRow:
    """One pair as the follow-up pages and exports show it."""

    pk: int
    status: str
    round_number: int | None
    mentor_name: str
    mentor_organisation: str
    mentor_organisation_id: int
    mentee_name: str
    mentee_organisation: str
    mentee_organisation_id: int
    proposed_on: date
    accepted_on: date | None = None
    active_on: date | None = None
    ended_on: date | None = None
    meetings: int = 0
    expected_meetings: int | None = None
    last_meeting_on: date | None = None
    health: PairHealth | None = None
    reasons: list[str] = field(default_factory=list)
    # Names as a list of people is sorted: last name, then first name.
    mentor_key: str = ""
    mentee_key: str = ""

    @property
    def status_label(self) -> str:
        return PairStatus(self.status).label

    @property
    def round_label(self) -> str:
        return _("Round %(number)s") % {"number": self.round_number} if self.round_number else "—"

    @property
    def colour(self) -> str:
        return self.health.health.value if self.health else ""

    @property
    def health_label(self) -> str:
        return str(HEALTH_LABELS[self.health.health]) if self.health else ""

    @property
    def needs_attention(self) -> bool:
        return self.health is not None and self.health.health != Health.GREEN


def _name(first: str | None, last: str | None, email: str | None) -> str:
    # As User.display_name: the full name, else the e-mail address; no address: an erased person.
    if email is None:
        return str(_("erased participant"))
    return f"{first} {last}".strip() or email


def _sort_name(first: str | None, last: str | None, email: str | None) -> str:
    return f"{last or ''} {first or ''}".strip().casefold() or (email or "").casefold()


def _local_day():
    """``timezone.localdate`` for many moments: it looks the current zone up at each call, and a
    thousand pairs have thousands of dated steps, so the zone is looked up once here."""
    zone = timezone.get_current_timezone()

    def day(moment) -> date:
        return moment.astimezone(zone).date()

    return day


def _people(prefix: str) -> tuple[str, ...]:
    return (
        f"{prefix}__user__first_name",
        f"{prefix}__user__last_name",
        f"{prefix}__user__email",
        f"{prefix}__organisation_id",
        f"{prefix}__organisation__name",
    )


def pair_rows(programme: Programme, today: date | None = None) -> list[PairRow]:
    """Every pair of the programme, every round, newest first, with its health (eight queries)."""
    today = today or timezone.localdate()
    rule = thresholds_of(programme)
    _day = _local_day()
    texts: dict = {}  # the same reason is worded once (translation lookups cost)
    rounds = {
        run_id: number
        for number, run_id in enumerate(
            MatchingRun.objects.filter(programme=programme, published_at__isnull=False)
            .order_by("published_at", "pk")
            .values_list("pk", flat=True),
            start=1,
        )
    }
    of_programme = {"pair__programme": programme}
    steps: dict[int, dict[str, date]] = defaultdict(dict)
    for pair_id, to_status, at in (
        PairTransition.objects.filter(**of_programme)
        .order_by("at", "pk")
        .values_list("pair_id", "to_status", "at")
    ):
        steps[pair_id].setdefault(to_status, _day(at))  # the first time it took the step
    # The meetings held by today: their number and the last one per pair, counted by the
    # database (a year of meetings is ten rows a pair); and the dates of the meetings of the
    # pairs whose planned meeting has passed, the only other dates the rule reads.
    held = Meeting.objects.filter(held_on__lte=today, **of_programme).order_by()
    counted = {
        row["pair_id"]: (row["n"], row["last"])
        for row in held.values("pair_id").annotate(n=Count("pk"), last=Max("held_on"))
    }
    after_planned: dict[int, list[date]] = defaultdict(list)
    for pair_id, held_on in held.filter(
        pair__planned_meeting__starts_at__lt=timezone.now()
    ).values_list("pair_id", "held_on"):
        after_planned[pair_id].append(held_on)
    charters: dict[int, list[date]] = defaultdict(list)
    for pair_id, at in (
        CharterAcceptance.objects.filter(**of_programme)
        .order_by()
        .values_list("pair_id", "accepted_at")
    ):
        charters[pair_id].append(_day(at))
    planned = dict(
        PlannedMeeting.objects.filter(**of_programme).order_by().values_list("pair_id", "starts_at")
    )
    helps: dict[int, list[HelpAsked]] = defaultdict(list)
    for pair_id, first, last, email, role, channel, at in (
        HelpRequest.objects.filter(handled_at__isnull=True, **of_programme)
        .order_by("created_at", "pk")
        .values_list(
            "pair_id",
            "requested_by__first_name",
            "requested_by__last_name",
            "requested_by__email",
            "role",
            "channel",
            "created_at",
        )
    ):
        # A person whose account was erased is named by their role in the pair.
        name = _name(first or "", last or "", email or "") or str(Role(role).label).lower()
        helps[pair_id].append(HelpAsked(name, channel, _day(at)))

    rows = []
    values = (
        Pair.objects.filter(programme=programme)
        .order_by("-created_at", "-pk")
        .values_list("pk", "status", "run_id", "created_at", *_people("mentor"), *_people("mentee"))
    )
    for pk, status, run_id, created_at, *people in values:
        mentor, mentee = people[:5], people[5:]
        dated = steps.get(pk, {})
        ended = dated.get(PairStatus.COMPLETED) or dated.get(PairStatus.ENDED)
        row = PairRow(
            pk=pk,
            status=status,
            round_number=rounds.get(run_id),
            mentor_name=_name(*mentor[:3]),
            mentor_organisation=mentor[4],
            mentor_organisation_id=mentor[3],
            mentee_name=_name(*mentee[:3]),
            mentee_organisation=mentee[4],
            mentee_organisation_id=mentee[3],
            proposed_on=dated.get(PairStatus.PROPOSED) or _day(created_at),
            accepted_on=dated.get(PairStatus.ACCEPTED),
            active_on=dated.get(PairStatus.ACTIVE),
            ended_on=ended,
            meetings=counted.get(pk, (0, None))[0],
            last_meeting_on=counted.get(pk, (0, None))[1],
            mentor_key=_sort_name(*mentor[:3]),
            mentee_key=_sort_name(*mentee[:3]),
        )
        if status in RUNNING_STATUSES:
            # A pair accepted before transitions were kept starts when it was published.
            started_on = row.accepted_on or row.proposed_on
            planned_at = planned.get(pk)
            row.health = health_of(
                PairFacts(
                    status=status,
                    started_on=started_on,
                    charter_accepted_on=tuple(charters.get(pk, ())),
                    # What the rule reads of the log: the last meeting, and those that may
                    # follow a planned meeting (health_of is the same over the whole log).
                    meetings=(
                        *((row.last_meeting_on,) if row.last_meeting_on else ()),
                        *after_planned.get(pk, ()),
                    ),
                    planned_on=_day(planned_at) if planned_at else None,
                    open_help=tuple(helps.get(pk, ())),
                ),
                rule,
                today,
            )
            row.expected_meetings = expected_meetings(started_on, today, rule.meeting_rhythm_days)
            row.reasons = [_worded(texts, reason, today) for reason in row.health.reasons]
        rows.append(row)
    return rows


# --- The reasons in words ----------------------------------------------------------------------


def _on(day: date, today: date) -> str:
    # "2 décembre", with the year only when it is not this year's.
    return date_format(day, "j F" if day.year == today.year else "j F Y")


def _channel(code: str) -> str:
    label = str(HelpChannel(code).label) if code in HelpChannel.values else code
    return label[:1].lower() + label[1:]  # in the middle of a sentence: « (par téléphone) »


def _worded(texts: dict, reason: Reason, today: date) -> str:
    key = (reason.code, tuple(sorted(reason.params.items())))
    if key not in texts:
        texts[key] = reason_text(reason, today)
    return texts[key]


def reason_text(reason: Reason, today: date) -> str:
    """A reason of ``followup.health`` as the coordination reads it, in the page's language."""
    p = reason.params
    if reason.code == ReasonCode.HELP_REQUESTED:
        return _("Contact requested by %(name)s (%(channel)s) on %(date)s") % {
            "name": p["name"],
            "channel": _channel(p["channel"]),
            "date": _on(p["asked_on"], today),
        }
    if reason.code in (ReasonCode.NO_MEETING_ALERT, ReasonCode.NO_MEETING_ATTENTION):
        if p["ever"]:
            text = ngettext(
                "No meeting for %(weeks)s week", "No meeting for %(weeks)s weeks", p["weeks"]
            )
        else:
            text = ngettext(
                "No meeting yet, %(weeks)s week after the pair was accepted",
                "No meeting yet, %(weeks)s weeks after the pair was accepted",
                p["weeks"],
            )
        return text % {"weeks": p["weeks"]}
    if reason.code == ReasonCode.CHARTER_LATE:
        if p["missing"] >= 2:
            text = ngettext(
                "Charter accepted by neither member after %(days)s day",
                "Charter accepted by neither member after %(days)s days",
                p["days"],
            )
        else:
            text = ngettext(
                "Charter accepted by one member only after %(days)s day",
                "Charter accepted by one member only after %(days)s days",
                p["days"],
            )
        return text % {"days": p["days"]}
    if reason.code == ReasonCode.PLANNED_PASSED:
        return _("Meeting planned on %(date)s, none logged since") % {
            "date": _on(p["planned_on"], today)
        }
    return str(reason.code)


# --- The dashboard -----------------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class Dashboard:
    counts: list[StatusCount]
    total: int
    health_counts: dict  # colour → count, over the pairs that go on
    running: list[PairRow]  # the pairs that go on, those needing attention first
    attention: int


def attention_order(row: PairRow):
    """Red, then amber, then green; within a colour the longest without a meeting first."""
    health = row.health
    return (-health.health.rank, -health.weeks_without_meeting, row.mentee_key, row.pk)


def dashboard(programme: Programme, today: date | None = None) -> Dashboard:
    rows = pair_rows(programme, today)
    by_status = defaultdict(int)
    for row in rows:
        by_status[row.status] += 1
    running = sorted((row for row in rows if row.health is not None), key=attention_order)
    health_counts = {colour.value: 0 for colour in Health}
    for row in running:
        health_counts[row.colour] += 1
    return Dashboard(
        counts=[StatusCount(s.value, s.label, by_status.get(s.value, 0)) for s in STATUS_ORDER],
        total=len(rows),
        health_counts=health_counts,
        running=running,
        attention=health_counts[Health.RED] + health_counts[Health.AMBER],
    )


# --- All pairs: filters and sorting ------------------------------------------------------------

NO_HEALTH = "none"
_LAST = (1, "")  # empty values sort last, whatever the direction


def _key(value):
    if value is None or value == "":
        return _LAST
    return (0, value.casefold() if isinstance(value, str) else value)


SORTS = {
    "mentor": lambda r: _key(r.mentor_key),
    "mentee": lambda r: _key(r.mentee_key),
    "status": lambda r: _key(STATUS_ORDER.index(r.status)),
    "round": lambda r: _key(r.round_number),
    "proposed": lambda r: _key(r.proposed_on),
    "accepted": lambda r: _key(r.accepted_on),
    "active": lambda r: _key(r.active_on),
    "ended": lambda r: _key(r.ended_on),
    "meetings": lambda r: _key(r.meetings),
    "health": lambda r: _key(r.health.health.rank if r.health else None),
}
DEFAULT_SORT = "-proposed"


def filter_and_sort(rows: list[PairRow], filters: dict, sort: str) -> list[PairRow]:
    """The rows of ``filters`` (status, organisation: mentor's or mentee's, health), sorted by
    ``sort`` (a key of ``SORTS``, "-" first for descending; empty values always last)."""
    if status := filters.get("status"):
        rows = [r for r in rows if r.status == status]
    if organisation := filters.get("organisation"):
        org = organisation.pk
        rows = [r for r in rows if org in (r.mentor_organisation_id, r.mentee_organisation_id)]
    if health := filters.get("health"):
        rows = [r for r in rows if (r.colour or NO_HEALTH) == health]
    name = sort.removeprefix("-")
    key = SORTS.get(name) or SORTS[DEFAULT_SORT.removeprefix("-")]
    descending = sort.startswith("-") if name in SORTS else True
    present = [r for r in rows if key(r) != _LAST]
    missing = [r for r in rows if key(r) == _LAST]
    present.sort(key=key, reverse=descending)
    return present + missing


def export_table(rows: list[PairRow]) -> tuple[list[str], list[list]]:
    """The header and rows of the exports (CSV and .xlsx), in the page's language."""
    header = [
        _("Mentor"),
        _("Mentor's organisation"),
        _("Mentee"),
        _("Mentee's organisation"),
        _("Status"),
        _("Round"),
        _("Proposed on"),
        _("Accepted on"),
        _("Meeting since"),
        _("Ended on"),
        _("Meetings"),
        _("Expected meetings"),
        _("Last meeting"),
        _("Health"),
    ]

    formatted: dict = {}  # pairs share their dates (a round is published on one day)

    def day(value):
        if not value:
            return ""
        if value not in formatted:
            formatted[value] = date_format(value, "SHORT_DATE_FORMAT")
        return formatted[value]

    table = [
        [
            r.mentor_name,
            r.mentor_organisation,
            r.mentee_name,
            r.mentee_organisation,
            str(r.status_label),
            r.round_label if r.round_number else "",
            day(r.proposed_on),
            day(r.accepted_on),
            day(r.active_on),
            day(r.ended_on),
            r.meetings,
            "" if r.expected_meetings is None else r.expected_meetings,
            day(r.last_meeting_on),
            r.health_label,
        ]
        for r in rows
    ]
    return header, table


# --- Company referents -------------------------------------------------------------------------


@dataclass
class PersonInPair:
    name: str
    role: str
    organisation: str
    status: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def status_label(self) -> str:
        return PairStatus(self.status).label


def people_in_pairs(programme: Programme, organisation_ids: set[int] | None) -> list[PersonInPair]:
    """The people of ``organisation_ids`` (every organisation when None) in a pair that meets
    or met, by organisation and last name: their name, role and the pair's status — nothing about
    how the pair goes (one query)."""
    pairs = Pair.objects.filter(programme=programme, status__in=REFERENT_STATUSES).order_by()
    people = []
    for status, *both in pairs.values_list("status", *_people("mentor"), *_people("mentee")):
        for role, person in ((Role.MENTOR, both[:5]), (Role.MENTEE, both[5:])):
            first, last, email, organisation_id, organisation = person
            if organisation_ids is None or organisation_id in organisation_ids:
                person = PersonInPair(_name(first, last, email), role, organisation, status)
                people.append((organisation.casefold(), _sort_name(first, last, email), person))
    people.sort(key=lambda p: (p[0], p[1], p[2].role))
    return [person for _organisation, _name_key, person in people]
