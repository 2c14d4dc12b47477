"""Building a kept report (evaluation.services.reports): asked for, handed to a worker after the
commit, built through its steps into a PDF and a CSV stored by Django's storage API with the
figures of the day kept on the report; built once whatever happens (a task delivered twice, the
sweep); failed in French with no file left; and with Redis gone, no error page and nothing lost."""

import subprocess
import time
from datetime import timedelta

import pytest
from django.core.files.storage import InMemoryStorage
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Report, ReportStatus
from evaluation.services.reports import (
    report_enqueue,
    report_request,
    reports_sweep,
)
from evaluation.tasks import build_report, sweep_reports
from tests.factories import ProgrammeFactory
from tests.unreachable import redis_unreachable

from .report_files_helpers import files_in_memory, stored_report
from .reports_helpers import evaluated

pytestmark = pytest.mark.django_db

SMALL = "Santé, social"  # "… et économie solidaire", wrapped in its cell


@pytest.fixture(autouse=True)
def _files(settings):
    files_in_memory(settings)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _built(personas, django_capture_on_commit_callbacks) -> Report:
    with django_capture_on_commit_callbacks(execute=True):  # inline: the task runs here
        report = report_request(programme=personas.programme, by=personas.coordinator)
    report.refresh_from_db()
    return report


