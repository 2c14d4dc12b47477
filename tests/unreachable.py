"""Redis gone: the cache, the broker and the result backend all pointed at a closed port.

``redis_unreachable()`` is what a web process sees when Redis stops answering: the cache is the
production ``FallbackRedisCache`` (a fresh one, with its own connection pool), the Celery app
publishes for real (not inline) to the closed port, and its result backend is there too.
"""

import socket
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import override_settings

from mentorat.celery import app
from mentorat.core.cache import forget_outages

CLOSED_PORT = 6399
CLOSED = f"redis://127.0.0.1:{CLOSED_PORT}/0"


def _assert_closed() -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", CLOSED_PORT)) == 0:
            pytest.fail(f"something listens on port {CLOSED_PORT}: it must stay closed for tests")


def cache_settings(location: str) -> dict:
    """The production cache settings (settings.py), on ``location``."""
    timeout = settings.REDIS_TIMEOUT
    return {
        "default": {
            "BACKEND": "mentorat.core.cache.FallbackRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "mentorat-test",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


def _point_celery_at(broker: str, backend: str | None, eager: bool) -> None:
    app.conf.broker_url = broker
    app.conf.result_backend = backend
    app.conf.task_always_eager = eager
    # Fresh connections to the new address: the pools and the backend were built for the old.
    app._pool = app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def redis_unreachable():
    _assert_closed()
    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager)
    saved_pools = (
        app._pool,
        app.amqp._producer_pool,
        app._backend_cache,
        app._local.__dict__.copy(),
    )
    forget_outages()
    _point_celery_at(CLOSED, CLOSED, eager=False)
    try:
        with override_settings(CACHES=cache_settings(CLOSED)):  # a fresh cache object and pool
            yield
    finally:
        # Not closed: kombu shares one pool per broker address with every later user of it.
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
        app._pool, app.amqp._producer_pool, app._backend_cache, local = saved_pools
        app._local.__dict__.clear()
        app._local.__dict__.update(local)
        forget_outages()
