from django.urls import path  # noqa: F401  (each area's block adds its routes)

app_name = "evaluation"

# One block per area: answering (participants, the signed link), the coordination's
# questionnaires and waves, the reports.
urlpatterns: list = []

# --- Answering ---

# --- Questionnaires and waves (coordination) ---

# --- Reports ---
