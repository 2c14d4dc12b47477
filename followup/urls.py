from django.urls import path

from .views import dashboard

app_name = "followup"

# One block per area: the members' pair page, the coordination's dashboard and list of pairs,
# messages to a segment.
urlpatterns: list = []

# The coordination's dashboard, every pair of the programme and its exports; the referents' page.
urlpatterns += [
    path("<slug:slug>/tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("<slug:slug>/binomes/", dashboard.pairs, name="pairs"),
    path("<slug:slug>/binomes/export.<str:fmt>", dashboard.pairs_export, name="pairs_export"),
    path("<slug:slug>/participants-en-binome/", dashboard.people_in_pairs, name="people_in_pairs"),
]
