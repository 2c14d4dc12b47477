"""Accessibility beyond what axe-core sees (WCAG 2.4.7 / 1.4.11 focus, 1.4.10 reflow, 2.4.2
titles, 3.3.1 errors): measured in the browser from computed styles and layout, on the pages a
keyboard and zoom check found wanting."""

import pytest

from programmes.models import ApplicationStatus, Role
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.matching.matching_views_helpers import done_run, participant

# The contrast of the focus outline with what surrounds it: the outline stands off the element,
# so it is drawn on the background of the nearest ancestor that paints one.
FOCUS_CONTRAST = """() => {
  const el = document.activeElement;
  const parse = (c) => {
    const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let back = { r: 255, g: 255, b: 255, a: 1 };
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c.a > 0) { back = c; break; }
  }
  const style = getComputedStyle(el);
  const [l1, l2] = [lum(parse(style.outlineColor)), lum(back)];
  return {
    text: el.textContent.trim(),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    ratio: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05),
  };
}"""
SIDEWAYS = "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
LONG_EMAIL = "marie-christine.de-la-fontaine-saint-hilaire@transports-comtois-et-associes.example"


def _coordinated_programme():
    """A programme in matching, with long names, a finished run and a coordinator."""
    programme = ProgrammeFactory(
        name="Mentorat des managers de PME de Bourgogne-Franche-Comté 2027",
        slug="mentorat-bfc-2027",
    )
    coordinator = UserFactory(email="claire@aract.example", first_name="Claire", last_name="Roy")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    a = OrganisationFactory(name="Fromagerie coopérative du Haut-Doubs et du plateau de Maîche")
    b = OrganisationFactory(name="Transports Comtois et Associés", sector="Transport")
    programme.organisations.add(a, b)
    mentors = [participant(programme, Role.MENTOR, a) for _ in range(12)]
    mentees = [participant(programme, Role.MENTEE, b) for _ in range(14)]
    done_run(programme, list(zip(mentors, mentees[:12], strict=True)), unmatched=mentees[12:])
    return programme


def _tab_to(page, selector: str, presses: int = 15) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"no {selector} reached with the keyboard")


@pytest.mark.django_db(transaction=True)
def test_the_focus_is_outlined_at_3_to_1_on_the_dark_navigation_and_on_the_page(browser_page):
    programme = _coordinated_programme()
    page = browser_page.page
    browser_page.login("claire@aract.example")
    browser_page.goto(f"/appariement/{programme.slug}/")

    _tab_to(page, ".navbar .nav-link")
    on_navigation = page.evaluate(FOCUS_CONTRAST)
    _tab_to(page, "main .breadcrumb a")
    on_page = page.evaluate(FOCUS_CONTRAST)
    _tab_to(page, "main .btn", presses=40)
    on_button = page.evaluate(FOCUS_CONTRAST)
    browser_page.screenshot("accessibility-focus-button")

    for focus in (on_navigation, on_page, on_button):
        assert focus["style"] == "solid" and focus["width"] >= 2, focus
        assert focus["ratio"] >= 3, focus
    assert on_navigation["text"] == "Accueil"


@pytest.mark.django_db(transaction=True)
def test_the_pages_reflow_without_sideways_scrolling_and_keep_their_own_titles(browser_page):
    programme = _coordinated_programme()
    applicant = UserFactory(email=LONG_EMAIL, first_name="", last_name="")
    application = ApplicationFactory(
        programme=programme,
        user=applicant,
        role=Role.MENTEE,
        organisation=programme.organisations.first(),
        status=ApplicationStatus.SUBMITTED,
    )
    page = browser_page.page
    browser_page.login("claire@aract.example")
    titles = {}

    # 200 % zoom of a 1280 px window: 640 CSS pixels.
    page.set_viewport_size({"width": 640, "height": 900})
    for path in (
        f"/appariement/{programme.slug}/",
        f"/appariement/{programme.slug}/incompatibilites/",
        f"/programmes/{programme.slug}/candidatures/",
    ):
        browser_page.goto(path)
        scroll_width, client_width = page.evaluate(SIDEWAYS)
        assert scroll_width <= client_width, (path, scroll_width, client_width)
        titles[page.title()] = path
    browser_page.screenshot("accessibility-proposal-640")

    # 400 % zoom: 320 CSS pixels, where a long e-mail address must wrap.
    page.set_viewport_size({"width": 320, "height": 900})
    path = f"/programmes/{programme.slug}/candidatures/{application.pk}/"
    browser_page.goto(path)
    assert LONG_EMAIL in page.get_by_role("heading", level=1).inner_text()
    scroll_width, client_width = page.evaluate(SIDEWAYS)
    assert scroll_width <= client_width, (path, scroll_width, client_width)
    titles[page.title()] = path
    browser_page.screenshot("accessibility-long-email-320")

    assert len(titles) == 4, titles


@pytest.mark.django_db(transaction=True)
def test_after_a_failed_submit_the_error_summary_takes_the_focus_and_leads_to_each_field(
    browser_page,
):
    UserFactory(email="equipe@aract.example", first_name="Agnès", is_staff=True)
    page = browser_page.page
    browser_page.login("equipe@aract.example")
    browser_page.goto("/programmes/nouveau/")
    note = "Les champs marqués d’un astérisque (*) sont obligatoires."
    assert page.get_by_text(note).count() == 1

    browser_page.follow(lambda: page.get_by_role("button", name="Créer le programme").click())
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("(el) => el === document.activeElement")
    assert "2 problèmes à corriger" in summary.inner_text()
    links = summary.get_by_role("link")
    assert links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))") == [
        "#id_name",
        "#id_slug",
    ]
    browser_page.screenshot("accessibility-error-summary")

    links.nth(1).click()
    assert page.evaluate("() => document.activeElement.id") == "id_slug"
    page.keyboard.type("mentorat-jura-2027")
    summary.get_by_role("link", name="Nom : Ce champ est obligatoire.").click()
    assert page.evaluate("() => document.activeElement.id") == "id_name"
    page.keyboard.type("Mentorat Jura 2027")
    browser_page.follow(lambda: page.get_by_role("button", name="Créer le programme").click())
    assert "Étape 1 sur 8 : Général" in page.get_by_role("heading", level=1).inner_text()
