"""Writes of a pair's life after both members accepted: the charter, the meeting log, the next
planned meeting, help requests, and the pair's end (completed, or ended early).

Every function is keyword-only and writes in one transaction; a refusal is a `ValidationError`
in the active language. Who may call each one is decided before, by
``get_pair_for(..., "live_pair")`` (a member) or ``"steer_pair"`` (the coordination): a member
function called with someone else is a programming error (`ValueError`). The pair's status is
written only by ``matching.services.pair_transition``, which keeps every step dated.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matching.models import EndReason, Pair, PairStatus
from matching.services import pair_transition
from mentorat.core.emails import email_enqueue
from programmes.models import Membership, Phase, Programme, Role

from ..models import (
    MEETING_MINUTES,
    CharterAcceptance,
    HelpChannel,
    HelpRequest,
    Meeting,
    MeetingMode,
    PlannedMeeting,
)
from ..selectors.pair_life import LIVE_STATUSES, member_role, pair_accepted_on

__all__ = [
    "charter_accept",
    "help_request_create",
    "help_request_handle",
    "meeting_log",
    "pair_complete",
    "pair_end",
    "pairs_complete_at_closing",
    "planned_meeting_clear",
    "planned_meeting_set",
    "user_phone_set",
]

# How far ahead a meeting may be planned.
PLANNED_WITHIN = timedelta(days=366)
PHONE_MAX = 30


def _locked(pair: Pair) -> Pair:
    return (
        Pair.objects.select_for_update(of=("self",))
        .select_related("programme", "mentor__user", "mentee__user")
        .get(pk=pair.pk)
    )


def _live(pair: Pair) -> None:
    if pair.status not in LIVE_STATUSES:
        raise ValidationError(
            _("This pair is %(status)s: this is no longer possible.")
            % {"status": pair.get_status_display()}
        )


# --- the members -------------------------------------------------------------------------------


@transaction.atomic
def charter_accept(*, pair: Pair, by: AbstractBaseUser) -> CharterAcceptance:
    """``by`` accepts the programme's charter for their pair. Once both members have, the pair
    becomes active (a dated step). Accepting twice keeps the first date and changes nothing."""
    pair = _locked(pair)
    role = member_role(pair, by)
    _live(pair)
    acceptance, _created = CharterAcceptance.objects.get_or_create(
        pair=pair, role=role, defaults={"user": by}
    )
    both = CharterAcceptance.objects.filter(pair=pair).count() == 2
    if both and pair.status == PairStatus.ACCEPTED:
        pair_transition(pair=pair, to=PairStatus.ACTIVE, by=by)
    return acceptance


@transaction.atomic
def meeting_log(
    *, pair: Pair, by: AbstractBaseUser, held_on: date, duration_minutes: int, mode: str
) -> Meeting:
    """A member logs a meeting that happened: its date, duration and mode, nothing else. Not in
    the future, not before the pair was accepted by both."""
    pair = _locked(pair)
    member_role(pair, by)
    _live(pair)
    errors = {}
    today = timezone.localdate()
    accepted_on = pair_accepted_on(pair)
    if held_on > today:
        errors["held_on"] = _("A meeting is logged once it has happened: choose a past date.")
    elif held_on < accepted_on:
        errors["held_on"] = _(
            "Your pair was confirmed on %(date)s: choose that day or a later one."
        ) % {"date": _day(accepted_on)}
    low, high = MEETING_MINUTES
    if not isinstance(duration_minutes, int) or not low <= duration_minutes <= high:
        errors["duration_minutes"] = _("The duration is between %(low)d and %(high)d minutes.") % {
            "low": low,
            "high": high,
        }
    if mode not in MeetingMode.values:
        errors["mode"] = _("Choose how you met.")
    if errors:
        raise ValidationError(errors)
    return Meeting.objects.create(
        pair=pair, held_on=held_on, duration_minutes=duration_minutes, mode=mode, logged_by=by
    )


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


@transaction.atomic
def planned_meeting_set(
    *,
    pair: Pair,
    by: AbstractBaseUser,
    starts_at: datetime,
    mode: str,
    duration_minutes: int = 60,
) -> PlannedMeeting:
    """A member sets the pair's next meeting (one at a time: it replaces the previous one).
    ``starts_at`` is aware (a naive one is read in Europe/Paris) and in the future."""
    pair = _locked(pair)
    member_role(pair, by)
    _live(pair)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, timezone.get_default_timezone())
    errors = {}
    now = timezone.now()
    if starts_at <= now:
        errors["starts_at"] = _("Choose a date and time to come.")
    elif starts_at > now + PLANNED_WITHIN:
        errors["starts_at"] = _("Choose a date within the coming year.")
    low, high = MEETING_MINUTES
    if not isinstance(duration_minutes, int) or not low <= duration_minutes <= high:
        errors["duration_minutes"] = _("The duration is between %(low)d and %(high)d minutes.") % {
            "low": low,
            "high": high,
        }
    if mode not in MeetingMode.values:
        errors["mode"] = _("Choose how you will meet.")
    if errors:
        raise ValidationError(errors)
    planned, _created = PlannedMeeting.objects.update_or_create(
        pair=pair,
        defaults={
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "mode": mode,
            "set_by": by,
        },
    )
    return planned


@transaction.atomic
def planned_meeting_clear(*, pair: Pair, by: AbstractBaseUser) -> None:
    """A member removes the pair's next planned meeting (cancelled, or not fixed yet)."""
    pair = _locked(pair)
    member_role(pair, by)
    PlannedMeeting.objects.filter(pair=pair).delete()


