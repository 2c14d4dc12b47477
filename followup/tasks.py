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
