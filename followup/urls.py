from django.urls import path  # noqa: F401  (each area appends its routes below)

app_name = "followup"

# One block per area: the members' pair page, the coordination's dashboard and list of pairs,
# messages to a segment.
urlpatterns: list = []
