import pytest

from mentorat.core.demo import DEMO_PASSWORD, seed_demo


@pytest.mark.django_db(transaction=True)
def test_the_demo_coordinator_logs_in_and_sees_the_french_home_page(browser_page):
    logins = seed_demo()
    browser_page.login(logins.coordinators[0], DEMO_PASSWORD)
    page = browser_page.page
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Claire"
    assert page.get_by_role(
        "link", name="Mentorat inter-entreprises Bourgogne-Franche-Comté"
    ).is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    browser_page.screenshot("coordinator-home")
