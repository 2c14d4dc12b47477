"""The follow-up's own reminder kinds, registered by ``FollowupConfig.ready()``.

Each ``due(today)`` reads the whole day's candidates in a few queries (pairs with their
members, then one query for what they already did), never one query per pair.

- ``proposal-unanswered``: a member of a proposed pair who has not answered, 3 then 7 days after
  publication (periods "1" and "2": at most twice).
- ``charter-not-accepted``: a member of an accepted pair who has not accepted the charter
  ``charter_within_days`` days after both accepted the pair, then a week later (at most twice).
- ``no-meeting``: both members of an active pair with no meeting for ``attention_after_weeks``
  weeks since the last one (or since the pair became active), and none planned from today on:
  once per such stretch of weeks.
- ``meeting-tomorrow``: both members of a pair whose planned meeting is tomorrow (Europe/Paris).

None is essential: each respects "receive reminders" (``User.wants_reminders``).
"""

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.conf import settings
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from matching.models import Pair, PairStatus, PairTransition, Response

from .models import CharterAcceptance, Meeting, MeetingMode, PlannedMeeting
from .reminders import Due, ReminderKind, by_email, register_reminder_kind, start_of_day

# Days after publication of the first and the second reminder of an unanswered proposal.
PROPOSAL_REMINDER_DAYS = (3, 7)
# Days between the first and the second reminder of the charter.
CHARTER_REMINDER_GAP_DAYS = 7
# Planned meetings are reminded for pairs that go on, before or after the charter.
MEETING_PAIR_STATUSES = (PairStatus.ACCEPTED, PairStatus.ACTIVE)


def _stepped_at(status: str) -> Subquery:
    """When the pair last moved to ``status`` (its dated ``PairTransition``)."""
    return Subquery(
        PairTransition.objects.filter(pair=OuterRef("pk"), to_status=status)
        .order_by("-at")
        .values("at")[:1],
        output_field=DateTimeField(),
    )


def _pairs(*statuses: str):
    return (
        Pair.objects.filter(status__in=statuses)
        .select_related("programme", "mentor__user", "mentee__user")
        .order_by("pk")
    )


def _members(pair: Pair) -> Iterator[tuple[str, object, object]]:
    """(role, the member's user, their partner's user) for both members."""
    yield "mentor", pair.mentor.user, pair.mentee.user
    yield "mentee", pair.mentee.user, pair.mentor.user


def _pair_page(pair: Pair) -> str:
    """The member's pair page (a pair still to be answered leads on to the matching page): the
    e-mail's "how to stop" link, where "receive reminders" is unticked."""
    kwargs = {"slug": pair.programme.slug, "pair_id": pair.pk}
    return settings.SITE_URL + reverse("followup:pair", kwargs=kwargs) + "#rappels"


def _context(pair: Pair, partner) -> dict:
    page = _pair_page(pair)
    return {
        "programme_name": pair.programme.name,
        "partner_name": partner.display_name,
        "url": page,
        "stop_url": page,
    }


def proposal_unanswered_due(today: date) -> Iterable[Due]:
    first, second = PROPOSAL_REMINDER_DAYS
    pairs = (
        _pairs(PairStatus.PROPOSED)
        .annotate(published_at=Coalesce(_stepped_at(PairStatus.PROPOSED), "created_at"))
        .filter(published_at__lt=start_of_day(today - timedelta(days=first - 1)))
    )
    for pair in pairs:
        days = (today - timezone.localdate(pair.published_at)).days
        period = "2" if days >= second else "1"
        responses = {"mentor": pair.mentor_response, "mentee": pair.mentee_response}
        for role, user, partner in _members(pair):
            if responses[role] == Response.PENDING:
                yield Due(
                    recipient=user,
                    subject=f"pair:{pair.pk}",
                    period=period,
                    context={
                        **_context(pair, partner),
                        # Answered on the matching page; reminders are stopped from the pair's.
                        "url": settings.SITE_URL
                        + reverse("matching:my_pair", kwargs={"slug": pair.programme.slug}),
                        "role": role,
                        "reminder": int(period),
                    },
                )


