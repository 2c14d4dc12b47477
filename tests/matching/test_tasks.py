"""The matching task: takes a run id, computes it once, survives a broker that is down; and a
real Celery worker on Redis computes a run started by the page's service."""

import pytest
from django.db import transaction

from matching.models import MatchingRun, ProposedPair, RunStatus
from matching.services import run_start
from matching.tasks import run_matching
from mentorat.celery import app
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db


def test_the_task_computes_the_run_it_is_given(personas):
    run = run_start(programme=personas.programme, by=None)  # not committed: not enqueued yet
    assert run_matching.delay(run.pk).get() == RunStatus.DONE
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert ProposedPair.objects.filter(run=run).count() == 1


def test_the_task_leaves_a_computed_run_alone(personas):
    run = run_start(programme=personas.programme, by=None)
    run_matching(run.pk)
    # Delivered again (acks_late after a lost worker): nothing is stored twice.
    assert run_matching(run.pk) == RunStatus.DONE
    assert ProposedPair.objects.filter(run=run).count() == 1


def test_the_task_of_a_deleted_run_does_nothing():
    assert run_matching(123456) == "missing"


def test_the_task_acknowledges_late_so_a_lost_worker_does_not_lose_the_run():
    assert run_matching.acks_late is True


def test_a_run_started_while_the_broker_is_down_is_computed_inline(
    personas, django_capture_on_commit_callbacks
):
    saved = (app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool)
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run = run_start(programme=personas.programme, by=None)
    finally:
        # Not closed: kombu shares one pool per broker address with every later user of it.
        app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_computes_the_run_once_it_is_committed(
    personas,
    worker,
    published_for_real,
):
    with transaction.atomic():
        run = run_start(programme=personas.programme, by=personas.coordinator)
    run = wait_until(
        lambda: MatchingRun.objects.filter(
            pk=run.pk, status__in=(RunStatus.DONE, RunStatus.FAILED)
        ).first(),
        what="the run computed",
        diagnostic=worker.log,
    )
    assert run.status == RunStatus.DONE, f"the run failed; worker log:\n{worker.log()}"
    worker.wait_for_log("matching.tasks.run_matching", "succeeded")
    assert run.progress == 100
    assert ProposedPair.objects.filter(run=run).count() == 1
    assert MatchingRun.objects.count() == 1