@transaction.atomic
def help_request_create(*, pair: Pair, by: AbstractBaseUser, channel: str) -> HelpRequest:
    """``by`` asks the coordination to contact them, by ``channel``: each coordinator of the
    programme is e-mailed who asks and how. The partner is not told; the reason is not asked.
    While a request of theirs is open, asking again returns it (with the channel now chosen)
    and e-mails nobody again."""
    pair = _locked(pair)
    role = member_role(pair, by)
    _live(pair)
    if channel not in HelpChannel.values:
        raise ValidationError({"channel": _("Choose how you wish to be contacted.")})
    open_request = HelpRequest.objects.filter(
        pair=pair, requested_by=by, handled_at__isnull=True
    ).first()
    if open_request is not None:
        if open_request.channel != channel:
            open_request.channel = channel
            open_request.save(update_fields=["channel"])
        return open_request
    request = HelpRequest.objects.create(pair=pair, requested_by=by, role=role, channel=channel)
    _email_coordinators(pair, request)
    return request


def _email_coordinators(pair: Pair, request: HelpRequest) -> None:
    asker = request.requested_by
    url = settings.SITE_URL + reverse(
        "followup:steer_pair", kwargs={"slug": pair.programme.slug, "pair_id": pair.pk}
    )
    coordinators = (
        Membership.objects.filter(programme=pair.programme, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
    )
    for membership in coordinators:
        user = membership.user
        with translation.override(user.language):
            # Rendered later by the e-mail task: the labels are made in its language now.
            channel = str(HelpChannel(request.channel).label)
            role = str(Role(request.role).label)
        email_enqueue(
            key=f"help-request:{request.pk}:{user.pk}",
            to=user.email,
            template="help_request",
            language=user.language,
            context={
                "first_name": user.first_name,
                "programme_name": pair.programme.name,
                "asker_name": asker.display_name,
                "asker_role": role,
                "asker_email": asker.email,
                "asker_phone": asker.phone,
                "channel": channel,
                "url": url,
            },
        )


@transaction.atomic
def user_phone_set(*, user: AbstractBaseUser, phone: str, share_phone: bool) -> AbstractBaseUser:
    """A person's phone number, and whether their partner may see it (off unless chosen)."""
    phone = " ".join(phone.split())
    if len(phone) > PHONE_MAX:
        raise ValidationError({"phone": _("A phone number is at most 30 characters.")})
    if phone and not all(c.isdigit() or c in " +.-()" for c in phone):
        raise ValidationError({"phone": _("Write digits only, with spaces, dots or a +.")})
    user.phone = phone
    user.share_phone = share_phone and bool(phone)
    user.save(update_fields=["phone", "share_phone"])
    return user


# --- the coordination --------------------------------------------------------------------------


@transaction.atomic
def help_request_handle(*, help_request: HelpRequest, by: AbstractBaseUser) -> HelpRequest:
    """The coordination contacted the person: the request is handled (once; again is harmless)."""
    request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if request.handled_at is None:
        request.handled_at = timezone.now()
        request.handled_by = by
        request.save(update_fields=["handled_at", "handled_by"])
    return request


@transaction.atomic
def pair_end(*, pair: Pair, by: AbstractBaseUser | None, reason: str) -> Pair:
    """The coordination ends a pair early, with a reason of the list. The mentee is free again:
    the next matching run proposes them another mentor (never this one again)."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Choose a reason of the list.")})
    pair = pair_transition(pair=pair, to=PairStatus.ENDED, by=by, reason=reason)
    PlannedMeeting.objects.filter(pair=pair).delete()
    return pair


@transaction.atomic
def pair_complete(*, pair: Pair, by: AbstractBaseUser | None) -> Pair:
    """The pair went through the programme: completed (by the coordination, or at closing)."""
    pair = pair_transition(pair=pair, to=PairStatus.COMPLETED, by=by)
    PlannedMeeting.objects.filter(pair=pair).delete()
    return pair


def pairs_complete_at_closing(programme: Programme, previous: str) -> None:
    """Registered in ``programmes.hooks``: when a programme moves to its closing phase, its
    pairs that still meet (accepted by both, or active) are completed. Going back to an earlier
    phase does not reopen them."""
    if programme.current_phase != Phase.CLOSING:
        return
    live = Pair.objects.filter(programme=programme, status__in=LIVE_STATUSES).order_by("pk")
    for pair in live:
        pair_complete(pair=pair, by=None)
