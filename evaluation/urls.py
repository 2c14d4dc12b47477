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
