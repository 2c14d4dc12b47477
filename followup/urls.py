from django.urls import path

from .views import dashboard, pair_life
from .views import messages as message_views

app_name = "followup"

# One block per area: the members' pair page, the coordination's dashboard and list of pairs,
# messages to a segment.
urlpatterns: list = []

# --- Messages to a segment ---
urlpatterns += [
    path("<slug:slug>/messages/", message_views.message_list, name="messages"),
    path("<slug:slug>/messages/ecrire/", message_views.message_compose, name="message_compose"),
    path("<slug:slug>/messages/envoyer/", message_views.message_send_view, name="message_send"),
    path(
        "<slug:slug>/messages/<id:message_id>/",
        message_views.message_progress_view,
        name="message_progress",
    ),
    path(
        "<slug:slug>/messages/<id:message_id>/etat/",
        message_views.message_status,
        name="message_status",
    ),
]

# --- A pair's life: the members' page, and the coordination's page of one pair ---
urlpatterns += [
    path("<slug:slug>/binome/<id:pair_id>/", pair_life.pair, name="pair"),
    path(
        "<slug:slug>/binome/<id:pair_id>/charte/",
        pair_life.pair_charter_accept,
        name="pair_charter_accept",
    ),
    path(
        "<slug:slug>/binome/<id:pair_id>/rencontres/",
        pair_life.pair_meeting_log,
        name="pair_meeting_log",
    ),
    path(
        "<slug:slug>/binome/<id:pair_id>/prochaine-rencontre/",
        pair_life.pair_planned_set,
        name="pair_planned_set",
    ),
    path(
        "<slug:slug>/binome/<id:pair_id>/prochaine-rencontre/retirer/",
        pair_life.pair_planned_clear,
        name="pair_planned_clear",
    ),
    path(
        "<slug:slug>/binome/<id:pair_id>/prochaine-rencontre.ics",
        pair_life.pair_planned_ics,
        name="pair_planned_ics",
    ),
    path(
        "<slug:slug>/binome/<id:pair_id>/contacter-la-coordination/",
        pair_life.pair_help,
        name="pair_help",
    ),
    path("<slug:slug>/binome/<id:pair_id>/telephone/", pair_life.pair_phone, name="pair_phone"),
    path(
        "<slug:slug>/binome/<id:pair_id>/rappels/",
        pair_life.pair_reminders,
        name="pair_reminders",
    ),
    path("<slug:slug>/binomes/<id:pair_id>/", pair_life.steer_pair, name="steer_pair"),
    path(
        "<slug:slug>/binomes/<id:pair_id>/terminer/",
        pair_life.steer_pair_end,
        name="steer_pair_end",
    ),
    path(
        "<slug:slug>/binomes/<id:pair_id>/achever/",
        pair_life.steer_pair_complete,
        name="steer_pair_complete",
    ),
    path(
        "<slug:slug>/binomes/<id:pair_id>/demandes/<id:request_id>/traitee/",
        pair_life.steer_help_handled,
        name="steer_help_handled",
    ),
]

# The coordination's dashboard, every pair of the programme and its exports; the referents' page.
urlpatterns += [
    path("<slug:slug>/tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("<slug:slug>/binomes/", dashboard.pairs, name="pairs"),
    path("<slug:slug>/binomes/export.<str:fmt>", dashboard.pairs_export, name="pairs_export"),
    path("<slug:slug>/participants-en-binome/", dashboard.people_in_pairs, name="people_in_pairs"),
]
