"""Download my data: a zip holding ``mes-donnees.html`` (readable, self-contained: no style
sheet, no image, no script, nothing fetched) and ``mes-donnees.json`` (the same data), both
written from ``rights.selectors.personal_data``.

Up to ``PERSONAL_DATA_INLINE_MAX_ROWS`` rows the zip is built in the request and downloaded at
once; above, a ``DataDownload`` is recorded and built by a worker (``rights.tasks``), stored
through the storage API and kept ``PERSONAL_DATA_DOWNLOAD_DAYS`` days. With the broker down the
download stays pending: the beat hands it over again once the broker is back.
"""

import io
import json
import logging
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mentorat.core.french import long_date, long_datetime

from ..models import DataDownload, JobStatus
from ..selectors import download_days, personal_data, personal_data_rows

logger = logging.getLogger(__name__)

ZIP_NAME = "mes-donnees.zip"
# A pending download is handed over again by the beat once it is this old (younger ones are
# still being published after their commit).
RESEND_AFTER = timedelta(minutes=2)
# A download being built for longer than this lost its worker: it is built again.
BUILD_LOST_AFTER = timedelta(hours=1)


def inline_max_rows() -> int:
    return getattr(settings, "PERSONAL_DATA_INLINE_MAX_ROWS", 2000)


def kept_days() -> int:
    return download_days()


def data_zip_build(*, user) -> bytes:
    """The zip of the person's data, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        data = personal_data(user)
        html = render_to_string(
            "rights/data_export.html", {"data": _readable(data), "person": user}
        )
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mes-donnees.html", html)
        archive.writestr("mes-donnees.json", json.dumps(data, ensure_ascii=False, indent=2))
    return payload.getvalue()


# The keys whose values are ISO dates in the JSON: the page shows them in words, in French
# ("1er mars 2026 à 9 h 30").
DATE_KEYS = {
    "generated_at", "date_joined", "last_login", "consent_at", "applied_on", "decided_on",
    "date", "since", "proposed_on", "updated_on", "asked_on", "handled_on", "invited_on", "at",
    "sent_on", "used_on",
}  # fmt: skip


def _readable(value, key: str = ""):
    """The data with its dates in words, for the page (the JSON keeps them as ISO dates)."""
    if isinstance(value, dict):
        return {k: _readable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable(v, key) for v in value]
    if key in DATE_KEYS and isinstance(value, str):
        if "T" in value:
            return long_datetime(datetime.fromisoformat(value))
        return long_date(date.fromisoformat(value))
    return value


@dataclass
class DownloadAsked:
    """What "download my data" gives: the zip itself (small), or a download being built."""

    content: bytes | None = None
    download: DataDownload | None = None


def data_download_request(*, user) -> DownloadAsked:
    """The person asked for their data: the zip at once if it is small, else a download built
    by a worker (one at a time: a download already pending or being built is given back)."""
    if personal_data_rows(user) <= inline_max_rows():
        return DownloadAsked(content=data_zip_build(user=user))
    with transaction.atomic():
        # Lock the person's row: two clicks at once never record two downloads.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        download = DataDownload.objects.filter(
            user=user, status__in=(JobStatus.PENDING, JobStatus.BUILDING)
        ).first()
        if download is None:
            download = DataDownload.objects.create(user=user)
            transaction.on_commit(partial(data_download_enqueue, download_id=download.pk))
    return DownloadAsked(download=download)


def data_download_enqueue(*, download_id: int) -> bool:
    """Hand a pending download to the workers; False when the broker cannot be reached (the
    download stays pending, for the beat to hand over later)."""
    from ..tasks import build_data_download

    try:
        build_data_download.delay(download_id)
    except Exception:  # kombu's OperationalError, redis' errors...
        logger.warning("Could not publish download %s; it stays pending.", download_id)
        return False
    return True


def data_download_build(*, download_id: int) -> str:
    """Build one download (the task). Idempotent: the row is claimed by a compare-and-set
    update, so a second worker, a retry or the beat never builds it twice."""
    now = timezone.now()
    lost = Q(status=JobStatus.BUILDING, created_at__lt=now - BUILD_LOST_AFTER)
    claimable = DataDownload.objects.filter(Q(status=JobStatus.PENDING) | lost, pk=download_id)
    if not claimable.update(status=JobStatus.BUILDING):
        return "skipped"
    download = DataDownload.objects.select_related("user").get(pk=download_id)
    try:
        content = data_zip_build(user=download.user)
        download.file.save(ZIP_NAME, ContentFile(content), save=False)
    except Exception:
        DataDownload.objects.filter(pk=download_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now()
        )
        raise
    download.status = JobStatus.DONE
    download.finished_at = timezone.now()
    download.save(update_fields=["file", "status", "finished_at"])
    return "done"


def download_kept_until(download: DataDownload):
    """When the download is deleted (the beat's sweep, or the first access after)."""
    return download.created_at + timedelta(days=kept_days())


def download_expired(download: DataDownload, now=None) -> bool:
    return download_kept_until(download) <= (now or timezone.now())


def data_download_delete(*, download: DataDownload) -> None:
    """Delete a download; its file goes too, through the storage (a folder or an object store),
    once the deletion is committed (``rights.receivers.download_file_deleted``)."""
    download.delete()


def data_downloads_sweep(*, now=None) -> dict[str, int]:
    """The beat: delete the downloads older than PERSONAL_DATA_DOWNLOAD_DAYS, and hand over
    again those still pending (asked while the broker was down)."""
    now = now or timezone.now()
    expired = DataDownload.objects.filter(created_at__lt=now - timedelta(days=kept_days()))
    deleted = 0
    for download in expired.iterator():
        data_download_delete(download=download)
        deleted += 1
    pending = list(
        DataDownload.objects.filter(
            status=JobStatus.PENDING, created_at__lt=now - RESEND_AFTER
        ).values_list("pk", flat=True)
    )
    sent = 0
    for download_id in pending:
        if not data_download_enqueue(download_id=download_id):
            break  # the broker is still down: the next beat tries again
        sent += 1
    return {"deleted": deleted, "enqueued": sent}
