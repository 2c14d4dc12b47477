"""Reads of one pair's life: what its members see on their page, and what the coordination sees
on its page of the pair (dates, durations, modes, who asked for help; never any content)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from matching.models import DeclineReason, EndReason, Pair, PairStatus, PairTransition
from programmes.models import Role

from ..models import CharterAcceptance, HelpRequest, Meeting, PlannedMeeting

# A pair whose members meet: accepted by both (charter pending) or active.
LIVE_STATUSES = (PairStatus.ACCEPTED, PairStatus.ACTIVE)


def member_role(pair: Pair, user) -> str:
    """The role ("mentor" or "mentee") ``user`` holds in ``pair``."""
    if user.pk == pair.mentor.user_id:
        return Role.MENTOR
    if user.pk == pair.mentee.user_id:
        return Role.MENTEE
    raise ValueError(f"{user} is not a member of pair {pair.pk}")


def pair_accepted_on(pair: Pair) -> date:
    """The day (Europe/Paris) both members had accepted the pair: its last step to accepted,
    else the day it was published."""
    step = (
        PairTransition.objects.filter(pair=pair, to_status=PairStatus.ACCEPTED)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(step or pair.created_at)


@dataclass
class PairLife:
    """One pair as the follow-up reads it, for a member's page or the coordination's."""

    pair: Pair
    accepted_on: date
    charter: dict[str, CharterAcceptance]  # role -> acceptance
    meetings: list[Meeting]
    planned: PlannedMeeting | None
    live: bool
    transitions: list[PairTransition] = field(default_factory=list)
    help_requests: list[HelpRequest] = field(default_factory=list)

    @property
    def charter_complete(self) -> bool:
        return len(self.charter) == 2

    @property
    def planned_to_come(self) -> bool:
        return self.planned is not None and self.planned.starts_at > timezone.now()

    @property
    def total_minutes(self) -> int:
        return sum(m.duration_minutes for m in self.meetings)


@dataclass
class MemberView:
    """The pair seen by one of its members: themselves, their partner, and the pair's life."""

    life: PairLife
    role: str
    me: object  # the member's Application
    partner: object  # the partner's Application
    my_acceptance: CharterAcceptance | None
    partner_acceptance: CharterAcceptance | None
    my_open_request: HelpRequest | None


def pair_life(pair: Pair, *, for_coordination: bool = False) -> PairLife:
    """The pair's charter, meetings and planned meeting; for the coordination also its dated
    steps and its help requests (with who asked). A constant number of queries."""
    acceptances = CharterAcceptance.objects.filter(pair=pair).select_related("user")
    charter = {a.role: a for a in acceptances}
    meetings = list(Meeting.objects.filter(pair=pair).order_by("-held_on", "-pk"))
    planned = PlannedMeeting.objects.filter(pair=pair).first()
    life = PairLife(
        pair=pair,
        accepted_on=pair_accepted_on(pair),
        charter=charter,
        meetings=meetings,
        planned=planned,
        live=pair.status in LIVE_STATUSES,
    )
    if for_coordination:
        life.transitions = list(
            PairTransition.objects.filter(pair=pair).select_related("by").order_by("at", "pk")
        )
        for step in life.transitions:
            step.reason_label = _reason_label(step)
        life.help_requests = list(
            HelpRequest.objects.filter(pair=pair)
            .select_related("requested_by", "handled_by")
            .order_by("handled_at", "-created_at")
        )
    return life


def member_view(pair: Pair, user) -> MemberView:
    """The pair as ``user``, one of its members, sees it."""
    role = member_role(pair, user)
    me, partner = (pair.mentor, pair.mentee) if role == Role.MENTOR else (pair.mentee, pair.mentor)
    life = pair_life(pair)
    other_role = Role.MENTEE if role == Role.MENTOR else Role.MENTOR
    return MemberView(
        life=life,
        role=role,
        me=me,
        partner=partner,
        my_acceptance=life.charter.get(role),
        partner_acceptance=life.charter.get(other_role),
        my_open_request=HelpRequest.objects.filter(
            pair=pair, requested_by=user, handled_at__isnull=True
        ).first(),
    )


def _reason_label(step: PairTransition) -> str:
    choices = {PairStatus.DECLINED: DeclineReason, PairStatus.ENDED: EndReason}.get(step.to_status)
    if not step.reason or choices is None or step.reason not in choices.values:
        return ""
    return choices(step.reason).label


def open_help_requests(life: PairLife) -> list[HelpRequest]:
    return [r for r in life.help_requests if r.handled_at is None]
