from django.urls import path

from .views import answering

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
