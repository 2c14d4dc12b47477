"""Answering in Chromium, every page axe-checked: a mentee opens the check-in from the e-mail's
signed link without logging in, answers and asks to be contacted; the link then says it is used;
signed in, she finds the baseline questionnaire on her pair page and answers it there."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from evaluation.models import Response
from followup.models import HelpRequest
from followup.reminders import reminders_sweep
from programmes.models import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_pair,
    accepted_participant,
    invited,
    wave_of,
)


@pytest.mark.django_db(transaction=True)
def test_a_mentee_answers_a_check_in_from_the_e_mail_and_a_questionnaire_signed_in(
    browser_page,
):
    programme = ProgrammeFactory(name="Mentorat Doubs 2027", slug="mentorat-doubs-2027")
    coordinator = UserFactory(email="claire@aract.example", first_name="Claire")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    mentor = accepted_participant(
        programme, Role.MENTOR, OrganisationFactory(name="Transports Comtois")
    )
    mentee = accepted_participant(
        programme,
        Role.MENTEE,
        OrganisationFactory(name="Fromagerie du Haut-Doubs"),
        user=UserFactory(email="lea@pme.example", first_name="Léa", last_name="Bourgeois"),
    )
    pair = accepted_pair(programme, mentor=mentor, mentee=mentee)
    pulse = wave_of(programme, "pulse")
    pulse.opens_on = timezone.localdate()
    pulse.save()
    invited(pulse, mentee.user)
    reminders_sweep(today=timezone.localdate(), kinds=["checkin-due"])
    (message,) = [m for m in mail.outbox if m.to == ["lea@pme.example"]]
    link = next(word for word in message.body.split() if "/repondre/" in word)
    page = browser_page.page

    # From the e-mail, without logging in.
    browser_page.goto(urlsplit(link).path)
    assert "Vos réponses sont anonymes" in page.content()
    page.get_by_role("group", name="Ces échanges vous sont-ils utiles ?").get_by_label(
        "Plutôt oui"
    ).check()
    page.get_by_label("Je souhaite être contacté(e) par la coordination").check()
    page.get_by_label("Par téléphone").check()
    browser_page.follow(lambda: page.get_by_role("button", name="Envoyer mes réponses").click())
    assert page.get_by_role("heading", name="Merci").is_visible()
    browser_page.screenshot("answering-thanks")
    (answer,) = Response.objects.filter(wave=pulse).values_list("answers", flat=True)
    assert list(answer.values()) == [3]
    assert HelpRequest.objects.get().requested_by == mentee.user

    # The link serves once.
    response = browser_page.goto(urlsplit(link).path)
    assert response.status == 410
    assert page.get_by_role("heading", name="Déjà répondu").is_visible()

    # Signed in: the pair page leads to the baseline questionnaire.
    baseline = wave_of(programme, "baseline")
    baseline.closes_on = timezone.localdate() + timedelta(days=10)
    baseline.save()
    invited(baseline, mentee.user)
    mentee.user.set_password("motdepasse-de-test")
    mentee.user.save()
    browser_page.login("lea@pme.example")
    browser_page.goto(f"/suivi/mentorat-doubs-2027/binome/{pair.pk}/")
    browser_page.follow(lambda: page.get_by_role("link", name="Questionnaire à remplir").click())
    page.get_by_label("Combien d’heures travaillez-vous habituellement par semaine ?").fill("45")
    browser_page.screenshot("answering-questionnaire")
    browser_page.follow(lambda: page.get_by_role("button", name="Envoyer mes réponses").click())
    assert "Merci : vos réponses sont enregistrées, sans votre nom." in page.content()
    assert page.get_by_text("Répondu", exact=True).count() == 2
    assert Response.objects.filter(wave=baseline).count() == 1
