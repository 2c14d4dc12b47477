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
