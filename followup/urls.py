from django.urls import path

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
        "<slug:slug>/messages/<int:message_id>/",
        message_views.message_progress_view,
        name="message_progress",
    ),
    path(
        "<slug:slug>/messages/<int:message_id>/etat/",
        message_views.message_status,
        name="message_status",
    ),
]
