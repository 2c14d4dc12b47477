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
from .views import questionnaires as questionnaire_views  # noqa: E402

_Q = "<slug:slug>/questionnaires/<id:questionnaire_id>/"
urlpatterns += [
    path("<slug:slug>/", questionnaire_views.overview, name="overview"),
    path(_Q, questionnaire_views.questionnaire, name="questionnaire"),
    path(f"{_Q}questions/nouvelle/", questionnaire_views.question_add, name="question_add"),
    path(
        f"{_Q}questions/<id:question_id>/", questionnaire_views.question_edit, name="question_edit"
    ),
    path(
        f"{_Q}questions/<id:question_id>/supprimer/",
        questionnaire_views.question_delete,
        name="question_delete",
    ),
    path(
        f"{_Q}questions/<id:question_id>/deplacer/",
        questionnaire_views.question_move,
        name="question_move",
    ),
    path(f"{_Q}vagues/nouvelle/", questionnaire_views.wave_create, name="wave_create"),
    path(
        "<slug:slug>/vagues/<id:wave_id>/ouvrir/", questionnaire_views.wave_open, name="wave_open"
    ),
    path(
        "<slug:slug>/vagues/<id:wave_id>/cloturer/",
        questionnaire_views.wave_close,
        name="wave_close",
    ),
]

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
