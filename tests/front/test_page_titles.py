"""Every page its own <title> (WCAG 2.4.2): the pages a coordinator and a mentee open, a list's
page 2 included, never share one. The lead's permission matrix opens every route; this test
keeps to the pages with content of their own and checks the titles side by side."""

import re
from collections import defaultdict

from django.urls import reverse

from followup.services.messages import message_send
from matching.models import PairStatus
from programmes.models import Application
from tests.factories import PairFactory
from tests.matching.matching_views_helpers import done_run, people


def _title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def _titles(client, user, urls: list[str]) -> dict[str, list[str]]:
    client.force_login(user)
    titles = defaultdict(list)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        titles[_title(response.content.decode())].append(url)
    return titles


def test_no_two_pages_a_coordinator_and_a_mentee_open_share_a_title(client, personas):
    programme = personas.programme
    mentors, mentees = people(programme, 51)
    run = done_run(programme, list(zip(mentors, mentees, strict=True)))
    slug = {"slug": programme.slug}
    application = mentees[0]

    def programmes(name, **kwargs):
        return reverse(f"programmes:{name}", kwargs={**slug, **kwargs})

    def matching(name, **kwargs):
        return reverse(f"matching:{name}", kwargs={**slug, **kwargs})

    def followup(name, **kwargs):
        return reverse(f"followup:{name}", kwargs={**slug, **kwargs})

    # The follow-up: 51 pairs meeting (the dashboard and the list of pairs have a page 2), the
    # personas' own pair, a message sent.
    for mentor, mentee in list(zip(mentors, mentees, strict=True)):
        PairFactory(programme=programme, mentor=mentor, mentee=mentee, status=PairStatus.ACTIVE)
    own = PairFactory(
        programme=programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
        status=PairStatus.ACTIVE,
    )
    message = message_send(
        programme=programme,
        by=personas.coordinator,
        segment="mentors",
        segment_param="",
        subject="Réunion de lancement",
        body="Rendez-vous jeudi.",
    )

    steps = [
        "setup_general",
        "setup_calendar",
        "setup_topics",
        "setup_indicators",
        "setup_charter",
        "setup_matching",
        "setup_reports",
        "setup_organisations",
    ]
    coordinator_pages = [
        reverse("home"),
        reverse("programmes:my_programmes"),
        programmes("detail"),
        *[programmes(step) for step in steps],
        programmes("setup_import"),
        programmes("organisations"),
        programmes("organisation_create"),
        programmes("organisation_edit", pk=programme.organisations.first().pk),
        programmes("enrolment"),
        programmes("recruitment"),
        programmes("applications"),
        programmes("applications") + "?page=2",
        programmes("application_review", pk=application.pk),
        programmes("import_participants"),
        matching("proposal"),
        matching("proposal") + "?page=2",
        matching("mentee", application_id=application.pk),
        matching("incompatibilities"),
        matching("publish"),
        followup("dashboard"),
        followup("dashboard") + "?page=2",
        followup("pairs"),
        followup("pairs") + "?page=2",
        followup("steer_pair", pair_id=own.pk),
        followup("people_in_pairs"),
        followup("messages"),
        followup("message_compose"),
        followup("message_progress", message_id=message.pk),
    ]
    mentee_pages = [
        reverse("programmes:my_programmes"),
        programmes("my_application"),
        programmes("profile_edit"),
        matching("my_pair"),
        followup("pair", pair_id=own.pk),
    ]
    titles = _titles(client, personas.coordinator, coordinator_pages)
    for title, urls in _titles(client, personas.mentee, mentee_pages).items():
        titles[title] += urls
    assert run.proposed_pairs.count() == 51  # the proposal has a page 2
    shared = {title: urls for title, urls in titles.items() if len(urls) > 1}
    # "Mes programmes" is the same page for both personas: one URL, one title.
    shared.pop("Mes programmes – Mentorat", None)
    assert not shared, shared
    assert len(titles) == len(coordinator_pages) + len(mentee_pages) - 1
    assert "Appariement – Programme de test – page 2 – Mentorat" in titles
    assert "Étape 6 sur 8 : Appariement – Programme de test – Mentorat" in titles
    assert "Suivi des binômes – Programme de test – page 2 – Mentorat" in titles
    assert "Tous les binômes – Programme de test – page 2 – Mentorat" in titles
