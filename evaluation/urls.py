from django.urls import path

from .views import reports as report_views

app_name = "evaluation"

# One block per area: answering (participants, the signed link), the coordination's
# questionnaires and waves, the reports.
urlpatterns: list = []

# --- Answering ---

# --- Questionnaires and waves (coordination) ---

# --- Reports ---
urlpatterns += [
    path("<slug:slug>/rapport/", report_views.report, name="report"),
    path("<slug:slug>/rapport/agregats.csv", report_views.report_csv, name="report_csv"),
]

# PDF: the kept reports, their build and progress, their files, and comparing two of them.
from .views import report_files as report_file_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/rapports/", report_file_views.report_files, name="report_files"),
    path("<slug:slug>/rapports/construire/", report_file_views.report_build, name="report_build"),
    path("<slug:slug>/rapports/comparer/", report_file_views.report_compare, name="report_compare"),
    path(
        "<slug:slug>/rapports/<id:report_id>/",
        report_file_views.report_progress_view,
        name="report_progress",
    ),
    path(
        "<slug:slug>/rapports/<id:report_id>/etat/",
        report_file_views.report_status,
        name="report_status",
    ),
    path(
        "<slug:slug>/rapports/<id:report_id>/rapport.pdf",
        report_file_views.report_pdf,
        name="report_pdf",
    ),
    path(
        "<slug:slug>/rapports/<id:report_id>/agregats.csv",
        report_file_views.report_file_csv,
        name="report_file_csv",
    ),
]
