"""The evaluation's "done means", in Chromium, every page axe-checked: a mentee in an active
pair gets the check-in e-mail from the morning sweep, opens its signed link without being
logged in, answers and sends; the link then refuses a second use. Logged in, she answers the
baseline questionnaire; the coordinator closes the baseline and moves the programme to its
closing phase, which opens the final questionnaire; she answers it. Enough other people answered
(written as the submit stores them) for the groups to reach k. The coordinator closes the waves,
opens the report page, builds the PDF (tasks run inline in tests) and downloads the PDF and the
CSV of the aggregates.

SQLite is enough: no worker, no broker (the tasks run inline, in the live server's thread)."""

import re
import unicodedata
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Kind, QuestionKind, Report, ReportStatus, Response, Wave
from evaluation.tokens import invitation_id_from
from followup.reminders import reminders_sweep
from matching.models import PairStatus
from programmes.models import Phase, Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
    anonymous_response,
    dated_pair,
    invited,
    wave_of,
)

SLUG = "mentorat-doubs-2027"
CSV_HEADER = "questionnaire;question;ventilation;groupe;statistique;valeur;n;masque"
LINK = re.compile(r"https?://[^\s\"'<>]+/evaluation/repondre/[^\s\"'<>/]+/")
# The other pairs of the programme, besides Léa's: with her, eight people, enough for k = 5.
OTHERS = [
    ("Marc", "Vuillet", "Lunetterie de Morez", "Industrie", "39"),
    ("Inès", "Cuenot", "Fruitière de Poligny", "Agroalimentaire", "39"),
    ("Paul", "Girardot", "Transports Comtois", "Transport et logistique", "25"),
    ("Aline", "Jacquot", "Horlogerie du Doubs", "Industrie", "25"),
    ("Hugo", "Marchand", "Scierie de Mouthe", "Industrie", "25"),
    ("Zoé", "Perrot", "Clinique Saint-Vincent", "Santé et médico-social", "25"),
    ("Rémi", "Faivre", "Numérique Besançon", "Numérique", "25"),
]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _participant(programme, role, first, last, organisation, sector, departement):
    user = UserFactory(
        email=_ascii(f"{first}.{last}@pme.example"),
        first_name=first,
        last_name=last,
    )
    org = OrganisationFactory(name=organisation, sector=sector, departement=departement)
    return accepted_participant(programme, role, org, user=user, departement=departement)


def _programme():
    """A programme in its running phase: Léa (mentee) with Marc (mentor), and three other pairs."""
    programme = ProgrammeFactory(name="Mentorat Doubs 2027", slug=SLUG, current_phase=Phase.RUNNING)
    coordinator = UserFactory(email="claire@aract.example", first_name="Claire", last_name="Roy")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    lea = _participant(
        programme, Role.MENTEE, "Léa", "Bourgeois", "Fromagerie d’Arbois", "Agroalimentaire", "39"
    )
    people = [_participant(programme, Role.MENTOR, *OTHERS[0])]
    pairs = [dated_pair(programme, PairStatus.ACTIVE, mentor=people[0], mentee=lea)]
    for n in range(1, len(OTHERS), 2):
        mentor = _participant(programme, Role.MENTOR, *OTHERS[n])
        mentee = _participant(programme, Role.MENTEE, *OTHERS[n + 1])
        pairs.append(dated_pair(programme, PairStatus.ACTIVE, mentor=mentor, mentee=mentee))
        people += [mentor, mentee]
    return programme, lea, people


def _answers_of(wave, role: str) -> dict:
    """A plausible answer to every question of ``wave`` asked to ``role``, by question code."""
    answers = {}
    for question in wave.questionnaire.questions.all():
        if question.audience not in ("both", role):
            continue
        if question.kind == QuestionKind.NUMBER:
            answers[question.code] = 44
        elif question.kind == QuestionKind.CHOICE:
            answers[question.code] = 1
        else:
            answers[question.code] = 3
    return answers


