"""Recruitment in the browser: a visitor applies through the shared link, the coordinator
imports the sample files in every encoding (preview, then confirmation), reviews the
applications and accepts one."""

import pytest

from programmes.models import Application, ApplicationStatus, Membership, Phase, Role, Topic
from programmes.services import application_link_get, programme_create
from tests.factories import OrganisationFactory, UserFactory
from tests.programmes.recruitment_helpers import SAME_PEOPLE, SAMPLES, sample_topics


def open_recruitment(coordinator_email: str):
    coordinator = UserFactory(email=coordinator_email, first_name="Claire")
    programme = programme_create(by=coordinator, name="Mentorat Doubs 2027", slug="doubs-2027")
    programme.current_phase = Phase.RECRUITMENT
    programme.save()
    known = set(programme.topics.values_list("name", flat=True))
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=100 + i)
        for i, name in enumerate(n for n in sample_topics() if n not in known)
    )
    programme.organisations.add(OrganisationFactory(name="Horlogerie Comtoise", departement="25"))
    return programme


@pytest.mark.django_db(transaction=True)
def test_a_visitor_applies_then_the_coordinator_imports_every_sample_and_accepts_her(
    browser_page,
):
    programme = open_recruitment("claire@aract.example")
    page = browser_page.page

    # A visitor opens the mentee link that the coordination shared, and applies.
    link = application_link_get(programme=programme, role=Role.MENTEE).get_absolute_url()
    browser_page.goto(link)
    assert "Candidater comme mentoré" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Adresse e-mail").fill("nina.nouvelle@exemple.fr")
    page.get_by_label("Prénom").fill("Nina")
    page.get_by_label("Nom*", exact=True).fill("Nouvelle")
    page.get_by_label("Choisissez un mot de passe").fill("Un-mot-de-passe-solide-2027")
    page.get_by_label("Le même mot de passe, à nouveau").fill("Un-mot-de-passe-solide-2027")
    page.get_by_label("Mon organisation", exact=True).select_option(label="Horlogerie Comtoise")
    page.get_by_label("Département où je travaille").select_option("25")
    page.get_by_label("Fonction").fill("Cheffe d'atelier")
    page.get_by_label("Années d’expérience en management").fill("2")
    page.get_by_label("Animer une équipe").check()
    page.get_by_label("Mixte").check()
    page.get_by_label("J’ai lu comment mes données sont traitées").check()
    browser_page.screenshot("recruitment-apply")
    browser_page.follow(lambda: page.get_by_role("button", name="Envoyer ma candidature").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Consultez votre messagerie"

    # The coordinator finds the same link to share on the recruitment page.
    browser_page.login("claire@aract.example")
    browser_page.goto("/programmes/doubs-2027/recrutement/")
    shared = page.get_by_label("Lien de candidature pour les mentorés").input_value()
    assert shared.endswith(link)

    # Every sample file through the page: the first creates 27 people, the others are the
    # same people in other encodings and separators, so they change nothing.
    for number, name in enumerate(SAME_PEOPLE):
        browser_page.goto("/programmes/doubs-2027/import/")
        page.get_by_label("Fichier des participants").set_input_files(str(SAMPLES / name))
        browser_page.follow(lambda: page.get_by_role("button", name="Vérifier le fichier").click())
        expected = "27 personnes à créer" if number == 0 else "27 personnes inchangées"
        assert expected in page.content(), name
        if number == 0:
            browser_page.screenshot("recruitment-import-preview")
        browser_page.follow(lambda: page.get_by_role("button", name="Confirmer l’import").click())
        assert "Import terminé" in page.content(), name
    assert programme.applications.filter(source="import").count() == 27

    # Review: the visitor's application is the one to examine; accept it.
    browser_page.goto("/programmes/doubs-2027/candidatures/")
    page.get_by_label("Statut").select_option("submitted")
    browser_page.follow(lambda: page.get_by_role("button", name="Filtrer").click())
    assert "1 candidature correspond." in page.content()
    browser_page.screenshot("recruitment-review-list")
    browser_page.follow(lambda: page.get_by_role("link", name="Nina Nouvelle").click())
    browser_page.follow(lambda: page.get_by_role("button", name="Accepter").click())
    assert "Décision enregistrée" in page.content()
    browser_page.screenshot("recruitment-application-accepted")

    nina = Application.objects.get(user__email="nina.nouvelle@exemple.fr")
    assert nina.status == ApplicationStatus.ACCEPTED
    assert Membership.objects.filter(programme=programme, user=nina.user, role=Role.MENTEE)


@pytest.mark.django_db(transaction=True)
def test_an_imported_mentee_activates_his_account_and_a_referent_sees_his_organisation(
    browser_page,
):
    import re

    from django.core import mail

    from programmes.imports import participants_import
    from programmes.services import imported_accounts_invite
    from tests.factories import MembershipFactory

    programme = open_recruitment("claire@aract.example")
    participants_import(
        programme=programme,
        data=(SAMPLES / "participants-comma.csv").read_bytes(),
        filename="participants-comma.csv",
    )
    imported_accounts_invite(programme=programme, by=None)
    body = next(m for m in mail.outbox if m.to == ["philippe.vidal@centredesoinspicard.example"])
    path = re.search(r"https?://[^/\s]+(/programmes/activer/\S+/)", body.body).group(1)
    page = browser_page.page

    # The activation link confirms the address and leads to choosing a password.
    browser_page.goto(path)
    browser_page.follow(lambda: page.get_by_role("button", name="Activer mon compte").click())
    page.get_by_label("Mot de passe", exact=False).first.fill("Un-mot-de-passe-solide-2027")
    page.get_by_label("Mot de passe (confirmation)").fill("Un-mot-de-passe-solide-2027")
    browser_page.follow(lambda: page.get_by_role("button").filter(has_text="mot de passe").click())
    philippe = Application.objects.get(user__email="philippe.vidal@centredesoinspicard.example")
    assert philippe.user.emailaddress_set.get().verified
    philippe.user.refresh_from_db()
    assert philippe.user.check_password("Un-mot-de-passe-solide-2027")

    # His programmes, his application and his profile, editable during recruitment.
    browser_page.goto("/programmes/mes-programmes/")
    assert "Mentorat Doubs 2027" in page.content()
    browser_page.follow(
        lambda: page.get_by_role("link", name="Ma candidature et mon profil").click()
    )
    browser_page.follow(lambda: page.get_by_role("link", name="Modifier mon profil").click())
    page.get_by_label("Disponibilités").fill("Le jeudi matin")
    browser_page.follow(lambda: page.get_by_role("button", name="Enregistrer mon profil").click())
    assert "Votre profil est enregistré." in page.content()
    browser_page.screenshot("recruitment-my-application")

    # A company referent sees only his organisation's applicants.
    referent = UserFactory(email="rh@centredesoinspicard.example")
    organisation = Application.objects.get(
        user__email="philippe.vidal@centredesoinspicard.example"
    ).organisation
    MembershipFactory(
        programme=programme, user=referent, role=Role.REFERENT, organisation=organisation
    )
    page.context.clear_cookies()
    browser_page.login("rh@centredesoinspicard.example")
    browser_page.goto("/programmes/doubs-2027/inscriptions/")
    rows = page.locator("tbody tr")
    expected = programme.applications.filter(organisation=organisation).count()
    assert rows.count() == expected
    assert all(organisation.name in rows.nth(i).inner_text() for i in range(rows.count()))
    browser_page.screenshot("recruitment-referent-enrolment")
