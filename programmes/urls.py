from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("nouveau/", views.programme_create, name="create"),
    path("importer/", views.template_import, name="template_import"),
    # Recruitment, pages outside one programme's address (before "<slug>/").
    path("mes-programmes/", views.my_programmes, name="my_programmes"),
    path("candidater/<slug:token>/", views.apply, name="apply"),
    path("invitation/<slug:token>/", views.apply_invited, name="apply_invited"),
    path("candidature-envoyee/", views.apply_sent, name="apply_sent"),
    path("activer/<slug:uidb64>/<str:token>/", views.account_activate, name="account_activate"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    # Programme setup: the steps, the phase, organisations and people, templates.
    path("<slug:slug>/parametres/general/", views.setup_general, name="setup_general"),
    path("<slug:slug>/parametres/calendrier/", views.setup_calendar, name="setup_calendar"),
    path("<slug:slug>/parametres/thematiques/", views.setup_topics, name="setup_topics"),
    path("<slug:slug>/parametres/indicateurs/", views.setup_indicators, name="setup_indicators"),
    path("<slug:slug>/parametres/charte/", views.setup_charter, name="setup_charter"),
    path("<slug:slug>/parametres/appariement/", views.setup_matching, name="setup_matching"),
    path("<slug:slug>/parametres/rapports/", views.setup_reports, name="setup_reports"),
    path(
        "<slug:slug>/parametres/organisations/",
        views.setup_organisations,
        name="setup_organisations",
    ),
    path(
        "<slug:slug>/parametres/organisations/ajouter/",
        views.setup_organisations_add,
        name="setup_organisations_add",
    ),
    path(
        "<slug:slug>/parametres/organisations/<id:pk>/retirer/",
        views.setup_organisation_remove,
        name="setup_organisation_remove",
    ),
    path(
        "<slug:slug>/parametres/referents/ajouter/",
        views.setup_referent_add,
        name="setup_referent_add",
    ),
    path(
        "<slug:slug>/parametres/referents/<id:pk>/retirer/",
        views.setup_referent_remove,
        name="setup_referent_remove",
    ),
    path(
        "<slug:slug>/parametres/coordination/ajouter/",
        views.setup_coordinator_add,
        name="setup_coordinator_add",
    ),
    path("<slug:slug>/parametres/conservation/", views.setup_retention, name="setup_retention"),
    path(
        "<slug:slug>/parametres/coordination/<id:pk>/retirer/",
        views.setup_coordinator_remove,
        name="setup_coordinator_remove",
    ),
    path("<slug:slug>/parametres/modele.json", views.setup_export, name="setup_export"),
    path("<slug:slug>/parametres/importer/", views.setup_import, name="setup_import"),
    path("<slug:slug>/phase/<str:phase>/", views.setup_phase, name="setup_phase"),
    path("<slug:slug>/organisations/", views.organisations, name="organisations"),
    path(
        "<slug:slug>/organisations/nouvelle/",
        views.organisation_create,
        name="organisation_create",
    ),
    path(
        "<slug:slug>/organisations/<id:pk>/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path("<slug:slug>/inscriptions/", views.enrolment, name="enrolment"),
    path("<slug:slug>/ma-candidature/", views.my_application, name="my_application"),
    # Recruitment: links, invitations, review, import, the participant's profile.
    path("<slug:slug>/recrutement/", views.recruitment, name="recruitment"),
    path(
        "<slug:slug>/recrutement/lien/<str:role>/renouveler/",
        views.link_renew,
        name="link_renew",
    ),
    path("<slug:slug>/recrutement/invitations/", views.invitations_send, name="invitations_send"),
    path(
        "<slug:slug>/recrutement/activation/",
        views.imported_accounts_invite,
        name="imported_accounts_invite",
    ),
    path("<slug:slug>/candidatures/", views.review_list, name="applications"),
    path(
        "<slug:slug>/candidatures/<id:pk>/",
        views.application_review,
        name="application_review",
    ),
    path(
        "<slug:slug>/candidatures/<id:pk>/decision/",
        views.application_decision,
        name="application_decision",
    ),
    path(
        "<slug:slug>/candidatures/<id:pk>/notes/",
        views.application_note,
        name="application_note",
    ),
    path("<slug:slug>/import/", views.import_upload, name="import_participants"),
    path("<slug:slug>/import/apercu/", views.import_preview, name="import_preview"),
    path("<slug:slug>/import/confirmer/", views.import_confirm, name="import_confirm"),
    path("<slug:slug>/ma-candidature/modifier/", views.profile_edit, name="profile_edit"),
    path("<slug:slug>/ma-candidature/retirer/", views.withdraw, name="withdraw"),
]
