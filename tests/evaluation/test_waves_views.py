"""The coordination's evaluation overview, scheduling a wave, opening and closing one: who may,
what the pages say (participation only from k answers), and a query count that does not grow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Kind, Wave, WaveStatus
from matching.models import PairStatus
from tests.factories import PairFactory, invited, questionnaire_for, wave_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def overview_url(programme):
    return reverse("evaluation:overview", kwargs={"slug": programme.slug})


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


# --- Who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_see_the_four_instruments(client, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(overview_url(personas.programme))
    assert response.status_code == 200
    page = text_of(response)
    for heading in (
        "Point d’étape",
        "Questionnaire de départ",
        "Questionnaire de mi-parcours",
        "Questionnaire final",
    ):
        assert heading in page
    assert personas.programme.questionnaires.count() == 4


@pytest.mark.parametrize(
    ("persona", "status"), [("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)]
)
def test_others_may_not_open_the_overview(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(overview_url(personas.programme)).status_code == status


def test_the_programme_page_links_to_the_evaluation(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(personas.programme.get_absolute_url())
    assert overview_url(personas.programme) in response.content.decode()


def test_the_programme_page_of_a_participant_does_not_link_to_it(client, personas):
    client.force_login(personas.mentee)
    response = client.get(personas.programme.get_absolute_url())
    assert overview_url(personas.programme) not in response.content.decode()


# --- What the overview says ---------------------------------------------------------------------


def test_the_overview_states_the_rule_in_french(client, personas):
    client.force_login(personas.coordinator)
    page = text_of(client.get(overview_url(personas.programme)))
    assert "Les réponses sont anonymes" in page
    assert "Aucun chiffre n’est affiché pour moins de 5 personnes" in page
    assert "calculés une seule fois, à sa clôture" in page


def _participants(programme, n):
    pairs = [PairFactory(programme=programme, status=PairStatus.ACTIVE) for _ in range(n)]
    return [user for pair in pairs for user in (pair.mentor.user, pair.mentee.user)]


def test_participation_is_not_counted_before_k_answers(client, personas):
    programme = personas.programme  # k = 5
    wave = wave_of(programme, Kind.PULSE)
    people = _participants(programme, 3)
    for i, user in enumerate(people):
        invited(wave, user, answered=i < 4)
    client.force_login(personas.coordinator)
    page = text_of(client.get(overview_url(programme)))
    assert "6 personnes invitées – moins de 5 réponses pour l’instant" in page
    assert "4 réponses" not in page


def test_participation_is_counted_once_k_have_answered(client, personas):
    programme = personas.programme
    wave = wave_of(programme, Kind.PULSE)
    for i, user in enumerate(_participants(programme, 3)):
        invited(wave, user, answered=i < 5)
    client.force_login(personas.coordinator)
    page = text_of(client.get(overview_url(programme)))
    assert "5 réponses sur 6 personnes invitées" in page


def test_the_overview_offers_to_open_a_scheduled_wave_and_close_an_open_one(client, personas):
    programme = personas.programme
    scheduled = wave_of(programme, Kind.BASELINE, status=WaveStatus.SCHEDULED)
    open_wave = wave_of(programme, Kind.PULSE)
    client.force_login(personas.coordinator)
    page = client.get(overview_url(programme)).content.decode()
    assert reverse("evaluation:wave_open", args=[programme.slug, scheduled.pk]) in page
    assert reverse("evaluation:wave_close", args=[programme.slug, open_wave.pk]) in page
    assert reverse("evaluation:wave_close", args=[programme.slug, scheduled.pk]) not in page


def test_the_overview_does_not_grow_in_queries_with_the_waves(
    client, personas, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme = personas.programme
    client.force_login(personas.coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(overview_url(programme)).status_code == 200
        return len(captured)

    questionnaire_for(programme, Kind.PULSE)
    wave = wave_of(programme, Kind.PULSE, number=1)
    for user in _participants(programme, 2):
        invited(wave, user, answered=True)
    small = count()
    for number in range(2, 8):
        wave = wave_of(programme, Kind.PULSE, number=number, status=WaveStatus.CLOSED)
        for user in _participants(programme, 3):
            invited(wave, user, answered=True)
    wave_of(programme, Kind.FINAL, status=WaveStatus.SCHEDULED)
    assert count() == small


# --- Scheduling a wave --------------------------------------------------------------------------


def wave_create_url(programme, questionnaire):
    return reverse("evaluation:wave_create", args=[programme.slug, questionnaire.pk])


def test_a_coordinator_schedules_a_wave_with_french_dates(client, personas):
    programme = personas.programme
    questionnaire = questionnaire_for(programme, Kind.BASELINE)
    client.force_login(personas.coordinator)
    opens, closes = TODAY + timedelta(days=2), TODAY + timedelta(days=16)
    response = client.post(
        wave_create_url(programme, questionnaire),
        {"opens_on": opens.strftime("%d/%m/%Y"), "closes_on": closes.isoformat()},
        follow=True,
    )
    wave = Wave.objects.get(questionnaire=questionnaire)
    assert (wave.opens_on, wave.closes_on, wave.status) == (opens, closes, WaveStatus.SCHEDULED)
    assert "La vague 1 est programmée" in text_of(response)


def test_scheduling_wrong_dates_says_why_in_french(client, personas):
    programme = personas.programme
    questionnaire = questionnaire_for(programme, Kind.BASELINE)
    client.force_login(personas.coordinator)
    response = client.post(
        wave_create_url(programme, questionnaire),
        {"opens_on": (TODAY + timedelta(5)).isoformat(), "closes_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "La date de clôture doit être le jour de l’ouverture ou après." in text_of(response)
    assert not Wave.objects.exists()


def test_a_referent_cannot_schedule_a_wave(client, personas):
    questionnaire = questionnaire_for(personas.programme, Kind.BASELINE)
    client.force_login(personas.referent)
    response = client.post(
        wave_create_url(personas.programme, questionnaire),
        {"opens_on": TODAY.isoformat(), "closes_on": TODAY.isoformat()},
    )
    assert response.status_code == 403
    assert not Wave.objects.exists()


# --- Opening and closing ------------------------------------------------------------------------


def test_opening_asks_for_a_confirmation_that_says_who_is_invited(client, personas):
    programme = personas.programme
    PairFactory(programme=programme, status=PairStatus.ACCEPTED)
    wave = wave_of(programme, Kind.BASELINE, status=WaveStatus.SCHEDULED)
    client.force_login(personas.coordinator)
    url = reverse("evaluation:wave_open", args=[programme.slug, wave.pk])
    page = text_of(client.get(url))
    assert "L’ouvrir maintenant invite 2 personnes à répondre" in page
    wave.refresh_from_db()
    assert wave.status == WaveStatus.SCHEDULED  # a GET changes nothing
    response = client.post(url, follow=True)
    wave.refresh_from_db()
    assert wave.status == WaveStatus.OPEN
    assert wave.invitations.count() == 2
    assert "La vague est ouverte : 2 personnes sont invitées à répondre." in text_of(response)


def test_opening_a_closed_wave_is_refused_in_french(client, personas):
    programme = personas.programme
    wave = wave_of(programme, Kind.BASELINE, status=WaveStatus.CLOSED)
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("evaluation:wave_open", args=[programme.slug, wave.pk]), follow=True
    )
    assert "une vague clôturée ne rouvre jamais" in text_of(response)
    wave.refresh_from_db()
    assert wave.status == WaveStatus.CLOSED


def test_closing_asks_for_a_confirmation_that_says_results_are_frozen(client, personas):
    programme = personas.programme
    wave = wave_of(programme, Kind.BASELINE)
    client.force_login(personas.coordinator)
    page = text_of(client.get(reverse("evaluation:wave_close", args=[programme.slug, wave.pk])))
    assert "la vague ne rouvre jamais" in page
    assert "une fois pour toutes" in page


def test_a_coordinator_closes_a_wave_and_its_results_are_frozen(client, personas):
    programme = personas.programme
    wave = wave_of(programme, Kind.BASELINE)
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("evaluation:wave_close", args=[programme.slug, wave.pk]), follow=True
    )
    wave.refresh_from_db()
    assert wave.status == WaveStatus.CLOSED
    assert wave.results is not None
    assert "La vague est clôturée" in text_of(response)


@pytest.mark.parametrize(
    ("persona", "status"), [("referent", 403), ("mentee", 403), ("outsider", 404)]
)
def test_others_may_neither_open_nor_close_a_wave(client, personas, persona, status):
    programme = personas.programme
    scheduled = wave_of(programme, Kind.BASELINE, status=WaveStatus.SCHEDULED)
    open_wave = wave_of(programme, Kind.PULSE)
    client.force_login(getattr(personas, persona))
    assert (
        client.post(
            reverse("evaluation:wave_open", args=[programme.slug, scheduled.pk])
        ).status_code
        == status
    )
    assert (
        client.post(
            reverse("evaluation:wave_close", args=[programme.slug, open_wave.pk])
        ).status_code
        == status
    )
    scheduled.refresh_from_db()
    open_wave.refresh_from_db()
    assert (scheduled.status, open_wave.status) == (WaveStatus.SCHEDULED, WaveStatus.OPEN)


def test_a_wave_of_another_programme_is_not_found(client, personas):
    from tests.factories import ProgrammeFactory

    theirs = wave_of(ProgrammeFactory(), Kind.BASELINE, status=WaveStatus.SCHEDULED)
    client.force_login(personas.coordinator)
    url = reverse("evaluation:wave_open", args=[personas.programme.slug, theirs.pk])
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == WaveStatus.SCHEDULED


@pytest.mark.parametrize(
    ("phase", "text"),
    [("running", "Suivez l’évaluation"), ("closing", "Suivez le questionnaire final")],
)
def test_the_programmes_next_steps_lead_to_the_evaluation(client, personas, phase, text):
    programme = personas.programme
    programme.current_phase = phase
    programme.save()
    client.force_login(personas.coordinator)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert f'<a href="{overview_url(programme)}">{text}</a>' in page


def test_the_overview_says_the_pulse_opens_by_itself_on_the_cadence(client, personas):
    programme = personas.programme
    programme.checkin_cadence_days = 30
    programme.save()
    client.force_login(personas.coordinator)
    page = text_of(client.get(overview_url(programme)))
    assert "un point d’étape s’ouvre de lui-même tous les 30 jours" in page