def _others_answer(wave, people) -> None:
    """The others answered ``wave``, as the submit stores it: the invitation marked answered,
    the response apart, with the role and the attributes only."""
    for application in people:
        invited(wave, application.user, answered=True)
        anonymous_response(wave, role=application.role, answers=_answers_of(wave, application.role))


def _fill(page, wave, role: str) -> None:
    """Answer every question the form shows: agreement 4, four-point 3, first option, 45."""
    for question in wave.questionnaire.questions.all():
        if question.audience not in ("both", role):
            continue
        name = f"q{question.pk}"
        if question.kind == QuestionKind.NUMBER:
            page.locator(f"input[name='{name}']").fill("45")
        else:
            value = {QuestionKind.AGREEMENT: 4, QuestionKind.SCALE4: 3}.get(question.kind, 1)
            page.locator(f"input[name='{name}'][value='{value}']").check()


def _send(browser_page) -> None:
    page = browser_page.page
    browser_page.follow(
        lambda: page.locator("main form[method='post'] button[type='submit']").last.click()
    )


def _log_in_as(browser_page, address: str) -> None:
    browser_page.page.context.clear_cookies()
    browser_page.login(address)


def _close(browser_page, wave) -> None:
    """The coordinator closes ``wave`` from the evaluation's overview: its "Close" link, then
    the confirmation page's button."""
    page = browser_page.page
    url = reverse("evaluation:wave_close", kwargs={"slug": SLUG, "wave_id": wave.pk})
    browser_page.goto(reverse("evaluation:overview", kwargs={"slug": SLUG}))
    browser_page.follow(lambda: page.locator(f"a[href='{url}']").click())
    browser_page.follow(lambda: page.locator(f"form[action='{url}'] button[type='submit']").click())
    wave.refresh_from_db()
    assert wave.status == "closed", wave
    assert wave.results is not None


def _download(page, locator):
    with page.expect_download() as download:
        locator.click()
    return download.value.path().read_bytes()


