"""Celery tasks of the evaluation: the daily sweep of the waves, the reports."""

from datetime import date

from celery import shared_task

# --- Waves ---


# A failure (the database restarting) is retried: the sweep only does what is not done yet.
@shared_task(autoretry_for=(Exception,), max_retries=3, default_retry_delay=300)
def sweep_waves(day: str | None = None) -> dict[str, int]:
    """Beat, every morning: open and close the waves on their dates and open the next pulse
    check-ins (``evaluation.services.waves.waves_sweep``, as ``manage.py waves_sweep``).
    Idempotent."""
    from .services.waves import waves_sweep

    today = date.fromisoformat(day) if day else None
    return waves_sweep(today=today).as_dict()


# --- End of waves ---
