"""The browser enforces the platform's Content-Security-Policy, and the fixture's check sees
what it refuses (so that every other browser test, passing, proves its pages need nothing the
policy forbids). The admin, Django's own pages, runs under the same policy."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

INLINE = """<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head><body><main>
<h1 style="color: red">Essai</h1><script>document.title = "exécuté";</script>
<button type="button" onclick="document.title = 'cliqué'">Bouton</button></main></body></html>"""


def test_the_policy_refuses_inline_code_and_the_check_reports_it(browser_page, client):
    # A page of the live server whose body holds inline code, with the site's own headers.
    headers = dict(client.get("/").headers)
    page = browser_page.page
    page.route(
        "**/essai-inline/",
        lambda route: route.fulfill(
            status=200,
            headers={**headers, "Content-Type": "text/html; charset=utf-8"},
            body=INLINE,
        ),
    )
    browser_page.goto("/essai-inline/")
    page.get_by_role("button", name="Bouton").click()
    assert page.title() == "Essai"  # neither the script nor the handler ran
    assert page.get_by_role("heading").evaluate("h => getComputedStyle(h).color") != (
        "rgb(255, 0, 0)"
    )
    refused = "\n".join(browser_page.violations)
    assert "inline script" in refused or "script-src" in refused
    assert "style" in refused
    assert "event handler" in refused or "script-src-attr" in refused
    browser_page.violations.clear()  # seen: the teardown's own check stays for other tests


def test_the_admin_works_under_the_policy(browser_page):
    UserFactory(email="equipe@exemple.fr", is_staff=True, is_superuser=True)
    browser_page.login("equipe@exemple.fr")
    page = browser_page.page
    # Django's markup, not ours: axe-core is not asked; the policies are checked all the same,
    # on pages whose scripts build widgets (calendars, the two-list choice of organisations).
    for path in ("/admin/", "/admin/programmes/programme/", "/admin/accounts/user/"):
        browser_page.goto(path, audit=False)
    browser_page.goto("/admin/programmes/programme/add/", audit=False)
    # The admin's scripts ran: the calendar shortcut and the filter of the two lists.
    assert page.locator(".datetimeshortcuts").count() > 0
    assert page.locator("#id_organisations_filter").count() == 1
