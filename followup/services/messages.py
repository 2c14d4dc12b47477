"""Writes of the messages to a segment: sending one (the recipients fixed in one transaction,
then handed to the workers), the workers' batches, and the beat's sweep.

Each (message, recipient) is sent at most once: a batch marks its recipients and records their
e-mails (``email_enqueue``, whose key ``message:<message>:<person>`` is unique) in one
transaction, so that a worker killed in the middle leaves each recipient either done (marked
and recorded) or untouched. A message whose worker was lost, or that never reached the broker
(it was down), is handed over again by ``messages_sweep``; a message handed over twice is
still sent once to each person.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorat.core.emails import email_enqueue
from programmes.models import Programme

from ..models import Message, MessageRecipient, MessageStatus
from ..selectors.messages import SEGMENTS, segment_recipients

logger = logging.getLogger(__name__)

# Rows written per INSERT when the recipients are fixed.
INSERT_BATCH = 1000


def _lost_after() -> timedelta:
    return timedelta(seconds=settings.MESSAGE_LOST_AFTER)


def message_send(
    *,
    programme: Programme,
    by: AbstractBaseUser | None,
    segment: str,
    segment_param: str = "",
    subject: str,
    body: str,
) -> Message:
    """Write the message, fix its recipients (the segment as it is now) and hand it to the
    workers once the transaction commits. When the broker is down the message stays pending
    and the beat (``messages_sweep``) hands it over once the broker is back."""
    if segment not in SEGMENTS:
        raise ValidationError(_("Choose whom the message is for."))
    if SEGMENTS[segment].param is None:
        segment_param = ""
    with transaction.atomic():
        message = Message(
            programme=programme,
            created_by=by,
            segment=segment,
            segment_param=str(segment_param),
            subject=subject,
            body=body,
        )
        message.full_clean()
        message.save()
        ids = list(
            segment_recipients(programme, segment, segment_param)
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        MessageRecipient.objects.bulk_create(
            (MessageRecipient(message=message, user_id=pk) for pk in ids), batch_size=INSERT_BATCH
        )
        message.recipient_count = len(ids)
        if not ids:  # nobody to write to: nothing for the workers
            message.status = MessageStatus.DONE
            message.finished_at = timezone.now()
        message.save(update_fields=["recipient_count", "status", "finished_at"])
        if ids:
            transaction.on_commit(partial(message_enqueue, message_id=message.pk))
    return message


def message_enqueue(*, message_id: int) -> bool:
    """Hand a message to the workers; False when the broker cannot be reached, in which case the
    message stays as it is, for the beat to hand over later."""
    from ..tasks import send_message

    try:
        send_message.delay(message_id)
    except Exception:  # kombu's OperationalError, redis' errors...
        logger.warning("Could not publish message %s; it stays pending.", message_id, exc_info=True)
        return False
    # Handed over: the sweep leaves it alone for MESSAGE_LOST_AFTER. (Eager, without a broker,
    # the task has already sent it: a done message is left as it is.)
    Message.objects.filter(
        pk=message_id, status__in=[MessageStatus.PENDING, MessageStatus.SENDING]
    ).update(heartbeat_at=timezone.now())
    return True


def message_deliver(*, message_id: int, batch_size: int | None = None) -> str:
    """The worker's part: record the e-mail of every recipient not yet sent to, batch by batch,
    then mark the message done. Resumable and idempotent: run again, it goes on where it
    stopped and sends nobody twice. Returns the message's status (or "missing")."""
    batch_size = batch_size or settings.MESSAGE_BATCH_SIZE
    now = timezone.now()
    claimed = Message.objects.filter(
        pk=message_id, status__in=[MessageStatus.PENDING, MessageStatus.SENDING]
    ).update(status=MessageStatus.SENDING, heartbeat_at=now)
    if not claimed:
        message = Message.objects.filter(pk=message_id).only("status").first()
        return message.status if message else "missing"
    message = Message.objects.select_related("programme").get(pk=message_id)
    context = _email_context(message)
    while _deliver_batch(message, context, batch_size):
        Message.objects.filter(pk=message.pk).update(heartbeat_at=timezone.now())
    # Nobody is left: a batch that met another worker's rows waited, then skipped those marked.
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.DONE, finished_at=timezone.now()
    )
    return MessageStatus.DONE


def _deliver_batch(message: Message, context: dict, batch_size: int) -> int:
    """Record the e-mails of the next ``batch_size`` recipients and mark them, in one
    transaction; the number done (0: nobody left)."""
    with transaction.atomic():
        # Locked: a second worker on the same message waits, then finds them marked.
        batch = list(
            MessageRecipient.objects.select_for_update(of=("self",))
            .filter(message=message, sent_at__isnull=True)
            .select_related("user")
            .order_by("pk")[:batch_size]
        )
        for recipient in batch:
            user = recipient.user
            email_enqueue(
                key=f"message:{message.pk}:{user.pk}",
                to=user.email,
                template="segment_message",
                language=user.language,
                context={**context, "first_name": user.first_name},
            )
        if batch:
            MessageRecipient.objects.filter(
                pk__in=[r.pk for r in batch], sent_at__isnull=True
            ).update(sent_at=timezone.now())
    return len(batch)


def _email_context(message: Message) -> dict:
    programme = message.programme
    return {
        "subject": message.subject,
        "body": message.body,
        "programme_name": programme.name,
        "url": settings.SITE_URL + programme.get_absolute_url(),
        "sender_name": message.created_by.display_name if message.created_by else "",
    }


def messages_sweep() -> dict[str, int]:
    """The beat's pass over messages: hand to the workers again those that never reached the
    broker (it was down) and those whose worker stopped going through batches for
    MESSAGE_LOST_AFTER (killed, or the broker lost the task). Sent twice, a message still
    reaches each person once."""
    now = timezone.now()
    waiting = (
        Message.objects.filter(status__in=[MessageStatus.PENDING, MessageStatus.SENDING])
        .filter(
            Q(heartbeat_at__isnull=True, created_at__lt=now - timedelta(seconds=30))
            | Q(heartbeat_at__lt=now - _lost_after())
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:100]
    )
    enqueued = 0
    for message_id in list(waiting):
        if not message_enqueue(message_id=message_id):
            break  # the broker is still down: the next beat tries again
        enqueued += 1
    return {"enqueued": enqueued}


def message_url(message: Message) -> str:
    return reverse(
        "followup:message_progress",
        kwargs={"slug": message.programme.slug, "message_id": message.pk},
    )
