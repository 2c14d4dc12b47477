from django.urls import path

from .views import answering
from .views import reports as report_views

app_name = "evaluation"

# One block per area: answering (participants, the signed link), the coordination's
# questionnaires and waves, the reports.
urlpatterns: list = []

# --- Answering ---
urlpatterns += [
    path("repondre/<str:token>/", answering.answer_link, name="answer_link"),
    path("<slug:slug>/mes-questionnaires/", answering.my_surveys, name="my_surveys"),
    path(
        "<slug:slug>/mes-questionnaires/<id:invitation_id>/",
        answering.answer,
        name="answer",
    ),
]

# --- Questionnaires and waves (coordination) ---

# --- Reports ---
urlpatterns += [
    path("<slug:slug>/rapport/", report_views.report, name="report"),
    path("<slug:slug>/rapport/agregats.csv", report_views.report_csv, name="report_csv"),
]
