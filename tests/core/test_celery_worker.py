"""A real Celery worker on Redis sends the e-mail: no eager mode, which hides on-commit timing
and serialisation bugs. Needs PostgreSQL (the worker, another process, reads the test database)
and Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from mentorat.celery import app
from mentorat.core.emails import email_enqueue
from mentorat.core.models import EmailStatus, SentEmail

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _test_database_url() -> str:
    db = connection.settings_dict  # during the tests: the test database, test_<name>
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(tmp_path):
    """``celery worker`` in its own process, on the test's database and Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "MENTORAT_VAR_DIR": str(tmp_path),
        "DB_CONN_MAX_AGE": "0",
    }
    env.pop("EMAIL_HOST", None)
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentorat", "worker", "-P", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield tmp_path
    finally:
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


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_email_once_the_transaction_has_committed(
    worker, published_for_real
):
    email = email_enqueue(
        key="welcome:worker",
        to="claire@exemple.fr",
        template="welcome",
        context={"first_name": "Claire"},
        language="fr",
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == EmailStatus.SENT:
            break
        time.sleep(0.3)
    log = (worker / "worker.log").read_text()
    assert email.status == EmailStatus.SENT, f"not sent within 60 s; worker log:\n{log}"
    assert email.attempts == 1
    assert "mentorat.core.tasks.send_email" in log and "succeeded" in log

    messages = list((worker / "mail").glob("*.log"))
    assert len(messages) == 1
    text = messages[0].read_text()
    assert "To: claire@exemple.fr" in text
    assert "Subject: =?utf-8?q?" in text or "Subject: [Mentorat] Votre compte" in text
    assert "Bonjour Claire," in text
    assert SentEmail.objects.get(pk=email.pk).subject == "[Mentorat] Votre compte Mentorat est prêt"
