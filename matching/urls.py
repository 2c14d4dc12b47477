from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    # The coordinator's pages: run, review, adjust, publish.
    path("<slug:slug>/", views.proposal, name="proposal"),
    path("<slug:slug>/lancer/", views.run_start, name="run_start"),
    path("<slug:slug>/runs/<id:run_id>/", views.run_progress, name="run_progress"),
    path("<slug:slug>/runs/<id:run_id>/etat/", views.run_status, name="run_status"),
    path("<slug:slug>/mentores/<id:application_id>/", views.mentee, name="mentee"),
    path(
        "<slug:slug>/mentores/<id:application_id>/choisir/",
        views.proposal_swap,
        name="swap",
    ),
    path(
        "<slug:slug>/mentores/<id:application_id>/retirer/",
        views.proposal_remove,
        name="remove",
    ),
    path("<slug:slug>/regles/verrouiller/", views.pair_lock, name="lock"),
    path("<slug:slug>/regles/exclure/", views.pair_exclude, name="exclude"),
    path("<slug:slug>/regles/retirer/", views.pair_rule_remove, name="rule_remove"),
    path("<slug:slug>/publier/", views.publish, name="publish"),
    path("<slug:slug>/incompatibilites/", views.incompatibilities, name="incompatibilities"),
    path(
        "<slug:slug>/incompatibilites/ajouter/",
        views.incompatibility_add,
        name="incompatibility_add",
    ),
    path(
        "<slug:slug>/incompatibilites/<id:pk>/retirer/",
        views.incompatibility_remove,
        name="incompatibility_remove",
    ),
    # The participants' page: their pairs, each accepted or declined on its own.
    path("<slug:slug>/mon-binome/", views.my_pair, name="my_pair"),
    path(
        "<slug:slug>/mon-binome/<id:pair_id>/accepter/",
        views.my_pair_accept,
        name="my_pair_accept",
    ),
    path(
        "<slug:slug>/mon-binome/<id:pair_id>/refuser/",
        views.my_pair_decline,
        name="my_pair_decline",
    ),
]
