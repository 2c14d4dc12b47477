"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every page a test opens is checked with axe-core (shipped by axe-playwright-python, never from a
CDN): a violation of impact "serious" or "critical" fails the test. Use ``browser_page.goto()``
and ``browser_page.follow()`` rather than the raw Playwright page so that no page escapes the
check; the teardown fails if a navigation was not checked. Requests to any other host than the
live server are blocked and fail the test (no external asset). Anything the Content-Security-
Policy refused (an inline script or style, a foreign asset) and any error of the
Permissions-Policy header fails the test too: every browser test proves its pages need no
exception to the policy.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are
# still synchronous, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.getenv("CHROMIUM_PATH", "/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "browser"
BLOCKING_IMPACTS = {"serious", "critical"}
# Chromium reports a refusal of the Content-Security-Policy in the console ("Refused to apply
# inline style...") and fires a securitypolicyviolation event, which this script (run before the
# page's own, outside its policy) writes to the console too, in case a message is ever missed.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""
POLICY_MESSAGES = ("Refused to", "CSP violation", "Content Security Policy", "Permissions-Policy")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.getenv("CI", "").lower() == "true":
            pytest.fail(f"CI=true and Chromium is missing at {CHROMIUM}", pytrace=False)
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class CheckedPage:
    """A Playwright page whose every loaded document is checked by axe-core."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.navigated: list[str] = []
        self.checked: set[str] = set()
        self.external: list[str] = []
        self.violations: list[str] = []
        self.auditing = False
        page.on("framenavigated", self._on_navigated)
        page.on("console", self._on_console)
        page.add_init_script(REPORT_VIOLATIONS)

    def _on_navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.navigated.append(frame.url)

    def _on_console(self, message) -> None:
        if self.auditing and "style" in message.text:
            return  # axe-core's own <style>, added while it measures the page
        if any(part in message.text for part in POLICY_MESSAGES):
            self.violations.append(f"{self.page.url}: {message.text}")

    def check_accessibility(self) -> None:
        self.page.wait_for_load_state("load")
        # A round trip first delivers the page's own console messages; then what the browser
        # refuses while axe-core runs is axe's doing (it adds a <style> on some pages).
        self.page.evaluate("0")
        self.auditing = True
        try:
            results = self.axe.run(self.page)
            self.page.evaluate("0")
        finally:
            self.auditing = False
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in BLOCKING_IMPACTS
        ]
        assert not blocking, f"axe-core on {self.page.url}:\n" + "\n".join(blocking)
        self.checked.add(self.page.url)

    def goto(self, path: str, *, audit: bool = True):
        """Open ``path`` and check it with axe-core; ``audit=False`` only for pages whose markup
        is not ours (Django's admin): the policies are still checked."""
        response = self.page.goto(self.base_url + path)
        if audit:
            self.check_accessibility()
        else:
            self.page.wait_for_load_state("load")
            self.checked.add(self.page.url)
        return response

    def follow(self, action) -> None:
        """Run ``action`` (a click, a submit) that loads a new page, then check that page."""
        with self.page.expect_navigation():
            action()
        self.check_accessibility()

    def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, email: str, password: str = "motdepasse-de-test") -> None:
        self.goto("/comptes/login/")
        self.page.get_by_label("Courriel").fill(email)
        self.page.get_by_label("Mot de passe").fill(password)
        self.follow(lambda: self.page.get_by_role("button", name="Connexion").click())


@pytest.fixture
def browser_page(chromium, live_server):
    context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    checked = CheckedPage(page, live_server.url)
    host = urlsplit(live_server.url).netloc

    def guard(route):
        url = route.request.url
        if urlsplit(url).netloc != host and not url.startswith(("data:", "blob:")):
            checked.external.append(url)
            return route.abort()
        return route.continue_()

    page.route("**/*", guard)
    yield checked
    context.close()
    assert not checked.external, f"external requests: {checked.external}"
    assert not checked.violations, "refused by the page's policies:\n" + "\n".join(
        checked.violations
    )
    unchecked = [
        url for url in checked.navigated if url not in checked.checked and url != "about:blank"
    ]
    assert not unchecked, f"pages opened without an accessibility check: {unchecked}"
