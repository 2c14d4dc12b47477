"""A month of a pair's life in Chromium, every page axe-checked: the mentee opens the pair page
from "my pair", accepts the charter, logs a meeting, plans the next one and asks to be called;
the coordinator opens the pair's page and marks the request handled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from followup.models import HelpRequest, Meeting, PlannedMeeting
from followup.services.pair_life import charter_accept
from matching.models import PairStatus
from programmes.models import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_pair,
    accepted_participant,
)


@pytest.mark.django_db(transaction=True)
def test_a_mentee_lives_the_pair_and_the_coordinator_handles_the_request(browser_page):
    programme = ProgrammeFactory(
        name="Mentorat Doubs 2027", slug="mentorat-doubs-2027", charter="Confidentialité."
    )
    coordinator = UserFactory(email="claire@aract.example", first_name="Claire", last_name="Roy")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    mentor = accepted_participant(
        programme,
        Role.MENTOR,
        OrganisationFactory(name="Transports Comtois"),
        user=UserFactory(email="marc@pme.example", first_name="Marc", last_name="Vuillet"),
    )
    mentee = accepted_participant(
        programme,
        Role.MENTEE,
        OrganisationFactory(name="Fromagerie du Haut-Doubs"),
        user=UserFactory(email="lea@pme.example", first_name="Léa", last_name="Bourgeois"),
    )
    pair = accepted_pair(programme, mentor=mentor, mentee=mentee)
    charter_accept(pair=pair, by=mentor.user)
    page = browser_page.page

    browser_page.login("lea@pme.example")
    browser_page.goto("/appariement/mentorat-doubs-2027/mon-binome/")
    browser_page.follow(
        lambda: page.get_by_role("link", name="Ouvrir la page de mon binôme – Marc Vuillet").click()
    )
    browser_page.follow(lambda: page.get_by_role("button", name="J’accepte la charte").click())
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE

    page.get_by_label("Date de la rencontre").fill(
        (timezone.localdate() - timedelta(days=1)).isoformat()
    )
    page.locator("#id_meeting-duration_minutes").fill("90")
    page.locator("#id_meeting-mode_1").check()
    browser_page.follow(
        lambda: page.get_by_role("button", name="Enregistrer cette rencontre").click()
    )
    assert Meeting.objects.get(pair=pair).duration_minutes == 90

    day = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Date et heure").fill(f"{day.isoformat()}T17:30")
    page.locator("#id_planned-mode_0").check()
    browser_page.follow(
        lambda: page.get_by_role("button", name="Enregistrer la prochaine rencontre").click()
    )
    planned = PlannedMeeting.objects.get(pair=pair)
    assert timezone.localtime(planned.starts_at).strftime("%H:%M") == "17:30"

    page.locator("#id_help-channel_1").check()  # by phone
    browser_page.follow(
        lambda: page.get_by_role(
            "button", name="Je souhaite être contacté(e) par la coordination"
        ).click()
    )
    assert HelpRequest.objects.get(pair=pair).channel == "phone"
    browser_page.screenshot("pair-life-member")

    page.context.clear_cookies()
    browser_page.login("claire@aract.example")
    browser_page.goto(f"/suivi/mentorat-doubs-2027/binomes/{pair.pk}/")
    browser_page.screenshot("pair-life-coordination")
    browser_page.follow(lambda: page.get_by_role("button", name="Traitée – Léa Bourgeois").click())
    assert HelpRequest.objects.get(pair=pair).handled_by == coordinator
