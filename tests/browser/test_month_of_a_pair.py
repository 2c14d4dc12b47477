"""A month of a pair's life, in Chromium, every page axe-checked, with a real Celery worker
sending the e-mails: the mentee and the mentor accept the published pair (both are told by
e-mail), each accepts the charter; the coordinator's dashboard shows the pair green; seven weeks
pass without a meeting (the pair's history is moved back in the database: the live server runs
in another thread, so the clock is not patched) and the pair turns amber, saying why; the mentee
logs a meeting and plans the next one (its .ics parses): green again; the mentee asks to be
contacted (the coordination is e-mailed): red, saying who asked; the coordinator marks the
request handled: green.

Needs PostgreSQL and Redis: the worker, another process, reads the rows the live server wrote
(a transactional test commits them) and takes the tasks from Redis."""

import email
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F
from django.utils import timezone
from icalendar import Calendar

from followup.models import CharterAcceptance, HelpRequest, Meeting, PlannedMeeting
from matching.models import Pair, PairStatus, PairTransition
from mentorat.core.models import EmailStatus, SentEmail
from programmes.models import Phase, Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
    dated_pair,
)
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

SLUG = "mentorat-jura-2027"
PARIS = ZoneInfo("Europe/Paris")
SEVEN_WEEKS = timedelta(weeks=7)  # past attention_after_weeks (6), short of alert_after_weeks (10)


def _open_my_pair_page(browser_page, partner_name: str) -> None:
    browser_page.goto(f"/appariement/{SLUG}/mon-binome/")
    browser_page.follow(
        lambda: browser_page.page.get_by_role(
            "link", name=f"Ouvrir la page de mon binôme – {partner_name}"
        ).click()
    )


def _log_in_as(browser_page, address: str) -> None:
    browser_page.page.context.clear_cookies()
    browser_page.login(address)


def _dashboard_row(browser_page) -> tuple[str, str]:
    """The coordinator opens the dashboard from the programme's page: the pair's health badge
    and its row, as read."""
    page = browser_page.page
    browser_page.goto(f"/programmes/{SLUG}/")
    browser_page.follow(lambda: page.get_by_role("link", name="Tableau de bord du suivi").click())
    rows = page.locator("tbody tr").filter(has_text="Léa Bourgeois")
    assert rows.count() == 1
    return rows.first.locator(".badge").inner_text(), rows.first.inner_text()


def _sent(key: str, worker) -> SentEmail:
    """Wait for the worker to have sent the e-mail of ``key`` (the row is written by the live
    server's request, after its commit; the worker marks it sent)."""
    return wait_until(
        lambda: SentEmail.objects.filter(key=key, status=EmailStatus.SENT).first(),
        what=f"the e-mail {key} sent by the worker",
        diagnostic=worker.log,
    )


