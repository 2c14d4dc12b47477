"""Celery tasks of the follow-up: the daily reminder sweep and messages to a segment."""

from datetime import date

from celery import shared_task


# A failure (the database restarting) is retried: the sweep sends only what is not sent yet.
@shared_task(autoretry_for=(Exception,), max_retries=3, default_retry_delay=300)
def send_reminders(day: str | None = None) -> dict[str, int]:
    """Beat, every morning: the reminder sweep (``followup.reminders``), the same function as
    ``manage.py send_reminders``. Idempotent: a reminder already sent is never sent again."""
    from .reminders import reminders_sweep

    today = date.fromisoformat(day) if day else None
    return reminders_sweep(today=today).as_dict()


# --- Messages to a segment --------------------------------------------------------------------


@shared_task(acks_late=True)
def send_message(message_id: int) -> str:
    """Record the e-mails of a message to a segment, batch by batch. Idempotent and resumable:
    delivered twice, or again after its worker was killed, it sends nobody twice."""
    from .services.messages import message_deliver

    return message_deliver(message_id=message_id)


@shared_task
def sweep_messages() -> dict[str, int]:
    """Beat: hand over again the messages that never reached the broker or lost their worker."""
    from .services.messages import messages_sweep

    return messages_sweep()
