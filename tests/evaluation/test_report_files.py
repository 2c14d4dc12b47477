"""The kept reports' pages: the list (dated, status, pages, sizes in French), asking for a new one,
its progress (the bar, its JSON, the refresh link), downloading the PDF and the CSV under a French
name, comparing two reports; staff and coordinators only (referents, mentors and mentees 403,
outsiders 404)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Report, ReportStatus
from tests.factories import ProgrammeFactory

from .report_files_helpers import CSV, PDF, files_in_memory, stored_report

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _files(settings):
    files_in_memory(settings)


def _url(name: str, programme, **kwargs) -> str:
    return reverse(f"evaluation:{name}", kwargs={"slug": programme.slug, **kwargs})


def _as(client, user):
    client.force_login(user)
    return client


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_each_kept_report_dated_with_its_status_pages_and_sizes(client, personas):
    programme = personas.programme
    stored_report(
        programme,
        by=personas.coordinator,
        created_at=datetime(2026, 11, 2, 9, 5, tzinfo=PARIS),
        pdf=b"%PDF" + b"x" * 2044,
    )
    stored_report(programme, status=ReportStatus.FAILED)
    page = _as(client, personas.coordinator).get(_url("report_files", programme))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rapports au comité de pilotage" in html
    assert "2 novembre 2026 à 9 h 05" in html
    assert "Prêt" in html and "Échec" in html
    assert "2,0\xa0Kio" in html  # 2,048 bytes, in French
    assert ">12<" in html
    assert personas.coordinator.display_name in html
    assert "Construire un nouveau rapport" in html


def test_the_list_says_when_no_report_was_built(client, personas):
    html = _as(client, personas.staff).get(_url("report_files", personas.programme)).content
    assert "Aucun rapport n’a encore été construit." in html.decode()


def test_the_list_shows_only_the_programmes_own_reports(client, personas):
    other = ProgrammeFactory()
    theirs = stored_report(other)
    html = _as(client, personas.staff).get(_url("report_files", personas.programme)).content
    assert _url("report_pdf", other, report_id=theirs.pk) not in html.decode()
    assert f"/rapports/{theirs.pk}/" not in html.decode()


def test_the_list_takes_the_same_queries_whatever_the_number_of_reports(client, personas):
    client = _as(client, personas.coordinator)
    url = _url("report_files", personas.programme)
    counts = []
    for size in (2, 12):
        while Report.objects.count() < size:
            stored_report(personas.programme, by=personas.coordinator)
        client.get(url)  # session and caches warmed
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # Session, user, the programme, its roles, the count and the page of reports (requester
    # joined): the files' sizes are asked of the storage, not the database.
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8, counts


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff", 200), ("coordinator", 200), ("referent", 403), ("mentor", 403), ("mentee", 403),
     ("outsider", 404)],
)  # fmt: skip
def test_only_staff_and_coordinators_see_the_kept_reports(client, personas, persona, status):
    response = _as(client, getattr(personas, persona)).get(_url("report_files", personas.programme))
    assert response.status_code == status


def test_a_visitor_is_sent_to_the_login_page(client, personas):
    response = client.get(_url("report_files", personas.programme))
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


# --- Asking for a new one ---------------------------------------------------------------------


def test_asking_for_a_report_keeps_it_waiting_and_leads_to_its_progress(client, personas):
    response = _as(client, personas.coordinator).post(_url("report_build", personas.programme))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("report_progress", personas.programme, report_id=report.pk)
    assert (report.status, report.requested_by) == (ReportStatus.PENDING, personas.coordinator)


def test_a_second_click_while_a_report_is_on_its_way_gives_the_same_report(client, personas):
    client = _as(client, personas.coordinator)
    first = client.post(_url("report_build", personas.programme))
    second = client.post(_url("report_build", personas.programme))
    assert first["Location"] == second["Location"]
    assert Report.objects.count() == 1


def test_asking_is_a_post(client, personas):
    response = _as(client, personas.coordinator).get(_url("report_build", personas.programme))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("persona", "status"),
    [("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)],
)
def test_nobody_else_may_ask_for_a_report(client, personas, persona, status):
    response = _as(client, getattr(personas, persona)).post(
        _url("report_build", personas.programme)
    )
    assert response.status_code == status
    assert not Report.objects.exists()


# --- Progress ---------------------------------------------------------------------------------


def test_a_report_being_built_shows_its_bar_its_step_a_refresh_link_and_the_script(
    client, personas
):
    report = stored_report(personas.programme, status=ReportStatus.BUILDING)
    Report.objects.filter(pk=report.pk).update(progress=40, step="Dessin des graphiques")
    url = _url("report_progress", personas.programme, report_id=report.pk)
    html = _as(client, personas.coordinator).get(url).content.decode()
    assert '<progress id="report-progress-bar" class="w-100" max="100" value="40">' in html
    assert "Dessin des graphiques" in html
    assert f'href="{url}">Actualiser</a>' in html
    assert _url("report_status", personas.programme, report_id=report.pk) in html
    assert "evaluation/report_progress.js" in html


def test_a_ready_report_offers_its_pdf_and_csv(client, personas):
    report = stored_report(personas.programme)
    html = (
        _as(client, personas.coordinator)
        .get(_url("report_progress", personas.programme, report_id=report.pk))
        .content.decode()
    )
    assert "Le rapport est prêt" in html
    assert "12 pages" in html
    assert _url("report_pdf", personas.programme, report_id=report.pk) in html
    assert _url("report_file_csv", personas.programme, report_id=report.pk) in html
    assert "report_progress.js" not in html


def test_a_failed_report_says_so_in_french_and_offers_to_build_again(client, personas):
    report = stored_report(personas.programme, status=ReportStatus.FAILED)
    Report.objects.filter(pk=report.pk).update(
        error="La construction du rapport a été interrompue."
    )
    html = (
        _as(client, personas.coordinator)
        .get(_url("report_progress", personas.programme, report_id=report.pk))
        .content.decode()
    )
    assert "Le rapport n’a pas pu être construit" in html
    assert "La construction du rapport a été interrompue." in html
    assert "Construire un nouveau rapport" in html


def test_the_status_says_where_the_build_is_as_json(client, personas):
    report = stored_report(personas.programme, status=ReportStatus.BUILDING)
    Report.objects.filter(pk=report.pk).update(progress=80, step="Mise en page du PDF")
    response = _as(client, personas.staff).get(
        _url("report_status", personas.programme, report_id=report.pk)
    )
    assert response.json() == {
        "status": "building",
        "label": "En préparation",
        "progress": 80,
        "step": "Mise en page du PDF",
        "done": False,
        "failed": False,
        "finished": False,
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_pending_report_waits_for_a_worker(client, personas):
    report = stored_report(personas.programme, status=ReportStatus.PENDING)
    data = (
        _as(client, personas.staff)
        .get(_url("report_status", personas.programme, report_id=report.pk))
        .json()
    )
    assert (data["progress"], data["step"]) == (0, "En attente du service de construction")


def test_another_programmes_report_does_not_exist_here(client, personas):
    theirs = stored_report(ProgrammeFactory())
    client = _as(client, personas.coordinator)
    for name in ("report_progress", "report_status", "report_pdf", "report_file_csv"):
        url = _url(name, personas.programme, report_id=theirs.pk)
        assert client.get(url).status_code == 404, name


# --- Downloads --------------------------------------------------------------------------------


def test_the_pdf_downloads_as_an_attachment_under_a_french_name(client, personas):
    report = stored_report(personas.programme, created_at=datetime(2026, 12, 3, 10, tzinfo=PARIS))
    response = _as(client, personas.coordinator).get(
        _url("report_pdf", personas.programme, report_id=report.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-programme-test-2026-12-03.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF


def test_the_csv_downloads_as_an_attachment_under_a_french_name(client, personas):
    report = stored_report(personas.programme, created_at=datetime(2026, 12, 3, 10, tzinfo=PARIS))
    response = _as(client, personas.staff).get(
        _url("report_file_csv", personas.programme, report_id=report.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="agregats-programme-test-2026-12-03.csv"'
    )
    assert b"".join(response.streaming_content) == CSV


@pytest.mark.parametrize(
    "status", [ReportStatus.PENDING, ReportStatus.BUILDING, ReportStatus.FAILED]
)
def test_a_report_that_is_not_ready_has_no_file_to_download(client, personas, status):
    report = stored_report(personas.programme, status=status)
    client = _as(client, personas.coordinator)
    assert (
        client.get(_url("report_pdf", personas.programme, report_id=report.pk)).status_code == 404
    )


def test_a_file_gone_from_the_storage_is_not_found_rather_than_an_error(client, personas):
    report = stored_report(personas.programme)
    report.pdf.storage.delete(report.pdf.name)
    response = _as(client, personas.coordinator).get(
        _url("report_pdf", personas.programme, report_id=report.pk)
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff", 200), ("coordinator", 200), ("referent", 403), ("mentor", 403), ("mentee", 403),
     ("outsider", 404)],
)  # fmt: skip
def test_only_staff_and_coordinators_download_the_files(client, personas, persona, status):
    report = stored_report(personas.programme)
    client = _as(client, getattr(personas, persona))
    for name in ("report_pdf", "report_file_csv"):
        url = _url(name, personas.programme, report_id=report.pk)
        assert client.get(url).status_code == status, name


# --- Comparing two reports ----------------------------------------------------------------------


def _data(pairs: str, meetings: str, indicator: str) -> dict:
    return {
        "key_figures": [
            {"label": "Binômes actifs", "value": pairs, "note": "", "masked": False},
            {"label": "Rencontres par binôme", "value": meetings, "note": "", "masked": False},
        ],
        "indicators": [{"name": "Nouvelles pratiques essayées", "result": indicator}],
    }


def test_two_reports_compare_side_by_side(client, personas):
    programme = personas.programme
    old = stored_report(programme, data=_data("40", "2,5", "< 5"))
    Report.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=60))
    new = stored_report(programme, data=_data("42", "2,5", "61 %"))
    response = _as(client, personas.coordinator).get(
        _url("report_compare", programme), {"a": old.pk, "b": new.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'Binômes actifs</th><td class="text-end">40</td><td class="text-end"><strong>42' in html
    assert (
        'Rencontres par binôme</th><td class="text-end">2,5</td><td class="text-end">2,5<' in html
    )
    assert "Nouvelles pratiques essayées" in html and "&lt; 5" in html and "61 %" in html


def test_the_comparison_refuses_the_same_report_twice_or_another_programmes(client, personas):
    mine = stored_report(personas.programme)
    theirs = stored_report(ProgrammeFactory())
    pending = stored_report(personas.programme, status=ReportStatus.PENDING)
    client = _as(client, personas.coordinator)
    url = _url("report_compare", personas.programme)
    html = client.get(url, {"a": mine.pk, "b": mine.pk}).content.decode()
    assert "Choisissez deux rapports différents." in html
    for other in (theirs, pending):
        html = client.get(url, {"a": mine.pk, "b": other.pk}).content.decode()
        assert "Choisissez un rapport prêt de ce programme." in html
    assert "Binômes actifs" not in html


def test_the_list_offers_the_comparison_once_two_reports_are_ready(client, personas):
    client = _as(client, personas.coordinator)
    stored_report(personas.programme)
    assert (
        "Comparer deux rapports"
        not in client.get(_url("report_files", personas.programme)).content.decode()
    )
    stored_report(personas.programme)
    assert (
        "Comparer deux rapports"
        in client.get(_url("report_files", personas.programme)).content.decode()
    )


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "1' OR '1'='1", ""])
def test_a_hostile_comparison_gets_the_form_again_never_an_error(client, personas, value):
    mine = stored_report(personas.programme)
    url = _url("report_compare", personas.programme)
    response = _as(client, personas.coordinator).get(url, {"a": mine.pk, "b": value})
    assert response.status_code == 200
    assert "Binômes actifs" not in response.content.decode()