def test_a_report_is_built_into_a_stored_french_pdf_and_a_csv_with_no_figure_under_k(
    personas, django_capture_on_commit_callbacks, tmp_path
):
    evaluated(personas.programme, small_group=2)
    report = _built(personas, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE
    assert (report.progress, report.step, report.error) == (100, "Enregistré", "")
    assert report.finished_at is not None
    assert report.pdf.name.startswith("reports/programme-test/rapport-programme-test-")
    pdf = report.pdf.read()
    assert pdf.startswith(b"%PDF")
    assert report.pages > 1
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = next(line for line in info.decode().splitlines() if line.startswith("Pages:"))
    assert int(pages.split()[1]) == report.pages
    csv = report.csv.read().decode("utf-8")
    assert csv.startswith(
        "\ufeffquestionnaire;question;ventilation;groupe;statistique;valeur;n;masque"
    )
    # The figures as published that day, kept to compare two dates (the drawings left out).
    assert report.data["programme_name"] == "Programme de test"
    assert report.data["key_figures"]
    assert all(chart["svg"] == "" for s in report.data["sections"] for chart in s["charts"])
    # The PDF is French, numbered, and shows no figure of the group under k.
    text = pdf_text(pdf, tmp_path)
    assert "Programme de test" in text
    assert "Page 2 sur" in text
    assert "Méthodologie" in text
    # The two answers of the small sector group appear nowhere: its rows read "< 5".
    rows = [line for line in text.splitlines() if SMALL in line]
    assert rows
    for line in rows:
        cells = line.split(SMALL, 1)[1].split()
        numbers = [c for c in cells if c.strip("%").replace(",", "").isdigit()]
        assert not numbers, line
    assert "< 5" in text


def test_a_report_already_built_is_not_built_again(personas, django_capture_on_commit_callbacks):
    evaluated(personas.programme)
    report = _built(personas, django_capture_on_commit_callbacks)
    name, finished = report.pdf.name, report.finished_at
    # Delivered again (acks_late after a lost worker), or handed over again by the sweep.
    assert build_report(report.pk) == ReportStatus.DONE
    assert report_enqueue(report_id=report.pk) is True
    report.refresh_from_db()
    assert (report.pdf.name, report.finished_at) == (name, finished)


def test_the_task_of_a_deleted_report_does_nothing():
    assert build_report(123456) == "missing"


def test_the_task_acknowledges_late_so_a_lost_worker_does_not_lose_the_report():
    assert build_report.acks_late is True


class CsvRefused(InMemoryStorage):
    """A storage that stores the PDF and then fails on the CSV (a full disk, say)."""

    def _save(self, name, content):
        if name.endswith(".csv"):
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


def test_a_failure_leaves_the_report_failed_in_french_with_no_file(
    personas, django_capture_on_commit_callbacks, settings
):
    evaluated(personas.programme)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.CsvRefused"},
    }
    report = _built(personas, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("Le rapport n’a pas pu être construit.")
    assert (report.pdf.name, report.csv.name) == ("", "")
    from django.core.files.storage import default_storage

    # The PDF saved before the CSV failed was removed: no half-stored report.
    assert default_storage.listdir("reports/programme-test") == ([], [])


def test_a_failed_report_page_says_so_to_the_coordinator(
    client, personas, django_capture_on_commit_callbacks, settings
):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.CsvRefused"}}
    report = _built(personas, django_capture_on_commit_callbacks)
    client.force_login(personas.coordinator)
    url = reverse(
        "evaluation:report_progress", kwargs={"slug": "programme-test", "report_id": report.pk}
    )
    assert "Le rapport n’a pas pu être construit" in client.get(url).content.decode()


def test_a_report_of_a_programme_without_answers_is_built_all_the_same(
    personas, django_capture_on_commit_callbacks
):
    report = _built(personas, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE
    assert report.pages >= 2


def test_a_report_being_built_for_too_long_lost_its_worker_and_is_failed(personas):
    report = stored_report(personas.programme, status=ReportStatus.BUILDING)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    recent = stored_report(personas.programme, status=ReportStatus.BUILDING)
    assert sweep_reports() == {"lost": 1, "enqueued": 0}
    report.refresh_from_db()
    recent.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "La construction du rapport a été interrompue. Demandez-le à nouveau."
    assert recent.status == ReportStatus.BUILDING


def test_a_report_asked_for_while_redis_is_down_waits_and_is_built_once_it_is_back(
    client, personas, django_capture_on_commit_callbacks
):
    evaluated(personas.programme)
    client.force_login(personas.coordinator)
    url = reverse("evaluation:report_build", kwargs={"slug": "programme-test"})
    with redis_unreachable():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert time.monotonic() - started < 5
        assert response.status_code == 302  # no error page
        report = Report.objects.get()
        progress = client.get(response["Location"])
        assert progress.status_code == 200
        assert "le rapport attend et sera construit dès son retour" in progress.content.decode()
        # Still down a minute later: the page and the beat try again, and fail quietly.
        Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(minutes=2))
        assert client.get(response["Location"]).status_code == 200
        assert reports_sweep() == {"lost": 0, "enqueued": 0}
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING
    # Redis is back (tasks inline again): the beat's next pass has it built, once.
    assert reports_sweep() == {"lost": 0, "enqueued": 1}
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert reports_sweep() == {"lost": 0, "enqueued": 0}
    assert Report.objects.count() == 1


def test_the_progress_page_hands_over_a_report_waiting_for_more_than_a_minute(client, personas):
    report = stored_report(personas.programme, status=ReportStatus.PENDING)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    client.force_login(personas.staff)
    url = reverse(
        "evaluation:report_status", kwargs={"slug": "programme-test", "report_id": report.pk}
    )
    assert client.get(url).json()["done"] is True  # built inline on the way
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_a_recent_pending_report_is_left_to_its_first_hand_over(client, personas):
    report = stored_report(personas.programme, status=ReportStatus.PENDING)
    assert reports_sweep() == {"lost": 0, "enqueued": 0}
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING


def test_a_report_waiting_for_a_day_is_given_up(personas):
    report = stored_report(personas.programme, status=ReportStatus.PENDING)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert reports_sweep()["lost"] == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED


def test_a_report_is_built_for_its_requester_or_else_the_coordination(
    personas, django_capture_on_commit_callbacks
):
    # Asked for by nobody (its requester removed): built as the coordination sees it.
    programme = ProgrammeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(programme=programme, by=None)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE  # the staff persona reads it


def test_the_beat_hands_pending_reports_over_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-sweep-reports"]
    assert (entry["task"], entry["schedule"]) == ("evaluation.tasks.sweep_reports", 60.0)
