"""The matching task: takes a run id, computes it once, survives a broker that is down (the run
waits and the beat hands it over once the broker is back) and a worker that is lost (its
heartbeat stops, the beat fails it in French, a new run may start); and a real Celery worker on
Redis computes a run started by the page's service, or is killed in the middle of one."""

import json
import os
import signal
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from redis import Redis

from matching.models import MatchingRun, ProposedPair, RunStatus
from matching.services import run_enqueue, run_start, runs_sweep
from matching.tasks import run_matching, sweep_runs
from programmes.models import Application
from tests.unreachable import redis_unreachable
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db

LOST = (
    "Le calcul s’est interrompu (le service de calcul a été arrêté). Vous pouvez relancer "
    "l’appariement."
)


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


def test_a_run_started_while_the_broker_is_down_waits_and_is_computed_once_it_is_back(
    personas, django_capture_on_commit_callbacks
):
    with redis_unreachable():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            run = run_start(programme=personas.programme, by=None)
        assert time.monotonic() - started < 2
        # Not computed inline (3,000 participants would hold the request for seconds), and
        # another click neither starts a second run nor fails: the first one is still coming.
        with pytest.raises(ValidationError, match="déjà en cours de calcul"):
            run_start(programme=personas.programme, by=None)
        assert runs_sweep() == {"lost": 0, "enqueued": 0}  # too recent, and still no broker
    run.refresh_from_db()
    assert (run.status, run.heartbeat_at) == (RunStatus.PENDING, None)
    # The broker is back (tasks inline again): the beat's next pass hands the run over.
    MatchingRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert runs_sweep() == {"lost": 0, "enqueued": 1}
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert ProposedPair.objects.filter(run=run).count() == 1
    assert MatchingRun.objects.count() == 1


def test_a_run_handed_over_twice_is_computed_once(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = run_start(programme=personas.programme, by=None)
    assert run_enqueue(run_id=run.pk) is True  # the beat's second hand-over, say
    assert ProposedPair.objects.filter(run=run).count() == 1


def test_a_run_whose_worker_went_silent_is_failed_in_french_and_no_longer_blocks(
    client, personas, settings
):
    run = run_start(programme=personas.programme, by=None)
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        progress=40,
        heartbeat_at=timezone.now() - timedelta(seconds=settings.MATCHING_RUN_LOST_AFTER + 1),
    )
    # A new run is accepted at once, and the lost one is failed on the way.
    again = run_start(programme=personas.programme, by=None)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert again.status == RunStatus.PENDING
    client.force_login(personas.coordinator)
    page = client.get(
        reverse("matching:run_progress", kwargs={"slug": personas.programme.slug, "run_id": run.pk})
    ).content.decode()
    assert LOST in page


def test_a_run_whose_worker_still_beats_keeps_others_waiting(personas):
    run = run_start(programme=personas.programme, by=None)
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=timezone.now()
    )
    assert runs_sweep() == {"lost": 0, "enqueued": 0}
    with pytest.raises(ValidationError, match="déjà en cours de calcul"):
        run_start(programme=personas.programme, by=None)


def test_the_sweep_runs_from_the_beat_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-matching-runs"]
    assert entry["task"] == sweep_runs.name
    assert entry["schedule"] <= 60


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


def _forget_unacknowledged(run_id: int) -> None:
    """Drop the killed worker's unacknowledged message of this run from Redis, which would
    otherwise be redelivered after the visibility timeout to a worker of a later test session,
    whose database may hold another run with this id."""
    redis = Redis.from_url(os.environ["REDIS_URL"])
    for tag, value in redis.hgetall("unacked").items():
        headers = json.loads(value)[0].get("headers", {})
        if headers.get("task") == run_matching.name and headers.get("argsrepr") == f"({run_id},)":
            redis.hdel("unacked", tag)
            redis.zrem("unacked_index", tag)


@pytest.fixture
def fast_heartbeat(monkeypatch):
    """The worker started after this fixture writes its heartbeat every second."""
    monkeypatch.setenv("MATCHING_HEARTBEAT_SECONDS", "1")


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_is_killed_is_failed_in_french_and_a_new_run_can_start(
    personas, fast_heartbeat, worker, published_for_real, settings
):
    # Hold the participants' table from another connection: the worker claims the run, starts
    # its heartbeat, then waits on the table while it computes, so that the kill below always
    # lands in the middle of the computation, whatever the speed of the machine.
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Application._meta.db_table} IN ACCESS EXCLUSIVE MODE")
    try:
        run = run_start(programme=personas.programme, by=personas.coordinator)
        claimed = wait_until(
            lambda: MatchingRun.objects.filter(
                pk=run.pk, status=RunStatus.RUNNING, heartbeat_at__isnull=False
            ).first(),
            what="the run computing, with a heartbeat",
            diagnostic=worker.log,
        )
        # A worker that is alive keeps beating, however long it computes (or waits).
        wait_until(
            lambda: MatchingRun.objects.filter(
                pk=run.pk, heartbeat_at__gt=claimed.heartbeat_at
            ).exists(),
            what="the heartbeat to move on while the worker computes",
            diagnostic=worker.log,
        )
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=10)
    finally:
        holder.rollback()
        holder.close()
    _forget_unacknowledged(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # nobody computes it any more: only the beat can tell

    settings.MATCHING_RUN_LOST_AFTER = 1  # seconds without a heartbeat, instead of minutes
    wait_until(lambda: sweep_runs()["lost"], what="the sweep to find the run lost", timeout=30)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert [issue["code"] for issue in run.issues] == ["worker_lost"]
    client = Client()
    client.force_login(personas.coordinator)
    page = client.get(
        reverse("matching:run_progress", kwargs={"slug": personas.programme.slug, "run_id": run.pk})
    ).content.decode()
    assert LOST in page
    # A new run is accepted at once (not handed over: no worker is left to take it).
    again = run_start(programme=personas.programme, by=personas.coordinator, enqueue=False)
    assert again.status == RunStatus.PENDING
