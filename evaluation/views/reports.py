"""The report of a programme: its page (``view_reports``: a referent sees their organisation's
figures only) and the CSV of the aggregates (``download_reports``). Both read the frozen results
through ``evaluation.selectors.reports``: nothing is computed over answers here."""

from django.http import HttpResponse
from django.shortcuts import render

from programmes.permissions import can, programme_view

from ..csv_export import csv_content
from ..selectors.reports import report_csv_figures, report_data


@programme_view("view_reports")
def report(request, programme):
    return render(
        request,
        "evaluation/report.html",
        {
            "programme": programme,
            "report": report_data(programme, viewer=request.user),
            "can_download": can(request.user, "download_reports", programme),
        },
    )


@programme_view("download_reports")
def report_csv(request, programme):
    response = HttpResponse(
        csv_content(report_csv_figures(programme)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="agregats-{programme.slug}.csv"'
    return response