def charter_not_accepted_due(today: date) -> Iterable[Due]:
    pairs = list(
        _pairs(PairStatus.ACCEPTED)
        .annotate(accepted_at=Coalesce(_stepped_at(PairStatus.ACCEPTED), "updated_at"))
        .filter(accepted_at__lt=start_of_day(today))
    )
    accepted = set(
        CharterAcceptance.objects.filter(pair__status=PairStatus.ACCEPTED).values_list(
            "pair_id", "role"
        )
    )
    for pair in pairs:
        within = pair.programme.charter_within_days
        days = (today - timezone.localdate(pair.accepted_at)).days
        if days < within:
            continue
        period = "2" if days >= within + CHARTER_REMINDER_GAP_DAYS else "1"
        for role, user, partner in _members(pair):
            if (pair.pk, role) not in accepted:
                yield Due(
                    recipient=user,
                    subject=f"pair:{pair.pk}",
                    period=period,
                    context={**_context(pair, partner), "days": within, "reminder": int(period)},
                )


def no_meeting_due(today: date) -> Iterable[Due]:
    last_meeting = Subquery(
        Meeting.objects.filter(pair=OuterRef("pk"))
        .values("pair")
        .annotate(last=Max("held_on"))
        .values("last")[:1]
    )
    pairs = (
        _pairs(PairStatus.ACTIVE)
        .annotate(
            active_since=Coalesce(_stepped_at(PairStatus.ACTIVE), "updated_at"),
            last_meeting=last_meeting,
        )
        # A pair that has planned its next meeting is on its way: no reminder to meet.
        .exclude(planned_meeting__starts_at__gte=start_of_day(today))
    )
    for pair in pairs:
        since = timezone.localdate(pair.active_since)
        if pair.last_meeting and pair.last_meeting > since:
            since = pair.last_meeting
        weeks = pair.programme.attention_after_weeks
        stretches = (today - since).days // (7 * weeks)
        if stretches < 1:
            continue
        # Once per stretch of ``weeks`` weeks without a meeting, counted from the last one: a
        # meeting logged starts a new count, under another period.
        period = f"{since.isoformat()}/{stretches}"
        for _role, user, partner in _members(pair):
            yield Due(
                recipient=user,
                subject=f"pair:{pair.pk}",
                period=period,
                context={
                    **_context(pair, partner),
                    "weeks": (today - since).days // 7,
                    "has_met": pair.last_meeting is not None,
                },
            )


def meeting_tomorrow_due(today: date) -> Iterable[Due]:
    tomorrow = today + timedelta(days=1)
    planned = (
        PlannedMeeting.objects.filter(
            starts_at__gte=start_of_day(tomorrow),
            starts_at__lt=start_of_day(tomorrow + timedelta(days=1)),
            pair__status__in=MEETING_PAIR_STATUSES,
        )
        .select_related("pair__programme", "pair__mentor__user", "pair__mentee__user")
        .order_by("pk")
    )
    for meeting in planned:
        pair = meeting.pair
        starts_at = timezone.localtime(meeting.starts_at)
        for _role, user, partner in _members(pair):
            # Rendered later by a worker: the date and the mode are written in the recipient's
            # language now.
            with translation.override(user.language):
                when = {
                    "day": date_format(starts_at, "l j F Y"),
                    "time": time_format(starts_at),
                    "mode": str(MeetingMode(meeting.mode).label) if meeting.mode else "",
                }
            yield Due(
                recipient=user,
                subject=f"pair:{pair.pk}",
                period=tomorrow.isoformat(),
                context={
                    **_context(pair, partner),
                    **when,
                    "duration_minutes": meeting.duration_minutes,
                },
            )


KINDS = (
    ReminderKind(
        code="proposal-unanswered",
        essential=False,
        due=proposal_unanswered_due,
        send=by_email("reminder_proposal_unanswered"),
    ),
    ReminderKind(
        code="charter-not-accepted",
        essential=False,
        due=charter_not_accepted_due,
        send=by_email("reminder_charter_not_accepted"),
    ),
    ReminderKind(
        code="no-meeting",
        essential=False,
        due=no_meeting_due,
        send=by_email("reminder_no_meeting"),
    ),
    ReminderKind(
        code="meeting-tomorrow",
        essential=False,
        due=meeting_tomorrow_due,
        send=by_email("reminder_meeting_tomorrow"),
    ),
)


def register() -> None:
    for kind in KINDS:
        register_reminder_kind(kind)
