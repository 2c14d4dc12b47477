"""Changing a programme's phase: moving to "Binômes en cours" before the calendar's date or with
pairs still waiting for answers, or going back a phase, needs a confirmation; the review says
what the change does and lists what it leaves behind; the page shows it and asks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from matching.models import PairStatus
from programmes.models import Phase, PhaseDates, Programme
from programmes.selectors.phases import phase_change_review
from programmes.services import PhaseChangeNotConfirmed, programme_phase_set
from tests.factories import PairFactory, ProgrammeFactory, UserFactory, accepted_participant

pytestmark = pytest.mark.django_db


def url(programme, phase: str) -> str:
    return reverse("programmes:setup_phase", kwargs={"slug": programme.slug, "phase": phase})


def in_phase(programme, phase: str):
    Programme.objects.filter(pk=programme.pk).update(current_phase=phase)
    programme.refresh_from_db()
    return programme


def waiting_pairs(programme, n: int) -> list:
    return [PairFactory(programme=programme) for _ in range(n)]


def running_dates(programme, starts_on, ends_on=None):
    PhaseDates.objects.create(
        programme=programme, phase=Phase.RUNNING, starts_on=starts_on, ends_on=ends_on
    )


def french(review) -> list[str]:
    return [note.message for note in review.notes]


# --- The review and the service ---------------------------------------------------------------


def test_moving_to_running_with_pairs_waiting_needs_a_confirmation_and_lists_them():
    programme = in_phase(ProgrammeFactory(), Phase.MATCHING)
    pairs = waiting_pairs(programme, 2)
    PairFactory(programme=programme, status=PairStatus.ACCEPTED)  # not waiting
    PairFactory(status=PairStatus.PROPOSED)  # another programme's

    with translation.override("fr"):
        review = phase_change_review(programme, Phase.RUNNING)
    assert review.needs_confirmation and not review.backwards
    [warning] = review.warnings
    assert warning.message.startswith("2 binômes attendent encore les réponses de leurs membres.")
    assert sorted(warning.items) == sorted(
        f"{p.mentor.user.display_name} (mentor) – {p.mentee.user.display_name} (mentoré)"
        for p in pairs
    )
    assert warning.more == 0

    with pytest.raises(PhaseChangeNotConfirmed) as refused:
        programme_phase_set(programme=programme, phase=Phase.RUNNING)
    assert refused.value.review.warnings
    assert isinstance(refused.value, ValidationError)
    assert Programme.objects.get(pk=programme.pk).current_phase == Phase.MATCHING

    programme_phase_set(programme=programme, phase=Phase.RUNNING, confirm=True)
    assert Programme.objects.get(pk=programme.pk).current_phase == Phase.RUNNING


def test_a_long_list_of_waiting_pairs_names_twenty_and_counts_the_rest_in_few_queries():
    small, large = (
        in_phase(ProgrammeFactory(), Phase.MATCHING),
        in_phase(ProgrammeFactory(), Phase.MATCHING),
    )
    waiting_pairs(small, 2)
    waiting_pairs(large, 23)
    counts = []
    for programme in (small, large):
        with CaptureQueriesContext(connection) as queries:
            review = phase_change_review(programme, Phase.RUNNING)
            _ = [note.items for note in review.notes]
        counts.append(len(queries))
    # The calendar, the waiting pairs' count and the first of them (people joined), the
    # evaluation's baseline questionnaire (whether its first wave will open).
    assert counts == [4, 4]
    [warning] = review.warnings
    assert (len(warning.items), warning.more) == (20, 3)


def test_moving_to_running_before_the_calendar_says_needs_a_confirmation():
    programme = in_phase(ProgrammeFactory(), Phase.MATCHING)
    today = timezone.localdate()
    running_dates(programme, today + datetime.timedelta(days=30))
    with translation.override("fr"):
        review = phase_change_review(programme, Phase.RUNNING)
    [warning] = review.warnings
    assert "Le calendrier fait commencer les binômes le" in warning.message
    assert review.starts_on == today + datetime.timedelta(days=30)
    with pytest.raises(PhaseChangeNotConfirmed):
        programme_phase_set(programme=programme, phase=Phase.RUNNING)


@pytest.mark.parametrize("days", [0, -10])
def test_moving_to_running_on_or_after_the_date_with_every_pair_answered_needs_nothing(days):
    programme = in_phase(ProgrammeFactory(), Phase.MATCHING)
    running_dates(programme, timezone.localdate() + datetime.timedelta(days=days))
    PairFactory(programme=programme, status=PairStatus.ACCEPTED)
    PairFactory(programme=programme, status=PairStatus.DECLINED)
    assert not phase_change_review(programme, Phase.RUNNING).needs_confirmation
    programme_phase_set(programme=programme, phase=Phase.RUNNING)
    assert Programme.objects.get(pk=programme.pk).current_phase == Phase.RUNNING


def test_going_back_to_recruitment_says_what_it_reopens_and_needs_a_confirmation():
    programme = in_phase(ProgrammeFactory(), Phase.MATCHING)
    with translation.override("fr"):
        review = phase_change_review(programme, Phase.RECRUITMENT)
    assert review.backwards and review.needs_confirmation and not review.warnings
    messages = french(review)
    assert any(m.startswith("Les candidatures rouvrent") for m in messages)
    assert any(
        m.startswith("Les participants peuvent de nouveau modifier leur profil") for m in messages
    )
    with pytest.raises(PhaseChangeNotConfirmed):
        programme_phase_set(programme=programme, phase=Phase.RECRUITMENT)
    programme_phase_set(programme=programme, phase=Phase.RECRUITMENT, confirm=True)
    programme.refresh_from_db()
    assert programme.is_recruiting and programme.profiles_editable


def test_going_back_from_closing_to_matching_says_matching_opens_again():
    programme = in_phase(ProgrammeFactory(), Phase.CLOSING)
    with translation.override("fr"):
        messages = french(phase_change_review(programme, Phase.MATCHING))
    assert messages == [
        "L’appariement peut de nouveau être lancé et publié : les binômes déjà formés restent "
        "tels quels."
    ]


def test_going_back_without_anything_specific_still_says_so():
    programme = in_phase(ProgrammeFactory(), Phase.EVALUATION)
    with translation.override("fr"):
        [note] = phase_change_review(programme, Phase.CLOSING).notes
    assert note.message.startswith("Le programme revient à une phase précédente")


def test_moving_forward_says_what_closes_without_asking():
    programme = in_phase(ProgrammeFactory(), Phase.RECRUITMENT)
    with translation.override("fr"):
        review = phase_change_review(programme, Phase.MATCHING)
    assert not review.needs_confirmation
    assert any(m.startswith("Les candidatures ferment") for m in french(review))
    programme = in_phase(ProgrammeFactory(), Phase.RUNNING)
    with translation.override("fr"):
        review = phase_change_review(programme, Phase.CLOSING)
    assert french(review) == [
        "L’appariement ne peut plus être lancé ni publié : les binômes restent tels quels.",
        # The evaluation's final questionnaire opens.
        "Le questionnaire final s’ouvre pour quatre semaines : les membres des binômes qui se "
        "sont rencontrés, y compris ceux qui ont pris fin avant terme, sont invités à y "
        "répondre, anonymement.",
    ]
    assert not review.needs_confirmation


# --- The page -----------------------------------------------------------------------------------


@pytest.fixture
def matching_programme(personas):
    programme = in_phase(personas.programme, Phase.MATCHING)
    running_dates(programme, datetime.date(2099, 1, 4), datetime.date(2099, 10, 29))  # far ahead
    return programme


@pytest.mark.parametrize("persona", ["coordinator", "staff"])
def test_the_confirmation_lists_the_waiting_pairs_and_the_dates(
    client, personas, matching_programme, persona
):
    [pair] = waiting_pairs(matching_programme, 1)
    client.force_login(getattr(personas, persona))
    response = client.get(url(matching_programme, Phase.RUNNING))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Avant de confirmer" in page
    assert "1 binôme attend encore les réponses de ses membres." in page
    assert pair.mentor.user.display_name in page and pair.mentee.user.display_name in page
    assert "Au calendrier, cette phase va du 4 janvier 2099 au 29 octobre 2099." in page
    assert "Le calendrier fait commencer les binômes le 4 janvier 2099" in page
    assert 'name="confirm" value="1"' in page

    response = client.post(url(matching_programme, Phase.RUNNING), {"confirm": "1"})
    assert response["Location"] == matching_programme.get_absolute_url()
    matching_programme.refresh_from_db()
    assert matching_programme.current_phase == Phase.RUNNING


def test_an_unconfirmed_post_shows_the_page_again_and_changes_nothing(
    client, personas, matching_programme
):
    waiting_pairs(matching_programme, 2)
    client.force_login(personas.coordinator)
    response = client.post(url(matching_programme, Phase.RUNNING))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lisez ce que fait ce changement, puis confirmez-le." in page
    assert "2 binômes attendent encore" in page
    matching_programme.refresh_from_db()
    assert matching_programme.current_phase == Phase.MATCHING


def test_going_back_a_phase_says_what_it_changes(client, personas, matching_programme):
    client.force_login(personas.coordinator)
    page = client.get(url(matching_programme, Phase.RECRUITMENT)).content.decode()
    assert "C’est un retour à une phase précédente." in page
    assert "Ce que fait ce changement" in page
    assert "Les candidatures rouvrent" in page
    assert "Avant de confirmer" not in page
    assert 'name="confirm" value="1"' in page
    client.post(url(matching_programme, Phase.RECRUITMENT), {"confirm": "1"})
    matching_programme.refresh_from_db()
    assert matching_programme.current_phase == Phase.RECRUITMENT


def test_a_plain_move_needs_no_confirm_field(client, personas):
    client.force_login(personas.coordinator)
    page = client.get(url(personas.programme, Phase.RECRUITMENT)).content.decode()
    assert 'name="confirm"' not in page
    assert "Le calendrier ne donne pas de dates pour cette phase." in page


@pytest.mark.parametrize(
    "persona,status", [("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)]
)
def test_only_those_who_manage_see_or_confirm_a_move_to_running(
    client, personas, matching_programme, persona, status
):
    waiting_pairs(matching_programme, 1)
    client.force_login(getattr(personas, persona))
    assert client.get(url(matching_programme, Phase.RUNNING)).status_code == status
    assert client.post(url(matching_programme, Phase.RUNNING), {"confirm": "1"}).status_code == (
        status
    )
    matching_programme.refresh_from_db()
    assert matching_programme.current_phase == Phase.MATCHING


def test_a_participant_of_another_programme_gets_404(client, personas, matching_programme):
    stranger = UserFactory()
    accepted_participant(ProgrammeFactory(), "mentee", user=stranger)
    client.force_login(stranger)
    assert client.get(url(matching_programme, Phase.RUNNING)).status_code == 404
