# --- Retention ---

from celery import shared_task


@shared_task(autoretry_for=(Exception,), max_retries=3, default_retry_delay=600)
def purge_personal_data(day: str | None = None) -> dict:
    """Beat, every night: the retention purge (``rights.services.retention``), the same function
    as ``manage.py purge_personal_data``. Idempotent: what is purged is not there any more."""
    from datetime import date

    from .services.retention import personal_data_purge

    return personal_data_purge(today=date.fromisoformat(day) if day else None).as_dict()
