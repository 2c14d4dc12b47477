from django.urls import path

app_name = "rights"

# One block per area: my account and my data, the privacy page and the export log, erasure.
urlpatterns: list = []

# --- My account, my data, the privacy page, the export log ---

# --- Erasure ---

from .views import erasure as erasure_views  # noqa: E402

urlpatterns += [
    path("compte/effacement/", erasure_views.erasure_request, name="erasure_request"),
    path("compte/effacement/<str:token>/", erasure_views.erasure_confirm, name="erasure_confirm"),
]
