"""A report built by a real Celery worker on Redis and PostgreSQL: asked for from the page, built
by the worker into files of its storage, shown ready by the status JSON and downloadable; and
asked for while Redis is down, kept waiting, then built once Redis is back by the beat's sweep."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Report, ReportStatus
from evaluation.services.reports import reports_sweep
from tests.unreachable import redis_unreachable
from tests.waiting import wait_until

from .reports_helpers import evaluated

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _url(name: str, **kwargs) -> str:
    return reverse(f"evaluation:{name}", kwargs={"slug": "programme-test", **kwargs})


def _done(report: Report) -> bool:
    report.refresh_from_db()
    return report.status in (ReportStatus.DONE, ReportStatus.FAILED)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_asked_for_from_the_page_and_it_downloads(
    client, personas, worker, published_for_real, settings
):
    settings.MEDIA_ROOT = worker / "media"  # the worker's storage, read by this process
    evaluated(personas.programme)
    client.force_login(personas.coordinator)
    response = client.post(_url("report_build"))
    report = Report.objects.get()
    assert response["Location"] == _url("report_progress", report_id=report.pk)
    wait_until(lambda: _done(report), timeout=300, what="the report built", diagnostic=worker.log)
    assert report.status == ReportStatus.DONE, report.error
    assert report.pages > 1
    assert (worker / "media" / report.pdf.name).read_bytes().startswith(b"%PDF")
    status = client.get(_url("report_status", report_id=report.pk)).json()
    assert (status["done"], status["progress"]) == (True, 100)
    download = client.get(_url("report_pdf", report_id=report.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    worker.wait_for_log("evaluation.tasks.build_report", "succeeded")


@pytest.mark.django_db(transaction=True)
def test_a_report_asked_for_while_redis_is_down_is_built_by_the_worker_once_it_is_back(
    client, personas, worker, published_for_real
):
    client.force_login(personas.coordinator)
    with redis_unreachable():
        response = client.post(_url("report_build"))
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
    report = Report.objects.get()
    assert report.status == ReportStatus.PENDING
    # A minute later, Redis back: the beat's sweep hands it to the worker, which builds it once.
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert reports_sweep() == {"lost": 0, "enqueued": 1}
    wait_until(lambda: _done(report), timeout=300, what="the report built", diagnostic=worker.log)
    assert report.status == ReportStatus.DONE, report.error
    assert Report.objects.count() == 1
