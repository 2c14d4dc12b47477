"""A mentee's rights in the browser: (their data,) the erasure asked for, confirmed from the
e-mail, after which they cannot log in; the coordinator sees the pair without the name."""

import re

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from programmes.models import Role
from tests.factories import (
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
    dated_pair,
    meeting_held,
)
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "ombeline.verchere@exemple.fr"


def _has_route(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_a_mentee_asks_for_erasure_confirms_it_and_the_coordinator_sees_no_name(browser_page):
    programme = ProgrammeFactory(
        name="Mentorat 2026", slug="mentorat-2026", current_phase="running"
    )
    coordinator = UserFactory(email="pilote@exemple.fr", first_name="Paule", last_name="Pilote")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    mentee = UserFactory(email=EMAIL, first_name="Ombeline", last_name="Verchère")
    pair = dated_pair(
        programme, "active", mentee=accepted_participant(programme, Role.MENTEE, user=mentee)
    )
    meeting_held(pair, days_ago=10)
    page = browser_page.page

    browser_page.login(EMAIL)
    if _has_route("rights:account"):
        # "Mon compte" (the account's branch): the data first, then the way to erasure.
        browser_page.goto(reverse("rights:account"))
        with page.expect_download() as download:
            page.get_by_role("button", name="Télécharger mes données").click()
        assert download.value.suggested_filename.endswith(".zip")
        browser_page.follow(
            lambda: page.get_by_role("link", name="Demander l’effacement de mes données").click()
        )
    else:
        browser_page.goto(reverse("rights:erasure_request"))
    assert page.get_by_role("heading", level=1).inner_text() == "Effacer mon compte"
    browser_page.follow(
        lambda: page.get_by_role("button", name="Demander l’effacement de mon compte").click()
    )
    assert "Un e-mail a été envoyé" in page.content()

    message = wait_until(
        lambda: next((m for m in mail.outbox if m.to == [EMAIL]), None), what="the e-mail"
    )
    assert message.subject.endswith("Confirmez l’effacement de votre compte Mentorat")
    link = re.search(r"https?://\S+?(/compte/effacement/\S+/)", message.body).group(1)
    browser_page.goto(link)
    page.get_by_label(re.compile("Je comprends")).check()
    browser_page.follow(
        lambda: page.get_by_role("button", name="Effacer mon compte maintenant").click()
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Votre compte a été effacé"
    browser_page.screenshot("rights-erased")

    browser_page.login(EMAIL)
    assert page.get_by_role("heading", level=1).inner_text() == "Connexion"
    assert "Se déconnecter" not in page.content()

    browser_page.login(coordinator.email)
    browser_page.goto(
        reverse("followup:steer_pair", kwargs={"slug": programme.slug, "pair_id": pair.pk})
    )
    html = page.content()
    assert "Participant(e) effacé(e)" in html
    assert "Ombeline" not in html and "Verchère" not in html
    browser_page.goto(reverse("followup:pairs", kwargs={"slug": programme.slug}))
    assert "Participant(e) effacé(e)" in page.content() and "Ombeline" not in page.content()
