from django.urls import path

from .views import pair_life

app_name = "followup"

# One block per area: the members' pair page, the coordination's dashboard and list of pairs,
# messages to a segment.
urlpatterns: list = []

# --- A pair's life: the members' page, and the coordination's page of one pair ---
urlpatterns += [
    path("<slug:slug>/binome/<int:pair_id>/", pair_life.pair, name="pair"),
    path(
        "<slug:slug>/binome/<int:pair_id>/charte/",
        pair_life.pair_charter_accept,
        name="pair_charter_accept",
    ),
    path(
        "<slug:slug>/binome/<int:pair_id>/rencontres/",
        pair_life.pair_meeting_log,
        name="pair_meeting_log",
    ),
    path(
        "<slug:slug>/binome/<int:pair_id>/prochaine-rencontre/",
        pair_life.pair_planned_set,
        name="pair_planned_set",
    ),
    path(
        "<slug:slug>/binome/<int:pair_id>/prochaine-rencontre/retirer/",
        pair_life.pair_planned_clear,
        name="pair_planned_clear",
    ),
    path(
        "<slug:slug>/binome/<int:pair_id>/prochaine-rencontre.ics",
        pair_life.pair_planned_ics,
        name="pair_planned_ics",
    ),
    path(
        "<slug:slug>/binome/<int:pair_id>/contacter-la-coordination/",
        pair_life.pair_help,
        name="pair_help",
    ),
    path("<slug:slug>/binome/<int:pair_id>/telephone/", pair_life.pair_phone, name="pair_phone"),
    path("<slug:slug>/binomes/<int:pair_id>/", pair_life.steer_pair, name="steer_pair"),
    path(
        "<slug:slug>/binomes/<int:pair_id>/terminer/",
        pair_life.steer_pair_end,
        name="steer_pair_end",
    ),
    path(
        "<slug:slug>/binomes/<int:pair_id>/achever/",
        pair_life.steer_pair_complete,
        name="steer_pair_complete",
    ),
    path(
        "<slug:slug>/binomes/<int:pair_id>/demandes/<int:request_id>/traitee/",
        pair_life.steer_help_handled,
        name="steer_help_handled",
    ),
]
