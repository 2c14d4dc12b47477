"""Shared fixtures: the personas every view is tested against, and the service switches.

Tests that need PostgreSQL, Redis or a Celery worker carry the marker ``postgres`` or ``redis``.
Without the service they are skipped with the reason shown by ``-ra``; with ``CI=true`` a
missing service is a failure, never a silent skip.
"""

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection

from mentorat.celery import app
from programmes.models import Role

from .factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
)
from .waiting import wait_until

IN_CI = os.getenv("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parents[1]


def _service_missing(marker: str) -> str | None:
    if marker == "postgres":
        if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if marker == "redis" and not os.getenv("REDIS_URL"):
        return "needs Redis: set REDIS_URL=redis://…"
    return None


def pytest_collection_modifyitems(items):
    # A module-level pytestmark in tests/browser/conftest.py marks nothing: mark them here, so
    # that ``-m browser`` (bench/repeat_real_services.sh) selects every browser test.
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis"):
        if item.get_closest_marker(marker) and (reason := _service_missing(marker)):
            if IN_CI:
                pytest.fail(f"CI=true and the test {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_and_inline(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # allauth keeps its rate-limit counters in the cache: each test starts with none.
    cache.clear()
    # Tasks run inline in tests unless a test asks for the real broker (published_for_real).
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@dataclass
class Personas:
    """One programme, a person in each role, and an outsider (healthchecks' alice, bob...)."""

    programme: object
    staff: object
    coordinator: object
    referent: object
    mentor: object
    mentee: object
    outsider: object
    organisation: object
    other_organisation: object


@pytest.fixture
def personas(db) -> Personas:
    programme = ProgrammeFactory(name="Programme de test", slug="programme-test")
    organisation = OrganisationFactory(name="Fromagerie Test", departement="25")
    other = OrganisationFactory(name="Transports Test", departement="21")
    staff = UserFactory(email="staff@exemple.fr", is_staff=True)
    coordinator = UserFactory(email="coordination@exemple.fr")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    referent = UserFactory(email="referent@exemple.fr")
    MembershipFactory(
        programme=programme, user=referent, role=Role.REFERENT, organisation=organisation
    )
    mentor = UserFactory(email="mentor@exemple.fr")
    accepted_participant(programme, Role.MENTOR, other, user=mentor, departement="25")
    mentee = UserFactory(email="mentee@exemple.fr")
    accepted_participant(programme, Role.MENTEE, organisation, user=mentee)
    outsider = UserFactory(email="outsider@exemple.fr")
    return Personas(
        programme=programme,
        staff=staff,
        coordinator=coordinator,
        referent=referent,
        mentor=mentor,
        mentee=mentee,
        outsider=outsider,
        organisation=organisation,
        other_organisation=other,
    )


# --- A real Celery worker (tests marked postgres and redis) ----------------------------------


def _test_database_url() -> str:
    db = connection.settings_dict  # during the tests: the test database, test_<name>
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


class Worker:
    """A ``celery worker`` process started by the ``worker`` fixture, and what it wrote."""

    def __init__(self, path: Path, process: subprocess.Popen):
        self.path = path
        self.process = process

    def __truediv__(self, name: str) -> Path:  # worker / "mail": the worker's var directory
        return self.path / name

    def log(self) -> str:
        return (self.path / "worker.log").read_text()

    def wait_for_log(self, *fragments: str, timeout: float = 60) -> str:
        """Wait until one line of the log holds every fragment (e.g. a task name and
        "succeeded"): the worker logs after it writes to the database, never before."""

        def probe() -> str | None:
            return next(
                (line for line in self.log().splitlines() if all(f in line for f in fragments)),
                None,
            )

        return wait_until(
            probe, timeout=timeout, what=f"a worker log line with {fragments}", diagnostic=self.log
        )

    def wait_ready(self, timeout: float = 60) -> None:
        wait_until(
            lambda: "ready." in self.log() or self.process.poll() is not None,
            timeout=timeout,
            what="the worker to be ready",
            diagnostic=self.log,
        )
        if self.process.poll() is not None:
            raise AssertionError(f"the worker exited with {self.process.returncode}:\n{self.log()}")


@pytest.fixture
def worker(tmp_path) -> Worker:
    """``celery worker`` in its own process, on the test's database and Redis, ready to work."""
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "MENTORAT_VAR_DIR": str(tmp_path),
        "DB_CONN_MAX_AGE": "0",
        # Log lines reach the file as they are written, so that waiting on them is reliable.
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("EMAIL_HOST", None)
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentorat", "worker", "-P", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    running = Worker(tmp_path, process)
    try:
        running.wait_ready()
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


@pytest.fixture
def published_for_real(settings):
    """Publish to the real broker instead of running the task inline (tests/conftest.py)."""
    saved = (app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool)
    app.conf.broker_url = os.environ["REDIS_URL"]
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    yield
    # Not closed: kombu shares one pool per broker address with every later user of it.
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved
