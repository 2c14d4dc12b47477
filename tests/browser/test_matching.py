"""A coordinator runs matching, reviews and adjusts the proposal, runs it again and publishes;
a member opens the link of their e-mail and accepts."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from matching import selectors, services
from matching.models import MatchingRun, Pair, PairRule, ProposedPair, RunStatus
from programmes.models import ApplicationStatus, Role, Topic
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PairFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
)

TOPICS = ["Prendre son poste", "Recrutement", "Conduite du changement", "Qualité de vie"]


def _participant(programme, role, organisation, n: int, topics: list[str], **fields):
    user = UserFactory(email=f"{role}{n}@pme.example", language="fr")
    return accepted_participant(
        programme, role, organisation, user=user, topics=tuple(topics), **fields
    )


def _programme():
    """6 mentors and 8 mentees of 5 organisations, with topics, experience and meeting modes."""
    programme = ProgrammeFactory(name="Mentorat Doubs 2027", slug="mentorat-doubs-2027")
    for position, name in enumerate(TOPICS):
        Topic.objects.create(programme=programme, name=name, position=position)
    coordinator = UserFactory(email="claire@aract.example", first_name="Claire", last_name="Roy")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    organisations = [
        OrganisationFactory(name=name, departement=dep, sector=sector)
        for name, dep, sector in [
            ("Fromagerie du Haut-Doubs", "25", "Agroalimentaire"),
            ("Transports Comtois", "25", "Transport"),
            ("Horlogerie de Morteau", "25", "Industrie"),
            ("Scierie du Jura", "39", "Industrie"),
            ("Conseil Bisontin", "25", "Services"),
        ]
    ]
    programme.organisations.add(*organisations)
    for n in range(6):
        _participant(
            programme,
            Role.MENTOR,
            organisations[n % 5],
            n,
            TOPICS[n % 4 : n % 4 + 2],
            capacity=2,
            experience_years=8 + n,
            meeting_mode="mixte",
            job_title="Directeur·rice",
        )
    for n in range(8):
        _participant(
            programme,
            Role.MENTEE,
            organisations[(n + 2) % 5],
            n,
            [TOPICS[n % 4]],
            experience_years=n % 3,
            meeting_mode="presentiel" if n % 2 else "mixte",
            job_title="Cheffe d'équipe",
        )
    return programme


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_runs_adjusts_publishes_and_a_member_accepts(browser_page):
    programme = _programme()
    page = browser_page.page
    browser_page.login("claire@aract.example")

    # Run matching.
    browser_page.goto("/appariement/mentorat-doubs-2027/")
    assert "L’appariement n’a pas encore été lancé" in page.content()
    page.get_by_label("Équité : privilégier le binôme le moins bien apparié").check()
    browser_page.follow(
        lambda: page.get_by_role("button", name="Lancer l’appariement", exact=True).click()
    )
    run = MatchingRun.objects.get(programme=programme)
    assert run.status == RunStatus.DONE
    assert run.parameters["fairness"] is True
    assert "La proposition est prête" in page.content()
    assert page.get_by_role("table", name=re.compile("binômes correspondent")).is_visible()
    browser_page.screenshot("matching-proposal")

    # Sort and filter through the table's links and form.
    browser_page.follow(lambda: page.get_by_role("link", name="Mentoré", exact=True).click())
    assert "sort=mentee" in page.url
    page.get_by_label("Score le plus bas").fill("0")
    browser_page.follow(lambda: page.get_by_role("button", name="Filtrer").click())
    assert "min_score=0" in page.url

    # Open a mentee, choose another mentor who has room.
    pair = ProposedPair.objects.filter(run=run).select_related("mentee__user").first()
    mentee = pair.mentee
    name = mentee.user.get_full_name()
    browser_page.follow(lambda: page.get_by_role("link", name=f"Détails – {name}").first.click())
    assert name in page.get_by_role("heading", level=1).inner_text()
    assert "Pourquoi ce mentor, critère par critère" in page.content()
    room = [a for a in selectors.alternatives_for(run, mentee) if a["load"] < a["capacity"]]
    assert room, "the data leaves room for a swap"
    other = room[0]["mentor"]
    browser_page.follow(
        lambda: page.get_by_role(
            "button", name=f"Choisir ce mentor – {other.user.get_full_name()}"
        ).click()
    )
    assert "est maintenant le mentor proposé à" in page.content()
    assert ProposedPair.objects.get(run=run, mentee=mentee).mentor == other
    browser_page.screenshot("matching-mentee-after-swap")

    # Lock the new pair, then run matching again: the lock holds.
    browser_page.follow(lambda: page.get_by_role("button", name="Verrouiller ce binôme").click())
    assert "est verrouillé" in page.content()
    assert PairRule.objects.get(programme=programme).kind == "lock"
    browser_page.follow(lambda: page.get_by_role("link", name="Retour à l’appariement").click())
    browser_page.follow(
        lambda: page.get_by_role("button", name="Lancer l’appariement", exact=True).click()
    )
    latest = selectors.latest_run(programme)
    assert latest.pk != run.pk and latest.status == RunStatus.DONE
    kept = ProposedPair.objects.get(run=latest, mentee=mentee)
    assert kept.mentor == other and kept.locked

    # Incompatible organisations: a small page of its own.
    browser_page.follow(
        lambda: page.get_by_role("link", name="Organisations incompatibles").click()
    )
    browser_page.follow(lambda: page.get_by_role("link", name="Retour à l’appariement").click())

    # Publish, after the confirmation step.
    mail.outbox.clear()
    browser_page.follow(lambda: page.get_by_role("link", name="Publier les binômes…").click())
    assert "reçoivent un courriel" in page.content()
    browser_page.follow(
        lambda: page.get_by_role("button", name="Publier et envoyer les courriels").click()
    )
    assert "binômes sont publiés" in page.content()
    matched = latest.proposed_pairs.count()
    assert Pair.objects.filter(programme=programme).count() == matched
    assert len(mail.outbox) == 2 * matched
    browser_page.screenshot("matching-published")

    # A mentee opens the link of their e-mail and accepts.
    message = next(m for m in mail.outbox if m.to == [mentee.user.email])
    link = re.search(r"https?://\S+/appariement/\S+", message.body).group(0)
    page.context.clear_cookies()
    browser_page.login(mentee.user.email)
    browser_page.goto(urlsplit(link).path)
    assert other.user.get_full_name() in page.content()
    assert "Pourquoi vous avez été mis en binôme" in page.content()
    assert "score" not in page.locator("main").inner_text().lower()
    browser_page.follow(lambda: page.get_by_role("button", name="Accepter ce binôme").click())
    assert "votre réponse est enregistrée" in page.content()
    browser_page.screenshot("matching-member-accepted")
    assert Pair.objects.get(mentee=mentee).mentee_response == "accepted"


@pytest.mark.django_db(transaction=True)
def test_the_progress_page_follows_a_run_computed_elsewhere_and_opens_the_proposal(
    browser_page,
):
    programme = _programme()
    # A run that a worker takes and computes: the page polls its status, then opens the proposal.
    run = MatchingRun.objects.create(programme=programme, status=RunStatus.PENDING, progress=40)
    page = browser_page.page
    browser_page.login("claire@aract.example")
    browser_page.goto(f"/appariement/mentorat-doubs-2027/runs/{run.pk}/")
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "40"
    # The bar's width is set by static/js/matching.js (no style attribute under the CSP).
    fill = bar.locator(".progress-bar")
    assert fill.evaluate("element => element.style.width") == "40%"
    MatchingRun.objects.filter(pk=run.pk).update(progress=80)
    # A function, not a string: the page's policy forbids evaluating strings (no unsafe-eval).
    page.wait_for_function(
        "() => document.querySelector('[role=progressbar]').getAttribute('aria-valuenow') === '80'"
    )
    assert fill.evaluate("element => element.style.width") == "80%"
    browser_page.screenshot("matching-run-progress")

    browser_page.follow(lambda: services.run_execute(run=run))
    assert page.url.endswith("/appariement/mentorat-doubs-2027/")
    assert "La proposition est prête" in page.content()


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_and_a_declined_pair_read_clearly(browser_page):
    programme = _programme()
    page = browser_page.page
    # No accepted mentor: the run fails and says why.
    programme.applications.filter(role=Role.MENTOR).update(status=ApplicationStatus.WITHDRAWN)
    browser_page.login("claire@aract.example")
    browser_page.goto("/appariement/mentorat-doubs-2027/")
    browser_page.follow(
        lambda: page.get_by_role("button", name="Lancer l’appariement", exact=True).click()
    )
    assert "Aucune proposition n’a pu être calculée" in page.content()
    browser_page.screenshot("matching-run-failed")
    browser_page.goto("/appariement/mentorat-doubs-2027/incompatibilites/")
    page.get_by_label("Première organisation").select_option(label="Scierie du Jura")
    page.get_by_label("Seconde organisation").select_option(label="Scierie du Jura")
    browser_page.follow(lambda: page.get_by_role("button", name="Déclarer incompatibles").click())
    assert "Choisissez deux organisations différentes." in page.content()

    # A mentee declines the pair proposed to them, after confirming.
    programme.applications.filter(role=Role.MENTOR).update(status=ApplicationStatus.ACCEPTED)
    mentor = programme.applications.filter(role=Role.MENTOR).first()
    mentee = (
        programme.applications.filter(role=Role.MENTEE)
        .exclude(organisation=mentor.organisation)
        .first()
    )
    PairFactory(programme=programme, mentor=mentor, mentee=mentee, criteria=[])
    page.context.clear_cookies()
    browser_page.login(mentee.user.email)
    browser_page.goto("/appariement/mentorat-doubs-2027/mon-binome/")
    browser_page.follow(lambda: page.get_by_role("link", name="Décliner ce binôme…").click())
    assert "Voulez-vous vraiment décliner le binôme avec" in page.content()
    # A reason of the list is required (the browser asks before sending; the server too).
    reason = page.get_by_label("Trop éloigné pour se rencontrer")
    assert reason.get_attribute("required") is not None
    browser_page.screenshot("matching-decline-reason")
    page.get_by_label("Trop éloigné pour se rencontrer").check()
    browser_page.follow(lambda: page.get_by_role("button", name="Oui, décliner ce binôme").click())
    assert "Vous avez décliné le binôme avec" in page.content()
    declined = Pair.objects.get(mentee=mentee)
    assert (declined.status, declined.decline_reason) == ("declined", "distance")


@pytest.mark.django_db(transaction=True)
def test_a_mentor_proposed_two_mentees_answers_each_pair_and_a_coordinator_removes_one(
    browser_page,
):
    programme = _programme()
    page = browser_page.page
    mentor = programme.applications.filter(role=Role.MENTOR).first()
    mentees = list(
        programme.applications.filter(role=Role.MENTEE).exclude(organisation=mentor.organisation)
    )[:2]
    first, second = (
        PairFactory(programme=programme, mentor=mentor, mentee=m, criteria=[]) for m in mentees
    )
    browser_page.login(mentor.user.email)
    browser_page.goto("/appariement/mentorat-doubs-2027/mon-binome/")
    assert "Vous avez 2 binômes dans ce programme" in page.content()
    name = second.mentee.user.get_full_name()
    browser_page.follow(
        lambda: page.get_by_role("button", name=f"Accepter ce binôme – {name}").click()
    )
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.mentor_response, first.mentor_response) == ("accepted", "")
    name = first.mentee.user.get_full_name()
    browser_page.follow(
        lambda: page.get_by_role("button", name=f"Accepter ce binôme – {name}").click()
    )
    first.refresh_from_db()
    assert first.mentor_response == "accepted"
    browser_page.screenshot("matching-two-pairs-answered")

    # The coordinator takes a mentee out of a new proposal: their mentor's place is freed.
    Pair.objects.all().delete()
    run = services.run_start(programme=programme, by=None, enqueue=False)
    run = services.run_execute(run=run)
    removed = run.proposed_pairs.select_related("mentee__user").first().mentee
    page.context.clear_cookies()
    browser_page.login("claire@aract.example")
    browser_page.goto(f"/appariement/mentorat-doubs-2027/mentores/{removed.pk}/")
    browser_page.follow(
        lambda: page.get_by_role("button", name="Retirer de la proposition").click()
    )
    assert "est retiré de la proposition" in page.content()
    assert not run.proposed_pairs.filter(mentee=removed).exists()
