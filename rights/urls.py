from django.urls import path

app_name = "rights"

# One block per area: my account and my data, the privacy page and the export log, erasure.
urlpatterns: list = []

# --- My account, my data, the privacy page, the export log ---
from .views import account as account_views  # noqa: E402
from .views import privacy as privacy_views  # noqa: E402

urlpatterns += [
    path("compte/", account_views.account, name="account"),
    path("compte/nom/", account_views.account_profile, name="account_profile"),
    path("compte/rappels/", account_views.account_reminders, name="account_reminders"),
    path("compte/telephone/", account_views.account_phone, name="account_phone"),
    path("compte/mes-donnees/", account_views.data_download, name="data_download"),
    path(
        "compte/mes-donnees/<str:token>/",
        account_views.data_download_status,
        name="data_download_status",
    ),
    path(
        "compte/mes-donnees/<str:token>/fichier/",
        account_views.data_download_file,
        name="data_download_file",
    ),
    path("confidentialite/", privacy_views.privacy, name="privacy"),
    path("journal-des-exports/", privacy_views.exports_log, name="exports_log"),
]

# --- Erasure ---

from .views import erasure as erasure_views  # noqa: E402

urlpatterns += [
    path("compte/effacement/", erasure_views.erasure_request, name="erasure_request"),
    path("compte/effacement/<str:token>/", erasure_views.erasure_confirm, name="erasure_confirm"),
]
