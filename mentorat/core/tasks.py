from celery import shared_task

from .emails import email_claim, email_deliver, pending_email_ids


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_email(self, email_id: int) -> str:
    """Send one recorded e-mail. Idempotent: a row already claimed or sent is left alone."""
    email = email_claim(email_id)
    if email is None:
        return "skipped"
    try:
        email_deliver(email)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
    return "sent"


@shared_task
def send_pending_emails() -> int:
    """Beat: publish again the e-mails recorded while the broker was down."""
    ids = pending_email_ids()
    for email_id in ids:
        send_email.delay(email_id)
    return len(ids)
