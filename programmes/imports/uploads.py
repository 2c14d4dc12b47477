"""Keeping an uploaded participants file between the preview and the confirmation.

The file goes to the default storage (a local folder by default, the shared object storage in
a cluster, so that any web process can read it back) under a random name; only the name is
kept in the coordinator's session.
"""

import secrets
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "imports"


def upload_store(*, data: bytes, filename: str) -> str:
    """Store ``data`` and return the name to read it back with."""
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
