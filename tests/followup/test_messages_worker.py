"""A message to a segment sent by real Celery workers on Redis and PostgreSQL: the first worker is
killed (SIGKILL) in the middle of the send, a new worker starts, the beat's sweep hands the
message over again, and every recipient has the message exactly once."""

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection, connections
from redis import Redis

from followup.models import Message, MessageRecipient, MessageStatus
from followup.services.messages import message_send, messages_sweep
from mentorat.core.emails import pending_email_ids
from mentorat.core.models import EmailStatus, SentEmail
from mentorat.core.tasks import send_email
from programmes.models import Role
from tests.conftest import ROOT, Worker, _test_database_url
from tests.factories import accepted_participant
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

PEOPLE = 30
BATCH = 5
# The recipient whose row the test holds: the worker blocks on it in its fifth batch, after
# having sent to the first twenty people.
HELD = 23


def _start_worker(path) -> Worker:
    """A ``celery worker`` of its own, as the ``worker`` fixture starts one (tests/conftest.py),
    in ``path``: two of them in one test, one after the other."""
    path.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "MENTORAT_VAR_DIR": str(path),
        "DB_CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
        "MESSAGE_BATCH_SIZE": str(BATCH),
    }
    env.pop("EMAIL_HOST", None)
    log = open(path / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentorat", "worker", "-P", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = Worker(path, process)
    worker.log_file = log
    worker.wait_ready()
    return worker


def _stop(worker: Worker) -> None:
    if worker.process.poll() is None:
        worker.process.send_signal(signal.SIGTERM)
        try:
            worker.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()
    worker.log_file.close()


def _forget_unacknowledged(message_id: int, email_ids: set[int]) -> None:
    """Drop the killed worker's unacknowledged tasks of this test from Redis, which would
    otherwise be redelivered after the visibility timeout to a worker of a later test session."""
    ours = {("followup.tasks.send_message", f"({message_id},)")} | {
        (send_email.name, f"({pk},)") for pk in email_ids
    }
    redis = Redis.from_url(os.environ["REDIS_URL"])
    for tag, value in redis.hgetall("unacked").items():
        headers = json.loads(value)[0].get("headers", {})
        if (headers.get("task"), headers.get("argsrepr")) in ours:
            redis.hdel("unacked", tag)
            redis.zrem("unacked_index", tag)


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_send_then_a_new_one_sends_to_each_person_once(
    personas, tmp_path, published_for_real, settings
):
    programme = personas.programme
    for _ in range(PEOPLE - 1):
        accepted_participant(programme, Role.MENTOR)
    # Handed to the broker as the page does; no worker is running yet.
    message = message_send(
        programme=programme,
        by=personas.coordinator,
        segment="mentors",
        subject="Réunion de lancement",
        body="Rendez-vous jeudi.",
    )
    assert message.recipient_count == PEOPLE
    held = MessageRecipient.objects.filter(message=message).order_by("pk")[HELD - 1]

    # Hold one recipient's row from another connection: the worker sends to the people before
    # it, then waits on it in the middle of a batch, so that the kill below always lands in
    # the middle of the send, whatever the speed of the machine.
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {MessageRecipient._meta.db_table} WHERE id = %s FOR UPDATE",
            [held.pk],
        )
    first = _start_worker(tmp_path / "first")
    try:
        wait_until(
            lambda: (
                MessageRecipient.objects.filter(message=message, sent_at__isnull=False).count()
                == (HELD - 1) // BATCH * BATCH
            ),
            what="the first batches sent",
            diagnostic=first.log,
        )
        wait_until(
            _waiting_on_a_lock, what="the worker waiting on the held row", diagnostic=first.log
        )
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)
    finally:
        holder.rollback()
        holder.close()
        _stop(first)
    emails = SentEmail.objects.filter(key__startswith=f"message:{message.pk}:")
    _forget_unacknowledged(message.pk, set(emails.values_list("pk", flat=True)))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING
    sent_before = MessageRecipient.objects.filter(message=message, sent_at__isnull=False).count()
    assert sent_before == 20
    assert emails.count() == 20  # the killed batch left nobody half-sent

    second = _start_worker(tmp_path / "second")
    try:
        # The beat: the message's worker went through no batch for MESSAGE_LOST_AFTER.
        settings.MESSAGE_LOST_AFTER = 1
        wait_until(lambda: messages_sweep()["enqueued"], what="the sweep to hand it over again")
        wait_until(
            lambda: Message.objects.filter(pk=message.pk, status=MessageStatus.DONE).exists(),
            what="the message sent",
            diagnostic=second.log,
        )

        # The e-mails recorded by the killed worker whose publication was lost with it are the
        # e-mail beat's (send_pending_emails), here without its two minutes of patience.
        for pk in pending_email_ids(older_than=timedelta(0)):
            send_email.delay(pk)
        wait_until(
            lambda: not emails.exclude(status=EmailStatus.SENT).exists(),
            what="every e-mail sent",
            diagnostic=second.log,
        )
    finally:
        _stop(second)

    recipients = set(
        MessageRecipient.objects.filter(message=message).values_list("user__email", flat=True)
    )
    assert len(recipients) == PEOPLE
    assert not MessageRecipient.objects.filter(message=message, sent_at__isnull=True).exists()
    # Exactly one e-mail per person, and one file per person out of both workers' mailboxes.
    assert sorted(emails.values_list("to", flat=True)) == sorted(recipients)
    files = [
        *(tmp_path / "first" / "mail").glob("*.log"),
        *(tmp_path / "second" / "mail").glob("*.log"),
    ]
    delivered = [
        line.removeprefix("To: ")
        for f in files
        for line in f.read_text().splitlines()
        if line.startswith("To: ")
    ]
    assert sorted(delivered) == sorted(recipients)
