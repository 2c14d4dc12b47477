"""The Redis cache degrades to local memory while Redis is away, logs the outage once when it
starts and once when it ends, and serves from Redis again once it is back."""

import logging
import subprocess
import time

import pytest
from django.core.cache import cache
from redis import Redis, RedisError

from mentorat.core.cache import FallbackRedisCache, forget_outages
from tests.unreachable import CLOSED, cache_settings, redis_unreachable
from tests.waiting import wait_until

OWN_PORT = 6398  # a Redis of this test's own, stopped and started again


def _cache(location: str, **extra) -> FallbackRedisCache:
    params = {**cache_settings(location)["default"], **extra}
    return FallbackRedisCache(params.pop("LOCATION"), params)


@pytest.fixture(autouse=True)
def _no_outage_seen():
    forget_outages()
    yield
    forget_outages()


def _outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "mentorat.core.cache"]


def test_with_redis_unreachable_the_cache_keeps_working_in_memory():
    with redis_unreachable():
        started = time.monotonic()
        cache.set("visits", 1)
        assert cache.get("visits") == 1
        assert cache.incr("visits") == 2
        assert cache.add("visits", 10) is False
        assert cache.get_many(["visits", "other"]) == {"visits": 2}
        cache.delete("visits")
        assert cache.get("visits", "gone") == "gone"
        assert time.monotonic() - started < 1


def test_an_outage_is_logged_once_however_many_requests_meet_it(caplog):
    caplog.set_level(logging.WARNING, logger="mentorat.core.cache")
    away = _cache(CLOSED, RETRY_AFTER=0)  # Redis tried again on every call: still logged once
    for i in range(50):
        away.set(f"key-{i}", i)
        assert away.get(f"key-{i}") == i
    lines = _outage_lines(caplog)
    assert len(lines) == 1
    assert "unreachable" in lines[0]


def test_every_cache_object_of_the_process_shares_the_outage(caplog):
    # Django builds one cache object per thread: the outage is still logged once per process.
    caplog.set_level(logging.WARNING, logger="mentorat.core.cache")
    first, second = _cache(CLOSED), _cache(CLOSED)
    first.set("a", 1)
    second.set("b", 2)
    assert second.get("a") == 1  # the fallback's memory is shared too
    assert len(_outage_lines(caplog)) == 1


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of our own on OWN_PORT, that the test may stop and start again."""

    class OwnRedis:
        process = None

        def start(self):
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(OWN_PORT), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            wait_until(self.answers, what="our Redis to answer")

        def answers(self) -> bool:
            assert self.process.poll() is None, f"redis-server exited (port {OWN_PORT} taken?)"
            try:
                return Redis(port=OWN_PORT, socket_connect_timeout=1).ping()
            except RedisError:
                return False

        def stop(self):
            self.process.terminate()
            self.process.wait(timeout=10)

    redis = OwnRedis()
    try:
        redis.start()
        yield redis
    finally:
        if redis.process.poll() is None:
            redis.stop()


@pytest.mark.redis
def test_the_end_of_an_outage_is_logged_once_and_redis_serves_again(caplog, own_redis):
    caplog.set_level(logging.WARNING, logger="mentorat.core.cache")
    shared = _cache(f"redis://127.0.0.1:{OWN_PORT}/0", RETRY_AFTER=0)
    shared.set("before", "in redis")
    own_redis.stop()
    for _ in range(10):
        shared.set("during", "in memory")
        assert shared.get("during") == "in memory"
    assert len(_outage_lines(caplog)) == 1
    own_redis.start()
    for _ in range(10):
        shared.set("after", "in redis again")
    lines = _outage_lines(caplog)
    assert len(lines) == 2
    assert "answers again" in lines[1]
    # Redis itself holds it, not the process' memory: another process would see it.
    assert Redis(port=OWN_PORT).exists(shared.make_key("after"))
