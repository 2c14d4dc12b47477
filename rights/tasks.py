"""The rights' background work: building a large download of one's data, and the beat's sweep
of downloads (hand over those asked while the broker was down, delete the old ones)."""

from celery import shared_task

from .services.data_export import data_download_build, data_downloads_sweep


@shared_task
def build_data_download(download_id: int) -> str:
    """Build one download of a person's data. Idempotent: the row is claimed first."""
    return data_download_build(download_id=download_id)


@shared_task
def sweep_data_downloads() -> dict[str, int]:
    """Beat: delete the downloads past their days, publish again those still pending."""
    return data_downloads_sweep()


# --- Retention ---


@shared_task(autoretry_for=(Exception,), max_retries=3, default_retry_delay=600)
def purge_personal_data(day: str | None = None) -> dict:
    """Beat, every night: the retention purge (``rights.services.retention``), the same function
    as ``manage.py purge_personal_data``. Idempotent: what is purged is not there any more."""
    from datetime import date

    from .services.retention import personal_data_purge

    return personal_data_purge(today=date.fromisoformat(day) if day else None).as_dict()