@pytest.mark.django_db(transaction=True)
def test_a_mentee_answers_check_in_baseline_and_final_and_the_coordinator_downloads_the_report(
    browser_page, mailoutbox
):
    programme, lea, others = _programme()
    today = timezone.localdate()
    page = browser_page.page

    # --- The check-in opens today; the morning sweep e-mails Léa its signed link -----------------
    pulse = wave_of(programme, Kind.PULSE)
    Wave.objects.filter(pk=pulse.pk).update(
        opens_on=today, closes_on=today + timedelta(days=programme.checkin_cadence_days)
    )
    checkin = invited(pulse, lea.user)
    baseline = wave_of(programme, Kind.BASELINE)
    invited(baseline, lea.user)
    _others_answer(baseline, others)
    reminders_sweep(today=today)
    # Her e-mails of the morning: the check-in's and the baseline questionnaire's, each with
    # its own signed link.
    links = [
        urlsplit(found.group(0)).path
        for message in mailoutbox
        if lea.user.email in message.to and (found := LINK.search(message.body))
    ]
    (link,) = [path for path in links if invitation_id_from(path.split("/")[-2]) == checkin.pk]

    # --- Not logged in, she opens the link, answers and sends ------------------------------------
    browser_page.goto(link)
    assert "anonymes" in page.content()
    _fill(page, pulse, Role.MENTEE)
    _send(browser_page)
    assert "Merci" in page.content()
    assert pulse.responses.count() == 1
    assert pulse.invitations.get(user=lea.user).answered

    # --- The link serves once -------------------------------------------------------------------
    response = browser_page.goto(link)
    assert response.status == 410
    assert pulse.responses.count() == 1

    # --- Logged in, she answers the baseline questionnaire ---------------------------------------
    browser_page.login(lea.user.email)
    browser_page.goto(reverse("evaluation:my_surveys", kwargs={"slug": SLUG}))
    browser_page.follow(
        lambda: page.get_by_role("link", name=re.compile("Questionnaire de départ")).click()
    )
    _fill(page, baseline, Role.MENTEE)
    _send(browser_page)
    assert baseline.responses.count() == len(others) + 1
    assert baseline.invitations.get(user=lea.user).answered

    # --- The coordinator closes the baseline and moves the programme to its closing phase --------
    _log_in_as(browser_page, "claire@aract.example")
    _close(browser_page, baseline)
    browser_page.goto(
        reverse("programmes:setup_phase", kwargs={"slug": SLUG, "phase": Phase.CLOSING})
    )
    browser_page.follow(
        lambda: page.get_by_role("button", name="Oui, passer à « Clôture »").click()
    )
    programme.refresh_from_db()
    assert programme.current_phase == Phase.CLOSING
    final = Wave.objects.get(questionnaire__programme=programme, questionnaire__kind=Kind.FINAL)
    assert final.is_open
    assert final.invitations.filter(user=lea.user, answered=False).exists()
    for application in others:
        invitation = final.invitations.get(user=application.user)
        invitation.answered = True
        invitation.save(update_fields=["answered"])
        anonymous_response(
            final, role=application.role, answers=_answers_of(final, application.role)
        )

    # --- Léa answers the final questionnaire ------------------------------------------------------
    _log_in_as(browser_page, lea.user.email)
    browser_page.goto(reverse("evaluation:my_surveys", kwargs={"slug": SLUG}))
    browser_page.follow(
        lambda: page.get_by_role("link", name=re.compile("Questionnaire final")).click()
    )
    _fill(page, final, Role.MENTEE)
    _send(browser_page)
    assert final.responses.count() == len(others) + 1
    # Nothing links an answer to her: the responses have no person, only the invitations say
    # she answered.
    assert not [f for f in Response._meta.get_fields() if f.name in {"user", "invitation"}]

    # --- The coordinator closes the waves, opens the report, builds and downloads the files -----
    _log_in_as(browser_page, "claire@aract.example")
    _close(browser_page, final)
    _close(browser_page, pulse)
    browser_page.goto(reverse("evaluation:report", kwargs={"slug": SLUG}))
    assert "Mentorat Doubs 2027" in page.content()
    assert "Questionnaire final" in page.content()
    csv_url = reverse("evaluation:report_csv", kwargs={"slug": SLUG})
    csv = _download(page, page.locator(f"a[href='{csv_url}']").first)
    assert csv.startswith(b"\xef\xbb\xbf")
    assert csv[3:].decode("utf-8").splitlines()[0] == CSV_HEADER

    files_url = reverse("evaluation:report_files", kwargs={"slug": SLUG})
    browser_page.follow(lambda: page.locator(f"a[href='{files_url}']").first.click())
    build_url = reverse("evaluation:report_build", kwargs={"slug": SLUG})
    browser_page.follow(
        lambda: page.locator(f"form[action='{build_url}'] button[type='submit']").first.click()
    )
    report = Report.objects.get(programme=programme)
    assert report.status == ReportStatus.DONE, report.error
    pdf_url = reverse("evaluation:report_pdf", kwargs={"slug": SLUG, "report_id": report.pk})
    progress_url = reverse(
        "evaluation:report_progress", kwargs={"slug": SLUG, "report_id": report.pk}
    )
    if urlsplit(page.url).path != progress_url:
        browser_page.goto(progress_url)
    pdf = _download(page, page.locator(f"a[href='{pdf_url}']").first)
    assert pdf.startswith(b"%PDF")
    stored_csv_url = reverse(
        "evaluation:report_file_csv", kwargs={"slug": SLUG, "report_id": report.pk}
    )
    browser_page.goto(files_url)
    stored = _download(page, page.locator(f"a[href='{stored_csv_url}']").first)
    assert stored.startswith(b"\xef\xbb\xbf")
    assert stored[3:].decode("utf-8").splitlines()[0] == CSV_HEADER
    browser_page.screenshot("evaluation-report-files")
