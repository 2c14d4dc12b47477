"""Recruitment in the browser, end to end through the pages: staff create a programme from the
defaults and appoint its coordinator; the coordinator opens recruitment and shares the link, a
visitor applies through it, the coordinator imports every sample file as it is (no topic added
by hand), reviews the applications and accepts one."""

from urllib.parse import urlsplit

import pytest

from programmes.models import Application, ApplicationStatus, Phase, Programme, Role
from programmes.services import programme_create
from tests.factories import OrganisationFactory, UserFactory, held_roles
from tests.programmes.recruitment_helpers import SAME_PEOPLE, SAMPLES

DEMO_FILE = "participants-demo.csv"  # 90 people; the other samples are 27 others.


def log_out(browser_page) -> None:
    page = browser_page.page
    browser_page.follow(lambda: page.get_by_role("button", name="Se déconnecter").click())


@pytest.mark.django_db(transaction=True)
def test_staff_create_a_programme_from_defaults_and_its_coordinator_recruits_through_the_pages(
    browser_page,
):
    UserFactory(email="equipe@aract.example", first_name="Agnès", is_staff=True)
    UserFactory(email="claire@aract.example", first_name="Claire")
    page = browser_page.page

    # Staff create the programme from the defaults and appoint its coordinator.
    browser_page.login("equipe@aract.example")
    browser_page.follow(lambda: page.get_by_role("link", name="Nouveau programme").first.click())
    page.get_by_label("Nom*", exact=True).fill("Mentorat Doubs 2027")
    page.get_by_label("Nom court dans les adresses*", exact=True).fill("doubs-2027")
    browser_page.follow(lambda: page.get_by_role("button", name="Créer le programme").click())
    browser_page.goto("/programmes/doubs-2027/parametres/organisations/")
    coordination = page.locator("form", has=page.get_by_role("button", name="Nommer"))
    coordination.get_by_label("Adresse e-mail").fill("claire@aract.example")
    browser_page.follow(lambda: page.get_by_role("button", name="Nommer").click())
    assert "claire@aract.example coordonne le programme" in page.content()
    log_out(browser_page)

    # The coordinator adds an organisation, opens recruitment and copies the mentee link.
    browser_page.login("claire@aract.example")
    browser_page.goto("/programmes/doubs-2027/organisations/nouvelle/")
    page.get_by_label("Nom*", exact=True).fill("Horlogerie Comtoise")
    page.get_by_label("Département").select_option("25")
    browser_page.follow(lambda: page.get_by_role("button", name="Enregistrer").click())
    browser_page.goto("/programmes/doubs-2027/")
    browser_page.follow(lambda: page.get_by_role("link", name="Passer à « Recrutement »").click())
    browser_page.follow(
        lambda: page.get_by_role("button", name="Oui, passer à « Recrutement »").click()
    )
    assert "Le programme est désormais dans sa phase « Recrutement »." in page.content()
    browser_page.goto("/programmes/doubs-2027/recrutement/")
    shared = urlsplit(page.get_by_label("Lien de candidature pour les mentorés").input_value())
    log_out(browser_page)

    # A visitor opens the link that the coordination shared, and applies.
    browser_page.goto(shared.path + (f"?{shared.query}" if shared.query else ""))
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
    page.get_by_label("Délégation et autonomie").check()  # a topic the defaults now hold
    page.get_by_label("Mixte").check()
    page.get_by_label("J’ai lu comment mes données sont traitées").check()
    browser_page.screenshot("recruitment-apply")
    browser_page.follow(lambda: page.get_by_role("button", name="Envoyer ma candidature").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Consultez votre messagerie"

    # Every sample file through the page, with the programme's default topics: the demo file
    # creates 90 people, the first of the others 27 more; those are the same 27 people in other
    # encodings, separators and as a workbook, so they change nothing.
    browser_page.login("claire@aract.example")
    expected = {DEMO_FILE: "90 personnes à créer", SAME_PEOPLE[0]: "27 personnes à créer"}
    for name in [DEMO_FILE, *SAME_PEOPLE]:
        browser_page.goto("/programmes/doubs-2027/import/")
        page.get_by_label("Fichier des participants").set_input_files(str(SAMPLES / name))
        browser_page.follow(lambda: page.get_by_role("button", name="Vérifier le fichier").click())
        assert expected.get(name, "27 personnes inchangées") in page.content(), name
        if name == DEMO_FILE:
            browser_page.screenshot("recruitment-import-preview")
        browser_page.follow(lambda: page.get_by_role("button", name="Confirmer l’import").click())
        assert "Import terminé" in page.content(), name
    programme = Programme.objects.get(slug="doubs-2027")
    assert programme.applications.filter(source="import").count() == 90 + 27

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
    assert nina.topics.get().name == "Délégation et autonomie"
    assert held_roles(nina.user, programme) == {Role.MENTEE}


def open_recruitment(coordinator_email: str):
    """A programme from the defaults with its recruitment open (set up in Python: the test
    above goes through the pages)."""
    coordinator = UserFactory(email=coordinator_email, first_name="Claire")
    programme = programme_create(by=coordinator, name="Mentorat Doubs 2027", slug="doubs-2027")
    programme.current_phase = Phase.RECRUITMENT
    programme.save()
    programme.organisations.add(OrganisationFactory(name="Horlogerie Comtoise", departement="25"))
    return programme


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