def _mailbox(worker) -> list:
    """The messages the worker's file backend wrote, parsed (one or more per file)."""
    messages = []
    for path in sorted((worker / "mail").glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def _subjects_to(messages, address: str) -> list[str]:
    return [str(make_header(decode_header(m["Subject"]))) for m in messages if m["To"] == address]


def _move_back(pair: Pair, delta: timedelta) -> None:
    """Time passes: the pair's steps and charter acceptances happened ``delta`` earlier."""
    Pair.objects.filter(pk=pair.pk).update(created_at=F("created_at") - delta)
    PairTransition.objects.filter(pair=pair).update(at=F("at") - delta)
    CharterAcceptance.objects.filter(pair=pair).update(accepted_at=F("accepted_at") - delta)


@pytest.mark.django_db(transaction=True)
def test_a_month_of_a_pair_turns_amber_then_green_then_red_then_green_with_real_emails(
    browser_page, worker, published_for_real
):
    programme = ProgrammeFactory(
        name="Mentorat Jura 2027",
        slug=SLUG,
        charter="Confidentialité et bienveillance.",
        current_phase=Phase.MATCHING,
    )
    coordinator = UserFactory(email="claire@aract.example", first_name="Claire", last_name="Roy")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    mentor = accepted_participant(
        programme,
        Role.MENTOR,
        OrganisationFactory(name="Lunetterie de Morez"),
        user=UserFactory(email="marc@pme.example", first_name="Marc", last_name="Vuillet"),
    )
    mentee = accepted_participant(
        programme,
        Role.MENTEE,
        OrganisationFactory(name="Fruitière de Poligny"),
        user=UserFactory(email="lea@pme.example", first_name="Léa", last_name="Bourgeois"),
    )
    # Published a week ago (accepted_days_ago=0 puts the proposal seven days back).
    pair = dated_pair(
        programme, PairStatus.PROPOSED, accepted_days_ago=0, mentor=mentor, mentee=mentee
    )
    page = browser_page.page

    # --- Both members accept the pair on "my pair"; both are told by e-mail ---------------------
    browser_page.login("lea@pme.example")
    browser_page.goto(f"/appariement/{SLUG}/mon-binome/")
    browser_page.follow(
        lambda: page.get_by_role("button", name="Accepter ce binôme – Marc Vuillet").click()
    )
    assert "Vous avez accepté ce binôme" in page.content()

    _log_in_as(browser_page, "marc@pme.example")
    browser_page.goto(f"/appariement/{SLUG}/mon-binome/")
    browser_page.follow(
        lambda: page.get_by_role("button", name="Accepter ce binôme – Léa Bourgeois").click()
    )
    assert "Votre binôme est confirmé." in page.content()
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED
    to_mentor = _sent(f"pair-accepted:{pair.pk}:mentor", worker)
    to_mentee = _sent(f"pair-accepted:{pair.pk}:mentee", worker)
    assert (to_mentor.to, to_mentee.to) == ("marc@pme.example", "lea@pme.example")
    confirmed = "Votre binôme est confirmé dans « Mentorat Jura 2027 » : "
    assert to_mentor.subject.endswith(confirmed + "Léa Bourgeois")
    assert to_mentee.subject.endswith(confirmed + "Marc Vuillet")

    # --- Each accepts the charter on the pair page ----------------------------------------------
    _open_my_pair_page(browser_page, "Léa Bourgeois")
    browser_page.follow(lambda: page.get_by_role("button", name="J’accepte la charte").click())

    _log_in_as(browser_page, "lea@pme.example")
    _open_my_pair_page(browser_page, "Marc Vuillet")
    browser_page.follow(lambda: page.get_by_role("button", name="J’accepte la charte").click())
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE

    # --- The coordinator's dashboard: the pair is there, green ----------------------------------
    _log_in_as(browser_page, "claire@aract.example")
    health, row = _dashboard_row(browser_page)
    assert health == "Vert" and "Marc Vuillet" in row
    assert "Binômes en cours : 0 en rouge, 0 en orange, 1 en vert." in page.content()

    # --- Seven weeks pass without a meeting: amber, and why -------------------------------------
    _move_back(pair, SEVEN_WEEKS)
    health, row = _dashboard_row(browser_page)
    assert health == "Orange"
    assert "Aucune rencontre encore, 7 semaines après l’acceptation du binôme" in row
    browser_page.screenshot("month-of-a-pair-amber")

    # --- The mentee logs a meeting and plans the next one (.ics): green again --------------------
    _log_in_as(browser_page, "lea@pme.example")
    _open_my_pair_page(browser_page, "Marc Vuillet")
    held_on = timezone.localdate() - timedelta(days=3)
    page.get_by_label("Date de la rencontre").fill(held_on.isoformat())
    page.locator("#id_meeting-duration_minutes").fill("75")
    page.locator("#id_meeting-mode_1").check()  # video call
    browser_page.follow(
        lambda: page.get_by_role("button", name="Enregistrer cette rencontre").click()
    )
    meeting = Meeting.objects.get(pair=pair)
    assert (meeting.held_on, meeting.duration_minutes, meeting.mode) == (held_on, 75, "video")

    day = timezone.localdate() + timedelta(days=12)
    page.get_by_label("Date et heure").fill(f"{day.isoformat()}T18:00")
    page.locator("#id_planned-mode_0").check()  # in person
    browser_page.follow(
        lambda: page.get_by_role("button", name="Enregistrer la prochaine rencontre").click()
    )
    planned = PlannedMeeting.objects.get(pair=pair)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    calendar = Calendar.from_ical(download.value.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    starts = event.decoded("dtstart")
    assert starts == datetime(day.year, day.month, day.day, 18, 0, tzinfo=PARIS)
    assert starts == planned.starts_at
    assert event.decoded("dtend") - starts == timedelta(minutes=planned.duration_minutes)
    assert "Mentorat Jura 2027" in str(event["summary"])

    _log_in_as(browser_page, "claire@aract.example")
    health, row = _dashboard_row(browser_page)
    assert health == "Vert" and "Aucune rencontre" not in row

    # --- The mentee asks to be contacted by phone: red, saying who; the coordination is e-mailed -
    _log_in_as(browser_page, "lea@pme.example")
    _open_my_pair_page(browser_page, "Marc Vuillet")
    page.get_by_role("group", name="Comment souhaitez-vous être contacté(e)").get_by_label(
        "Par téléphone"
    ).check()
    browser_page.follow(
        lambda: page.get_by_role(
            "button", name="Je souhaite être contacté(e) par la coordination"
        ).click()
    )
    request = HelpRequest.objects.get(pair=pair)
    assert (request.requested_by, request.channel) == (mentee.user, "phone")
    to_coordinator = _sent(f"help-request:{request.pk}:{coordinator.pk}", worker)
    assert to_coordinator.to == "claire@aract.example"
    assert to_coordinator.subject.endswith(
        "« Mentorat Jura 2027 » : Léa Bourgeois demande à être contacté(e)"
    )

    _log_in_as(browser_page, "claire@aract.example")
    health, row = _dashboard_row(browser_page)
    assert health == "Rouge"
    assert "Demande de contact de Léa Bourgeois (par téléphone)" in row
    browser_page.screenshot("month-of-a-pair-red")

    # --- The coordinator marks the request handled on the pair's page: green ---------------------
    # The dashboard's row has no link to the pair's page yet: opened by its address.
    browser_page.goto(f"/suivi/{SLUG}/binomes/{pair.pk}/")
    browser_page.follow(lambda: page.get_by_role("button", name="Traitée – Léa Bourgeois").click())
    request.refresh_from_db()
    assert request.handled_by == coordinator
    health, row = _dashboard_row(browser_page)
    assert health == "Vert" and "Demande de contact" not in row
    assert "Binômes en cours : 0 en rouge, 0 en orange, 1 en vert." in page.content()

    # --- The worker's mailbox: each person got their e-mail, once --------------------------------
    worker.wait_for_log("mentorat.core.tasks.send_email", "succeeded")
    mailbox = _mailbox(worker)
    assert _subjects_to(mailbox, "marc@pme.example") == [to_mentor.subject]
    assert _subjects_to(mailbox, "lea@pme.example") == [to_mentee.subject]
    assert _subjects_to(mailbox, "claire@aract.example") == [to_coordinator.subject]
