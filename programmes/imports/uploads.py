"""Keeping an uploaded participants file between the preview and the confirmation.

The file goes to the default storage (a local folder by default, the shared object storage in
a cluster, so that any web process can read it back) under a random name; only the name is
kept in the coordinator's session.
"""

import secrets
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"
# A file nobody confirmed within a day is abandoned: it holds personal data, so it goes.
ABANDONED_AFTER = timedelta(days=1)


def upload_store(*, data: bytes, filename: str) -> str:
    """Store ``data`` and return the name to read it back with."""
    uploads_purge()
    suffix = Path(filename).suffix.lower()[:8]
    return default_storage.save(f"{FOLDER}/{secrets.token_urlsafe(24)}{suffix}", ContentFile(data))


def upload_read(name: str) -> bytes | None:
    """The stored file, or None when it is gone (or the name is not one of ours)."""
    if not name.startswith(f"{FOLDER}/") or ".." in name:
        return None
    try:
        with default_storage.open(name, "rb") as file:
            return file.read()
    except (FileNotFoundError, OSError):
        return None


def upload_discard(name: str) -> None:
    if name.startswith(f"{FOLDER}/") and ".." not in name:
        default_storage.delete(name)


def uploads_purge(older_than: timedelta = ABANDONED_AFTER) -> int:
    """Delete the files of previews that were never confirmed; returns how many."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    limit = timezone.now() - older_than
    purged = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                purged += 1
        except (FileNotFoundError, NotImplementedError):
            continue
    return purged
