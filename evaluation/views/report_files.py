"""The steering committee's kept reports: their list, asking for a new one, its progress while a
worker builds it, downloading its PDF and CSV, and comparing two of them. Staff and the
programme's coordinators (``download_reports``)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from programmes.permissions import get_object_for, programme_view

from ..forms.report_files import ReportCompareForm
from ..models import Report, ReportStatus
from ..selectors.report_files import (
    file_size,
    report_comparison,
    report_progress,
    reports_of,
)
from ..services.reports import file_stem, report_request, report_resend_if_waiting

ACTION = "download_reports"
PAGE_SIZE = 20


@require_GET
@programme_view(ACTION)
def report_files(request, programme):
    page = Paginator(reports_of(programme), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"report": report, "pdf_size": file_size(report.pdf), "csv_size": file_size(report.csv)}
        for report in page.object_list
    ]
    context = {
        "programme": programme,
        "page": page,
        "rows": rows,
        "compare_form": ReportCompareForm(programme=programme),
        "can_compare": sum(row["report"].status == ReportStatus.DONE for row in rows) >= 2
        or page.paginator.num_pages > 1,
    }
    return render(request, "evaluation/report_files.html", context)


@require_POST
@programme_view(ACTION)
def report_build(request, programme):
    report = report_request(programme=programme, by=request.user)
    return redirect("evaluation:report_progress", slug=programme.slug, report_id=report.pk)


def _report(request, programme, report_id: int) -> Report:
    return get_object_for(
        request.user, programme, Report.objects.defer("data"), ACTION, pk=report_id
    )


@require_GET
@programme_view(ACTION)
def report_progress_view(request, programme, report_id: int):
    report = _report(request, programme, report_id)
    # A report still waiting a minute after it was asked for never reached a worker.
    report_resend_if_waiting(report=report)
    context = {
        "programme": programme,
        "report": report,
        "progress": report_progress(report),
        "pdf_size": file_size(report.pdf),
        "csv_size": file_size(report.csv),
    }
    return render(request, "evaluation/report_progress.html", context)


@require_GET
@never_cache
@programme_view(ACTION)
def report_status(request, programme, report_id: int):
    report = _report(request, programme, report_id)
    report_resend_if_waiting(report=report)
    return JsonResponse(report_progress(report))


def _download(report: Report, field, kind: str, extension: str, content_type: str):
    if report.status != ReportStatus.DONE or not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (OSError, ValueError):  # gone from the storage
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{file_stem(report, kind)}.{extension}",
        content_type=content_type,
    )


@require_GET
@programme_view(ACTION)
def report_pdf(request, programme, report_id: int):
    report = _report(request, programme, report_id)
    return _download(report, report.pdf, "rapport", "pdf", "application/pdf")


@require_GET
@programme_view(ACTION)
def report_file_csv(request, programme, report_id: int):
    report = _report(request, programme, report_id)
    return _download(report, report.csv, "agregats", "csv", "text/csv; charset=utf-8")


@require_GET
@programme_view(ACTION)
def report_compare(request, programme):
    form = ReportCompareForm(request.GET or None, programme=programme)
    comparison = None
    if form.is_valid():
        comparison = report_comparison(form.cleaned_data["a"], form.cleaned_data["b"])
    context = {"programme": programme, "form": form, "comparison": comparison}
    return render(request, "evaluation/report_files_compare.html", context)
