"""The daily reminder sweep, and the registry through which each app adds its reminder kinds.

One function, ``reminders_sweep(today=...)``, is what Celery beat calls every morning
(``followup.tasks.send_reminders``) and what ``manage.py send_reminders`` runs. It asks every
registered kind which reminders are due on that day, and sends each of them at most once: a
``Reminder`` row per (kind, subject, recipient, period) under a unique constraint, inserted with
``INSERT ... ON CONFLICT DO NOTHING`` in the same transaction as the e-mail it enqueues. A sweep
run twice, or two beats at the same moment on PostgreSQL, never send the same reminder twice:
the second finds the row there and skips it.

Adding a kind from another app (the evaluation adds "check-in due" and "questionnaire open"
without touching this app): in its ``AppConfig.ready()``::

    from followup.reminders import Due, ReminderKind, by_email, register_reminder_kind

    def _checkins_due(today: date) -> Iterable[Due]:
        # One or two queries for the whole day, never one per person (the sweep covers
        # thousands of participants): select_related the recipient.
        for invitation in CheckinInvitation.objects.due_on(today).select_related("user"):
            yield Due(
                recipient=invitation.user,
                subject=f"checkin:{invitation.checkin_id}",
                period=today.isoformat(),
                context={"programme_name": ..., "url": ...},  # JSON-serialisable
            )

    register_reminder_kind(
        ReminderKind(
            code="checkin-due",
            essential=False,
            due=_checkins_due,
            send=by_email("reminder_checkin_due"),
        )
    )

- ``code``: unique across apps, stored on every ``Reminder`` row (at most 50 characters).
- ``essential``: False for a reminder a person may refuse; the sweep then skips the people who
  unticked "receive reminders" (``User.wants_reminders``). True only for what the programme
  needs (they are sent to everyone).
- ``due(today)``: the reminders due on ``today`` (a ``date`` in Europe/Paris). It should yield a
  ``Due`` as long as the reminder is due, not only on its first day (a day the beat missed is
  caught up the next day; the constraint keeps it single). ``period`` says which occurrence it
  is: "1" or "2" for the n-th reminder (at most twice), an ISO date or week (once a day or a
  week), or anything that changes when a new reminder is wanted. ``context`` must be
  JSON-serialisable, as e-mails are rendered later by a worker: format dates and translated
  labels in the recipient's language (``translation.override(user.language)``) when building it.
- ``send(due)``: the e-mail of a reminder, as ``email_enqueue``'s arguments without the key
  (``to``, ``template``, ``context``, ``language``). ``by_email(template)`` builds
  ``emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html`` to the recipient, in their
  language, with their ``first_name`` and the due's context. The sweep enqueues the e-mails of
  each chunk at once (``email_enqueue_many``, the key derived from the reminder's tuple) in the
  transaction that records the reminders; they leave after it commits.

Each e-mail of a non-essential kind must say how to stop them (``includes/reminder_stop``).
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice

from django.db import transaction
from django.utils import timezone

from mentorat.core.emails import email_enqueue_many

from .models import Reminder

# Rows inserted, and e-mails enqueued, per transaction.
CHUNK = 500


@dataclass(frozen=True)
class Due:
    """One reminder due to one person: about what (``subject``, e.g. "pair:12"), which
    occurrence (``period``), and what the message needs (``context``, JSON-serialisable)."""

    recipient: object  # a User, with email, first_name, language, wants_reminders, is_active
    subject: str
    period: str
    context: dict = field(default_factory=dict)

    @property
    def identity(self) -> tuple[str, int, str]:
        return (self.subject, self.recipient.pk, self.period)


@dataclass(frozen=True)
class ReminderKind:
    code: str
    essential: bool
    due: Callable[[date], Iterable[Due]]
    # The e-mail of a due reminder: email_enqueue's arguments but the key (see by_email).
    send: Callable[[Due], dict]


@dataclass
class SweepResult:
    sent: int = 0
    skipped: int = 0
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "skipped": self.skipped}


_KINDS: dict[str, ReminderKind] = {}


def register_reminder_kind(kind: ReminderKind) -> None:
    """Add a kind to the sweep (from an ``AppConfig.ready()``). A code is registered once."""
    if len(kind.code) > Reminder._meta.get_field("kind").max_length:
        raise ValueError(f"reminder kind code too long: {kind.code!r}")
    if kind.code in _KINDS and _KINDS[kind.code] is not kind:
        raise ValueError(f"reminder kind {kind.code!r} is already registered")
    _KINDS[kind.code] = kind


def registered_kinds() -> list[ReminderKind]:
    return list(_KINDS.values())


def by_email(template: str) -> Callable[[Due], dict]:
    """The usual ``send``: the e-mail ``emails/<template>_*`` to the recipient, in their
    language, with their first name and the due's context."""

    def send(due: Due) -> dict:
        user = due.recipient
        return {
            "to": user.email,
            "template": template,
            "context": {"first_name": user.first_name, **due.context},
            "language": user.language,
        }

    return send


