"""Reads of the messages to a segment: the segments themselves (whom a message can be for), a
programme's past messages with their counts, and one message's progress.

A segment is a code, a French-first label and a function ``(programme, param) -> users``,
registered with ``@segment(...)``. Adding one is one decorated function here; nothing else
changes: the form lists the registry, the service resolves through it, the pages label with it.
The pairs in red (and those needing attention) are judged by the dashboard's own rule, read in
bulk by ``dashboard.pair_rows``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from matching.models import Pair, PairStatus, Response
from programmes.models import Application, ApplicationStatus, Organisation, Programme, Role

from ..health import Health
from ..models import CharterAcceptance, Message, MessageStatus
from .dashboard import pair_rows

User = get_user_model()

# What a segment's parameter is: nothing, or an organisation of the programme (its id).
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Segment:
    code: str
    label: Promise
    resolve: Callable[[Programme, str], QuerySet]
    param: str | None = None


SEGMENTS: dict[str, Segment] = {}


def segment(code: str, label: Promise, *, param: str | None = None):
    """Register ``resolve(programme, param) -> QuerySet of users`` as the segment ``code``."""

    def register(resolve: Callable[[Programme, str], QuerySet]):
        SEGMENTS[code] = Segment(code=code, label=label, resolve=resolve, param=param)
        return resolve

    return register


def _taking_part(programme: Programme, **filters) -> QuerySet:
    return Application.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED, **filters
    ).values("user_id")


def _users(ids) -> QuerySet:
    # Only people who can read an e-mail: an account switched off receives nothing.
    return User.objects.filter(pk__in=ids, is_active=True)


@segment("participants", _("All participants (mentors and mentees)"))
def _participants(programme: Programme, param: str) -> QuerySet:
    return _users(_taking_part(programme))


@segment("mentors", _("All mentors"))
def _mentors(programme: Programme, param: str) -> QuerySet:
    return _users(_taking_part(programme, role=Role.MENTOR))


@segment("mentees", _("All mentees"))
def _mentees(programme: Programme, param: str) -> QuerySet:
    return _users(_taking_part(programme, role=Role.MENTEE))


@segment("organisation", _("The participants of one organisation"), param=ORGANISATION)
def _organisation(programme: Programme, param: str) -> QuerySet:
    return _users(_taking_part(programme, organisation_id=_organisation_id(param)))


@segment("charter_pending", _("Members of accepted pairs who have not accepted the charter"))
def _charter_pending(programme: Programme, param: str) -> QuerySet:
    accepted = Pair.objects.filter(programme=programme, status=PairStatus.ACCEPTED)

    def without_charter(role: str) -> QuerySet:
        signed = CharterAcceptance.objects.filter(pair=OuterRef("pk"), role=role)
        return accepted.filter(~Exists(signed)).values(f"{role}__user_id")

    return _users(without_charter(Role.MENTOR)) | _users(without_charter(Role.MENTEE))


@segment("awaiting_answer", _("Members of proposed pairs who have not answered yet"))
def _awaiting_answer(programme: Programme, param: str) -> QuerySet:
    proposed = Pair.objects.filter(programme=programme, status=PairStatus.PROPOSED)
    mentors = proposed.filter(mentor_response=Response.PENDING).values("mentor__user_id")
    mentees = proposed.filter(mentee_response=Response.PENDING).values("mentee__user_id")
    return _users(mentors) | _users(mentees)


def _members_of_pairs(pair_ids) -> QuerySet:
    pairs = Pair.objects.filter(pk__in=pair_ids)
    return _users(pairs.values("mentor__user_id")) | _users(pairs.values("mentee__user_id"))


@segment("red", _("Members of the pairs in red"))
def _red(programme: Programme, param: str) -> QuerySet:
    # The dashboard's health, read in bulk (a few queries whatever the number of pairs).
    rows = pair_rows(programme)
    return _members_of_pairs([row.pk for row in rows if row.colour == Health.RED])


@segment("attention", _("Members of the pairs needing attention (amber or red)"))
def _attention(programme: Programme, param: str) -> QuerySet:
    return _members_of_pairs([row.pk for row in pair_rows(programme) if row.needs_attention])


def _organisation_id(param: str) -> int | None:
    return int(param) if str(param).isdigit() else None


def segment_organisations(programme: Programme) -> QuerySet:
    """The organisations a message may be addressed to: those of the programme."""
    return programme.organisations.order_by("name")


def segment_recipients(programme: Programme, code: str, param: str = "") -> QuerySet:
    """The people the segment ``code`` names in ``programme`` now (a fresh query)."""
    return SEGMENTS[code].resolve(programme, param)


def segment_count(programme: Programme, code: str, param: str = "") -> int:
    return segment_recipients(programme, code, param).count()


def segment_label(code: str, organisation_name: str | None = None) -> str:
    """The segment's label in the active language; with its organisation's name, if it has one."""
    known = SEGMENTS.get(code)
    if known is None:  # a segment removed since the message was sent
        return code
    if known.param == ORGANISATION:
        return gettext("The participants of %(organisation)s") % {
            "organisation": organisation_name or gettext("an organisation removed since")
        }
    return str(known.label)


# --- Messages --------------------------------------------------------------------------------


def messages_of(programme: Programme) -> QuerySet:
    """The programme's messages, newest first, with the number of recipients already sent to
    and their author: one query, however many messages and recipients."""
    return (
        Message.objects.filter(programme=programme)
        .select_related("created_by")
        .annotate(sent_count=Count("recipients", filter=Q(recipients__sent_at__isnull=False)))
        .order_by("-created_at", "-pk")
    )


def messages_labelled(messages) -> list[Message]:
    """``messages`` with ``segment_label`` set on each, the organisations read in one query."""
    messages = list(messages)
    organisation_ids = {
        _organisation_id(m.segment_param)
        for m in messages
        if SEGMENTS.get(m.segment) and SEGMENTS[m.segment].param == ORGANISATION
    }
    names = dict(
        Organisation.objects.filter(pk__in=organisation_ids - {None}).values_list("pk", "name")
    )
    for m in messages:
        m.segment_label = segment_label(m.segment, names.get(_organisation_id(m.segment_param)))
    return messages


def message_progress(message: Message) -> dict:
    """How far the sending of ``message`` is: recipients sent to, out of how many."""
    sent = message.recipients.filter(sent_at__isnull=False).count()
    return {
        "status": message.status,
        "label": str(message.get_status_display()),
        "sent": sent,
        "total": message.recipient_count,
        "done": message.status == MessageStatus.DONE,
        # Never handed to the workers: the broker could not be reached when it was sent.
        "waiting_for_service": message.status == MessageStatus.PENDING
        and message.heartbeat_at is None,
    }
