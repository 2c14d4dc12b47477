"""The e-mail log's part of a person's erasure (called by ``rights.services.erasure``): the
e-mails sent to them go, and the e-mails sent to others lose every mention of them."""

import json
import re
import uuid
from collections.abc import Iterable

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from .models import SentEmail


def scrub_text(text: str, needles: Iterable[str], replacement: str) -> str:
    """``text`` with every occurrence of each needle as a whole word (ignoring case) replaced:
    "Marie" goes, "Marieke" stays."""
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        pattern = rf"(?<!\w){re.escape(needle)}(?!\w)"
        text = re.sub(pattern, lambda _match: replacement, text, flags=re.IGNORECASE)
    return text


def scrub_json(value, needles: Iterable[str], replacement: str):
    """A JSON value with every string (keys kept) scrubbed of the needles."""
    needles = tuple(needles)
    if isinstance(value, str):
        return scrub_text(value, needles, replacement)
    if isinstance(value, list):
        return [scrub_json(item, needles, replacement) for item in value]
    if isinstance(value, dict):
        return {key: scrub_json(item, needles, replacement) for key, item in value.items()}
    return value


def mentions(needles: Iterable[str], fields: Iterable[str]) -> Q:
    """Rows whose text fields contain one of the needles (ignoring case)."""
    condition = Q(pk__in=[])
    for needle in needles:
        if needle:
            for field in fields:
                condition |= Q(**{f"{field}__icontains": needle})
    return condition


TEXT_FIELDS = ("key", "subject", "body", "html", "error")


def sent_emails_erase(
    *,
    email: str,
    needles: Iterable[str],
    replacement: str,
    also: Iterable[str] = (),
    to_too: bool = True,
) -> dict[str, int]:
    """Delete the e-mails sent to ``email`` (when ``to_too``) and scrub the person from every
    other e-mail that names them by ``needles`` (their address, their full name): key, subject,
    texts, error and context lose the needles and the words of ``also`` (the first and last
    names alone, which other people may share: searched only in those e-mails)."""
    needles = tuple(n for n in needles if n)
    words = needles + tuple(w for w in also if w)
    deleted = 0
    if to_too:
        deleted, _ = SentEmail.objects.filter(to__iexact=email).delete()
    scrubbed = 0
    if not needles:
        return {"core_sentemail (deleted)": deleted, "core_sentemail": scrubbed}
    # The context is JSON: searched as text, in the database's spelling of it too ("Zo\u00e9").
    spelled = needles + tuple(json.dumps(n)[1:-1] for n in needles)
    candidates = SentEmail.objects.annotate(context_text=Cast("context", TextField())).filter(
        mentions(needles, TEXT_FIELDS) | mentions(spelled, ["context_text"])
    )
    for row in candidates.iterator():
        key = row.key
        for field in TEXT_FIELDS:
            setattr(row, field, scrub_text(getattr(row, field), words, replacement))
        if row.key != key:
            # A key must stay unique: a fresh one rather than the scrubbed text.
            row.key = f"erased:{uuid.uuid4().hex}"
        row.context = scrub_json(row.context, words, replacement)
        row.save()
        scrubbed += 1
    return {"core_sentemail (deleted)": deleted, "core_sentemail": scrubbed}
