"""Logging filters named by settings.LOGGING."""

import logging


class SkipClientErrors(logging.Filter):
    """Let through django.request's records of server errors (5xx) only.

    A 403 or 404 is the visitor's mistake or a link gone stale: the server's access log already
    has its line, and Django's record of it would add a second line (with a traceback for a
    PermissionDenied).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return status is None or status >= 500
