"""A Redis cache that degrades to local memory while Redis is unreachable.

allauth keeps its rate limits in the cache, and the login, password reset and application forms
must keep working when Redis goes away. While it is away, every operation is served by a
per-process ``LocMemCache`` (rate limits keep counting, per process), Redis is tried again every
``RETRY_AFTER`` seconds rather than on each call (an unreachable host would cost a connection
timeout per call), and the outage is logged once when it starts and once when it ends.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _Outage:
    """Whether one Redis location is away, shared by every thread of the process (Django builds
    one cache object per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


def forget_outages() -> None:
    """Forget every outage seen by this process (tests start from a reachable Redis)."""
    with _outages_lock:
        _outages.clear()


class FallbackRedisCache(RedisCache):
    """``RedisCache`` that serves from local memory while Redis is unreachable.

    ``RETRY_AFTER`` (seconds, a top-level key of the cache's settings, default 5) is how long an
    outage lasts before Redis is tried again.
    """

    def __init__(self, server, params):
        params = dict(params)
        self.retry_after = float(params.pop("RETRY_AFTER", 5))
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        # LocMemCache keeps its data per name at module level: every thread shares it.
        self._fallback = LocMemCache(
            f"redis-fallback:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )
        self._outage = _outage_for(self._location)

    def _call(self, name: str, *args, **kwargs):
        outage = self._outage
        if outage.down_since is not None and time.monotonic() < outage.retry_at:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as exc:
            with outage.lock:
                if outage.down_since is None:
                    outage.down_since = time.monotonic()
                    logger.warning(
                        "Redis cache %s unreachable (%s): serving from local memory until it "
                        "answers again.",
                        self._location,
                        exc,
                    )
                outage.retry_at = time.monotonic() + self.retry_after
            return getattr(self._fallback, name)(*args, **kwargs)
        if outage.down_since is not None:
            with outage.lock:
                if outage.down_since is not None:
                    logger.warning(
                        "Redis cache %s answers again after %.0f s.",
                        self._location,
                        time.monotonic() - outage.down_since,
                    )
                    outage.down_since = None
        return result

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
