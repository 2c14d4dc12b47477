"""Accounts in the browser: the language switcher, sign-up and login pages, logging out."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _heading(browser_page) -> str:
    return browser_page.page.get_by_role("heading", level=1).inner_text()


def _switch_to(browser_page, language: str, *, label: str, button: str) -> None:
    page = browser_page.page
    page.get_by_label(label, exact=True).select_option(language)
    browser_page.follow(lambda: page.get_by_role("button", name=button).click())


def test_the_language_switcher_goes_to_english_and_back(browser_page):
    browser_page.goto("/comptes/login/")
    assert _heading(browser_page) == "Connexion"

    _switch_to(browser_page, "en", label="Langue", button="Changer de langue")
    page = browser_page.page
    assert page.url.endswith("/comptes/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _heading(browser_page) == "Sign In"
    assert page.get_by_role("link", name="Skip to main content").count() == 1

    _switch_to(browser_page, "fr", label="Language", button="Switch language")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert _heading(browser_page) == "Connexion"


def test_the_sign_up_and_login_by_code_pages_are_french_and_accessible(browser_page):
    browser_page.goto("/comptes/signup/")
    assert _heading(browser_page) == "Création de compte"
    page = browser_page.page
    for label in ["Prénom", "Nom", "Courriel", "Mot de passe"]:
        # The label ends with the "required" asterisk.
        assert page.get_by_label(f"{label}*", exact=True).is_visible()
    browser_page.goto("/comptes/login/")
    browser_page.follow(
        lambda: page.get_by_role("link", name="Envoyez-moi un code de connexion").click()
    )
    assert _heading(browser_page) == "Envoyez-moi un code de connexion"


def test_a_person_logs_in_and_out(browser_page):
    UserFactory(email="camille@exemple.fr", first_name="Camille")
    browser_page.login("camille@exemple.fr")
    assert _heading(browser_page) == "Bonjour Camille"
    page = browser_page.page
    browser_page.follow(lambda: page.get_by_role("button", name="Se déconnecter").click())
    assert page.get_by_role("link", name="Se connecter").first.is_visible()
