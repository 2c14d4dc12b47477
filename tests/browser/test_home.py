"""Each persona of the demo logs in and sees their French home page (axe-core checks each
page; the fixture fails on any request to another host)."""

import pytest

from mentorat.front.demo import DEMO_NAME, DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


def _heading(browser_page) -> str:
    return browser_page.page.get_by_role("heading", level=1).inner_text()


def test_the_demo_coordinator_logs_in_and_sees_the_french_home_page(browser_page):
    logins = seed_demo()
    browser_page.login(logins.coordinators[0], DEMO_PASSWORD)
    page = browser_page.page
    assert _heading(browser_page) == "Bonjour Claire"
    assert page.get_by_role("heading", name="Les programmes que je coordonne").is_visible()
    assert page.get_by_role("link", name=DEMO_NAME).is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Nouveau programme").count() == 0
    browser_page.screenshot("coordinator-home")


def test_the_demo_staff_see_every_programme_and_the_administration(browser_page):
    logins = seed_demo()
    browser_page.login(logins.staff, DEMO_PASSWORD)
    page = browser_page.page
    assert _heading(browser_page) == "Bonjour Équipe"
    assert page.get_by_role("heading", name="Tous les programmes").is_visible()
    assert page.get_by_role("link", name=DEMO_NAME).is_visible()
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert nav.get_by_role("link", name="Administration").is_visible()
    assert nav.get_by_role("link", name="Nouveau programme").is_visible()
    browser_page.screenshot("staff-home")


def test_a_demo_referent_sees_their_organisations_enrolment(browser_page):
    logins = seed_demo()
    browser_page.login(logins.referents[0], DEMO_PASSWORD)
    page = browser_page.page
    assert _heading(browser_page).startswith("Bonjour")
    assert page.get_by_role("heading", name="Les inscriptions de mon organisation").is_visible()
    assert page.get_by_role("heading", name="Les programmes que je coordonne").count() == 0
    browser_page.screenshot("referent-home")


def test_a_demo_mentee_sees_their_programme_and_next_step(browser_page):
    logins = seed_demo()
    browser_page.login(logins.mentees[0], DEMO_PASSWORD)
    page = browser_page.page
    assert _heading(browser_page).startswith("Bonjour")
    assert page.get_by_role("heading", name="Ma participation").is_visible()
    assert page.get_by_role("heading", name=DEMO_NAME).is_visible()
    assert page.get_by_text("Prochaine étape :").is_visible()
    assert page.get_by_role("heading", name="Les programmes que je coordonne").count() == 0
    assert page.get_by_role("link", name="Administration").count() == 0
    browser_page.screenshot("mentee-home")


def test_the_welcome_and_login_pages_load_no_external_asset(browser_page):
    browser_page.goto("/")
    assert _heading(browser_page) == "Mentorat inter-entreprises"
    browser_page.follow(
        lambda: (
            browser_page.page.get_by_role("main").get_by_role("link", name="Se connecter").click()
        )
    )
    assert _heading(browser_page) == "Connexion"
    # Stylesheets and scripts all come from our own server (the fixture fails on any other).
    sheets = browser_page.page.eval_on_selector_all(
        "link[rel=stylesheet], script[src]", "els => els.map(e => e.href || e.src)"
    )
    assert sheets and all(url.startswith(browser_page.base_url) for url in sheets)
    browser_page.screenshot("login")
