"""Two sweeps at the same moment on PostgreSQL, each in its own thread with its own connection,
send each reminder once; and a real Celery worker on Redis runs the beat's task and sends the
e-mails. Eager mode and one connection would hide both races."""

import dataclasses
import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection

from followup import reminder_kinds, reminders
from followup.models import Reminder
from followup.reminders import SweepResult, reminders_sweep
from followup.tasks import send_reminders
from mentorat.core.models import EmailStatus, SentEmail
from tests.waiting import wait_until

from .reminders_helpers import a_day_of_every_kind

DAY = date(2026, 10, 5)
EXPECTED = 8 * 3  # a_day_of_every_kind: 8 reminders a copy


def _sweep_in_threads(count: int) -> list[SweepResult]:
    """``count`` sweeps started together behind a barrier, each thread on its own connection."""
    start = threading.Barrier(count)
    results: list[SweepResult] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            start.wait(timeout=30)
            results.append(reminders_sweep(today=DAY))
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=sweep) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(results) == count
    return results


def _assert_each_reminder_sent_once(results: list[SweepResult]) -> None:
    assert sum(r.sent for r in results) == EXPECTED
    assert sum(r.sent + r.skipped for r in results) == EXPECTED * len(results)
    assert Reminder.objects.count() == EXPECTED
    assert SentEmail.objects.filter(key__startswith="reminder:").count() == EXPECTED
    keys = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(keys) == EXPECTED == len(set(keys))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_started_at_the_same_moment_send_each_reminder_once():
    a_day_of_every_kind(DAY, copies=3)
    _assert_each_reminder_sent_once(_sweep_in_threads(2))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_that_both_find_nothing_sent_yet_still_send_each_reminder_once(monkeypatch):
    """The worst moment: both sweeps have read the day's reminders and found none recorded
    before either inserts. The second waits on the first's rows (the unique index), inserts
    nothing, and sends nothing."""
    a_day_of_every_kind(DAY, copies=3)
    together = threading.Barrier(2)

    def in_step(due):
        def due_together(today):
            found = list(due(today))
            together.wait(timeout=30)
            return found

        return due_together

    kinds = {
        code: dataclasses.replace(kind, due=in_step(kind.due))
        for code, kind in reminders._KINDS.items()
    }
    monkeypatch.setattr(reminders, "_KINDS", kinds)
    monkeypatch.setattr(reminders, "_sent_before", lambda kind, dues: set())
    results = _sweep_in_threads(2)
    _assert_each_reminder_sent_once(results)
    # Each kind was won by one sweep or shared between them, never sent by both (the
    # follow-up's kinds: the evaluation's have nothing due here).
    for code in (kind.code for kind in reminder_kinds.KINDS):
        assert sum(r.by_kind[code]["sent"] for r in results) == EXPECTED // 4


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_beats_sweep_and_sends_the_e_mails(worker, published_for_real):
    a_day_of_every_kind(DAY)
    send_reminders.delay(DAY.isoformat())
    wait_until(
        lambda: SentEmail.objects.filter(status=EmailStatus.SENT).count() == 8,
        what="the 8 reminders sent by the worker",
        diagnostic=worker.log,
    )
    worker.wait_for_log("followup.tasks.send_reminders", "succeeded")
    assert Reminder.objects.count() == 8
    subjects = set(SentEmail.objects.values_list("subject", flat=True))
    assert any(s.startswith("[Mentorat] Rappel : la charte de votre binôme") for s in subjects)
    text = "".join(p.read_text() for p in (worker / "mail").glob("*.log"))
    assert text.count("Bonjour ") >= 8
    # Run again by the beat the same day: nothing more.
    send_reminders.delay(DAY.isoformat())
    worker.wait_for_log("followup.tasks.send_reminders", "{'sent': 0, 'skipped': 8}")
    assert SentEmail.objects.count() == 8