def reminder_key(code: str, due: Due) -> str:
    """The e-mail's key, derived from the reminder's unique tuple."""
    return f"reminder:{code}:{due.subject}:{due.recipient.pk}:{due.period}"


def start_of_day(day: date) -> datetime:
    """Midnight of ``day`` in Europe/Paris (the project's time zone), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def reminders_sweep(
    *, today: date | None = None, kinds: Iterable[str] | None = None
) -> SweepResult:
    """Send every registered kind's reminders due on ``today`` (Europe/Paris; default: today),
    each at most once. Returns how many were sent and how many were due but skipped (already
    sent, refused by the person, no address)."""
    today = today or timezone.localdate()
    wanted = set(kinds) if kinds is not None else None
    result = SweepResult()
    for kind in registered_kinds():
        if wanted is not None and kind.code not in wanted:
            continue
        sent, skipped = _sweep_kind(kind, today)
        result.sent += sent
        result.skipped += skipped
        result.by_kind[kind.code] = {"sent": sent, "skipped": skipped}
    return result


def _sweep_kind(kind: ReminderKind, today: date) -> tuple[int, int]:
    sent = skipped = 0
    seen: set[tuple[str, int, str]] = set()
    dues = iter(kind.due(today))
    while chunk := list(islice(dues, CHUNK)):
        wanted = []
        for due in chunk:
            user = due.recipient
            if (
                due.identity in seen
                or not user.is_active
                or not user.email
                or (not kind.essential and not user.wants_reminders)
            ):
                skipped += 1
                continue
            seen.add(due.identity)
            wanted.append(due)
        if wanted:
            new = _send_chunk(kind, wanted)
            sent += new
            skipped += len(wanted) - new
    return sent, skipped


def _send_chunk(kind: ReminderKind, dues: list[Due]) -> int:
    """Record and enqueue the reminders of ``dues`` not sent yet; return how many were sent.

    The rows already there are left out first (the usual case of a sweep run again); the others
    are inserted with ON CONFLICT DO NOTHING under this chunk's own ``sweep`` id, then read back
    by it: a row another sweep inserted first (it committed, or we waited for it on the unique
    index) carries its id, not ours, and is not sent by us."""
    existing = _sent_before(kind, dues)
    dues = [due for due in dues if due.identity not in existing]
    if not dues:
        return 0
    with transaction.atomic():
        return _insert_and_send(kind, dues)


def _sent_before(kind: ReminderKind, dues: list[Due]) -> set[tuple[str, int, str]]:
    return set(
        Reminder.objects.filter(
            kind=kind.code, subject__in={due.subject for due in dues}
        ).values_list("subject", "recipient_id", "period")
    )


def _insert_and_send(kind: ReminderKind, dues: list[Due]) -> int:
    # The same order in every sweep: two sweeps inserting the same rows wait on each other's
    # rows in turn, never on each other at once (a deadlock).
    dues.sort(key=lambda due: due.identity)
    sweep = uuid.uuid4()
    now = timezone.now()
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=kind.code,
                subject=due.subject,
                recipient_id=due.recipient.pk,
                period=due.period,
                sweep=sweep,
                sent_at=now,
            )
            for due in dues
        ],
        ignore_conflicts=True,
    )
    ours = set(
        Reminder.objects.filter(
            kind=kind.code, subject__in={due.subject for due in dues}, sweep=sweep
        ).values_list("subject", "recipient_id", "period")
    )
    email_enqueue_many(
        {**kind.send(due), "key": reminder_key(kind.code, due)}
        for due in dues
        if due.identity in ours
    )
    return len(ours)
