"""Every e-mail of the platform goes through here and the ``send_email`` task.

``email_enqueue`` records the e-mail (idempotent by its key) and sends it after the transaction
commits; the task renders it in the recipient's language and claims the row before sending, so
that two workers, a retry or a second click never send it twice.
"""

import logging
import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import EmailStatus, SentEmail

logger = logging.getLogger(__name__)

# A row claimed longer ago than this by a worker that died may be claimed again.
CLAIM_TIMEOUT = timedelta(minutes=10)


def email_enqueue(
    *, key: str, to: str, template: str, context: dict, language: str = "fr"
) -> SentEmail | None:
    """Record an e-mail rendered from ``emails/<template>_subject.txt`` and ``_body.txt`` (and
    ``_body.html`` if present) and send it once the current transaction commits.

    ``context`` must be JSON-serialisable (ids and plain values), since the task renders later.
    Returns None when an e-mail with this key was already recorded.
    """
    email, created = SentEmail.objects.get_or_create(
        key=key[:255],
        defaults={"to": to, "template": template, "context": context, "language": language},
    )
    if not created:
        return None
    transaction.on_commit(lambda: _publish(email.pk))
    return email


def email_enqueue_many(emails: Iterable[dict]) -> int:
    """``email_enqueue`` for many e-mails at once (a sweep, a bulk send), in three queries
    instead of a few per e-mail: each item holds ``email_enqueue``'s arguments (``key``, ``to``,
    ``template``, ``context``, ``language``). Keys already recorded are left alone; returns how
    many e-mails were recorded. They are published once the transaction commits.

    Two callers racing on the same key record it once (the unique key) and may both publish it:
    the task claims the row before sending, so it still leaves once."""
    by_key = {item["key"][:255]: item for item in emails}
    if not by_key:
        return 0
    recorded = set(SentEmail.objects.filter(key__in=by_key).values_list("key", flat=True))
    new = [
        SentEmail(
            key=key,
            to=item["to"],
            template=item["template"],
            context=item["context"],
            language=item.get("language", "fr"),
        )
        for key, item in by_key.items()
        if key not in recorded
    ]
    SentEmail.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    ids = list(
        SentEmail.objects.filter(
            key__in=[email.key for email in new], status=EmailStatus.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _publish_many(ids))
    return len(new)


def _publish_many(email_ids: list[int]) -> None:
    for email_id in email_ids:
        if not _publish(email_id):
            break  # the broker is down: the beat task publishes the others later


def email_send_now(
    *, to: str, subject: str, body: str, html: str = "", language: str = "fr"
) -> None:
    """Record an already rendered, single-use e-mail (allauth's codes and links) and send it."""
    email = SentEmail.objects.create(
        key=f"rendered:{uuid.uuid4()}",
        to=to,
        subject=subject[:255],
        body=body,
        html=html,
        language=language,
    )
    transaction.on_commit(lambda: _publish(email.pk))


def _publish(email_id: int) -> bool:
    from .tasks import send_email

    try:
        send_email.delay(email_id)
    except Exception:  # The broker is down: the row stays pending, the beat task sends it later.
        logger.warning("Could not publish e-mail %s; it stays pending.", email_id, exc_info=True)
        return False
    return True


def email_claim(email_id: int) -> SentEmail | None:
    """Claim a pending e-mail for sending, by a compare-and-set update; None if not ours."""
    now = timezone.now()
    claimable = SentEmail.objects.filter(pk=email_id).filter(_claimable(now))
    if not claimable.update(status=EmailStatus.SENDING, claimed_at=now):
        return None
    return SentEmail.objects.get(pk=email_id)


def _claimable(now) -> Q:
    return Q(status=EmailStatus.PENDING) | Q(
        status=EmailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )


def email_render(email: SentEmail) -> tuple[str, str, str]:
    """Subject, text body and HTML body, rendered in the recipient's language."""
    if not email.template:
        return email.subject, email.body, email.html
    context = {**email.context, "site_url": settings.SITE_URL}
    with translation.override(email.language):
        subject = render_to_string(f"emails/{email.template}_subject.txt", context)
        body = render_to_string(f"emails/{email.template}_body.txt", context)
        try:
            html = render_to_string(f"emails/{email.template}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    return prefix + " ".join(subject.split()), body, html


def email_deliver(email: SentEmail) -> None:
    """Render and send a claimed e-mail, then mark it sent. Raises on failure (the task retries)."""
    subject, body, html = email_render(email)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [email.to])
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as exc:
        SentEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.PENDING, attempts=email.attempts + 1, error=str(exc)[:1000]
        )
        raise
    SentEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT,
        subject=subject[:255],
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        error="",
    )


def pending_email_ids(older_than: timedelta | None = None) -> list[int]:
    """E-mails whose publication may have been lost (broker down): to send again. By default
    those recorded more than ``settings.EMAIL_RESEND_AFTER`` seconds ago."""
    if older_than is None:
        older_than = timedelta(seconds=settings.EMAIL_RESEND_AFTER)
    now = timezone.now()
    return list(
        SentEmail.objects.filter(created_at__lt=now - older_than)
        .filter(_claimable(now))
        .values_list("pk", flat=True)[:500]
    )
