from django.urls import path  # noqa: F401  (each area's block adds its routes)

app_name = "rights"

# One block per area: my account and my data, the privacy page and the export log, erasure.
urlpatterns: list = []

# --- My account, my data, the privacy page, the export log ---

# --- Erasure ---
