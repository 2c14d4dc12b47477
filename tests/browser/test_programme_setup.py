"""A staff member sets up a programme in the browser, from defaults to opening recruitment."""

import pytest

from programmes.models import Membership, Phase, Programme, Role
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_staff_create_a_programme_walk_the_steps_appoint_a_coordinator_and_open_recruitment(
    browser_page,
):
    UserFactory(email="equipe@aract.example", first_name="Agnès", is_staff=True)
    UserFactory(email="claire@aract.example", first_name="Claire")
    page = browser_page.page
    browser_page.login("equipe@aract.example")

    # Create from defaults.
    browser_page.follow(lambda: page.get_by_role("link", name="Nouveau programme").first.click())
    page.get_by_label("Nom*", exact=True).fill("Mentorat Jura 2027")
    page.get_by_label("Nom court dans les adresses*", exact=True).fill("mentorat-jura-2027")
    browser_page.follow(lambda: page.get_by_role("button", name="Créer le programme").click())
    assert "Étape 1 sur 8 : Général" in page.get_by_role("heading", level=1).inner_text()

    # Step 1: general.
    page.get_by_label("Description").fill("Mentorat entre managers de PME du Jura.")
    page.get_by_label("Objectifs").fill("Renforcer les pratiques managériales\nCréer un réseau")
    browser_page.follow(lambda: page.get_by_role("button", name="Enregistrer et continuer").click())
    assert "Informations générales enregistrées." in page.content()

    # Step 2: calendar.
    assert "Calendrier" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Recrutement : date de début").fill("2027-01-11")
    page.get_by_label("Recrutement : date de fin").fill("2027-02-26")
    page.get_by_label("Appariement : date de début").fill("2027-03-01")
    browser_page.follow(lambda: page.get_by_role("button", name="Enregistrer et continuer").click())
    assert "Calendrier enregistré." in page.content()

    # Step 3: topics, rename the first and add one.
    assert "Thématiques" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Thématique de la ligne 1", exact=True).fill("Prendre son poste de manager")
    page.get_by_label("Thématique de la ligne 21", exact=True).fill("Santé et sécurité au travail")
    browser_page.follow(lambda: page.get_by_role("button", name="Enregistrer et continuer").click())
    assert "Thématiques enregistrées." in page.content()
    browser_page.screenshot("programme-setup-indicators-step")

    # Steps 4 to 7 keep their defaults here; open them so that axe-core checks each one.
    for path in ("indicateurs", "charte", "appariement", "rapports"):
        browser_page.goto(f"/programmes/mentorat-jura-2027/parametres/{path}/")

    # Step 8: appoint a coordinator, through the step navigation.
    steps = page.get_by_role("navigation", name="Étapes du paramétrage")
    browser_page.follow(
        lambda: steps.get_by_role("link", name="Organisations et coordination").click()
    )
    coordination = page.locator("form", has=page.get_by_role("button", name="Nommer"))
    coordination.get_by_label("Adresse e-mail").fill("claire@aract.example")
    browser_page.follow(lambda: page.get_by_role("button", name="Nommer").click())
    assert "claire@aract.example coordonne le programme" in page.content()

    # A new organisation, with a SIRET, joins the programme.
    browser_page.follow(lambda: page.get_by_role("link", name="Créer une organisation").click())
    page.get_by_label("Nom*", exact=True).fill("Lunetterie de Morez")
    page.get_by_label("Département").select_option("39")
    page.get_by_label("SIRET").fill("732 829 320 00074")
    browser_page.follow(lambda: page.get_by_role("button", name="Enregistrer").click())
    assert "Lunetterie de Morez a été créée." in page.content()
    browser_page.goto("/programmes/mentorat-jura-2027/parametres/importer/")

    # Open recruitment from the overview, after confirmation.
    browser_page.goto("/programmes/mentorat-jura-2027/")
    browser_page.follow(lambda: page.get_by_role("link", name="Passer à « Recrutement »").click())
    browser_page.follow(
        lambda: page.get_by_role("button", name="Oui, passer à « Recrutement »").click()
    )
    assert "Le programme est désormais dans sa phase « Recrutement »." in page.content()
    browser_page.screenshot("programme-setup-overview")

    programme = Programme.objects.get(slug="mentorat-jura-2027")
    assert programme.current_phase == Phase.RECRUITMENT
    assert programme.objectives == ["Renforcer les pratiques managériales", "Créer un réseau"]
    assert programme.topics.filter(name="Santé et sécurité au travail").exists()
    assert programme.calendar.filter(phase=Phase.RECRUITMENT).exists()
    assert programme.organisations.filter(siret="73282932000074").exists()
    assert Membership.objects.filter(
        programme=programme, user__email="claire@aract.example", role=Role.COORDINATOR
    ).exists()
