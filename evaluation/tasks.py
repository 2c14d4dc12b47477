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

# --- Reports ---


@shared_task(acks_late=True)
def build_report(report_id: int) -> str:
    """Build a report's PDF and CSV. Idempotent: a report already built, being built or failed is
    left as it is, so that a task delivered twice builds it once."""
    from .models import Report
    from .services.reports import report_build

    report = Report.objects.filter(pk=report_id).first()
    if report is None:  # deleted meanwhile (its programme was deleted)
        return "missing"
    return report_build(report=report).status


@shared_task
def sweep_reports() -> dict[str, int]:
    """Beat: hand over again the reports that never reached the broker; fail the lost ones."""
    from .services.reports import reports_sweep

    return reports_sweep()


# A failure (the database restarting) is retried: the digest's keys make a second run send nothing.
@shared_task(autoretry_for=(Exception,), max_retries=3, default_retry_delay=300)
def send_report_digest(day: str | None = None) -> dict[str, int]:
    """Beat, on the 1st of the month: the digest of the key figures to each programme's pilots."""
    from datetime import date

    from .services.reports import digest_send

    return digest_send(today=date.fromisoformat(day) if day else None)
