"""The programme's page says what the coordination does next in the current phase, with its
figures (applications to review, pairs waiting for answers...), counted in two queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import PairStatus
from programmes.models import ApplicationStatus, Phase, Programme, Role
from programmes.selectors.phases import programme_figures
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    PairFactory,
    ProgrammeFactory,
    accepted_participant,
)

pytestmark = pytest.mark.django_db


def in_phase(programme, phase: str):
    Programme.objects.filter(pk=programme.pk).update(current_phase=phase)
    programme.refresh_from_db()
    return programme


def next_steps(client, user, programme) -> str:
    client.force_login(user)
    response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    if 'id="next-title"' not in page:
        return ""
    return page.split('id="next-title"')[1].split("</section>")[0]


def test_the_figures_count_applications_and_pairs_in_two_queries():
    programme = ProgrammeFactory()
    ApplicationFactory.create_batch(3, programme=programme, status=ApplicationStatus.SUBMITTED)
    accepted_participant(programme, Role.MENTOR)
    for status in (PairStatus.PROPOSED, PairStatus.PROPOSED, PairStatus.ACTIVE, "declined"):
        PairFactory(programme=programme, status=status)
    PairFactory()  # another programme's
    with CaptureQueriesContext(connection) as queries:
        figures = programme_figures(programme)
    assert len(queries) == 2
    assert figures["applications_waiting"] == 3
    # One accepted mentor above, and one per pair built by the factory.
    assert (figures["mentors"], figures["mentees"]) == (5, 4)
    assert (figures["pairs_proposed"], figures["pairs_active"], figures["pairs_declined"]) == (
        2,
        1,
        1,
    )
    assert figures["pairs_accepted"] == 0 and figures["pairs_open"] == 3


def test_in_setup_the_page_says_finish_the_settings_and_open_recruitment(client, personas):
    steps = next_steps(client, personas.coordinator, personas.programme)
    assert "Prochaines étapes" in steps
    assert "Terminez le paramétrage" in steps
    assert reverse("programmes:setup_general", kwargs={"slug": personas.programme.slug}) in steps
    assert (
        reverse(
            "programmes:setup_phase",
            kwargs={"slug": personas.programme.slug, "phase": "recruitment"},
        )
        in steps
    )


def test_in_recruitment_it_says_share_the_link_and_counts_the_applications(client, personas):
    programme = in_phase(personas.programme, Phase.RECRUITMENT)
    ApplicationFactory.create_batch(2, programme=programme, status=ApplicationStatus.SUBMITTED)
    steps = next_steps(client, personas.coordinator, programme)
    assert "Diffusez les liens de candidature" in steps
    assert "Examinez les candidatures en attente</a> : 2 candidatures à examiner." in steps
    assert "Acceptés à ce jour — mentors : 1, mentorés : 1." in steps
    assert reverse("programmes:applications", kwargs={"slug": programme.slug}) in steps


def test_in_matching_it_says_run_and_publish_and_counts_the_waiting_pairs(client, personas):
    programme = in_phase(personas.programme, Phase.MATCHING)
    for status in (PairStatus.PROPOSED, PairStatus.PROPOSED, PairStatus.PROPOSED, "declined"):
        PairFactory(programme=programme, status=status)
    steps = next_steps(client, personas.coordinator, programme)
    assert "Lancez l’appariement, relisez la proposition et publiez les binômes" in steps
    assert "3 binômes attendent les réponses de leurs membres." in steps
    assert "1 binôme a été décliné : son mentoré revient dans le vivier" in steps
    assert reverse("matching:proposal", kwargs={"slug": programme.slug}) in steps
    assert "Binômes en cours" in steps


def test_in_running_it_says_follow_the_pairs(client, personas):
    programme = in_phase(personas.programme, Phase.RUNNING)
    PairFactory(programme=programme, status=PairStatus.ACTIVE)
    PairFactory(programme=programme, status=PairStatus.PROPOSED)
    steps = next_steps(client, personas.coordinator, programme)
    assert "Suivez les binômes" in steps
    assert "2 binômes se poursuivent. 1 d’entre eux attend encore" in steps
    dashboard = reverse("followup:dashboard", kwargs={"slug": programme.slug})
    assert f'<a href="{dashboard}">Suivez les binômes</a>' in steps
    messages = reverse("followup:messages", kwargs={"slug": programme.slug})
    assert f'<a href="{messages}">Écrivez aux participants</a>' in steps


@pytest.mark.parametrize(
    "phase,text",
    [
        (Phase.CLOSING, "Les binômes tiennent leurs dernières rencontres"),
        (Phase.EVALUATION, "préparez le bilan pour le comité de pilotage"),
    ],
)
def test_the_last_phases_say_what_comes_next(client, personas, phase, text):
    programme = in_phase(personas.programme, phase)
    assert text in next_steps(client, personas.staff, programme)


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_the_next_steps_are_for_the_coordination_only(client, personas, persona):
    programme = in_phase(personas.programme, Phase.MATCHING)
    assert next_steps(client, getattr(personas, persona), programme) == ""


def test_the_programme_page_makes_as_many_queries_for_20_pairs_as_for_2(client, personas):
    small = in_phase(ProgrammeFactory(), Phase.MATCHING)
    MembershipFactory(programme=small, user=personas.coordinator)
    large = in_phase(personas.programme, Phase.MATCHING)
    for programme, n in ((small, 2), (large, 20)):
        for i in range(n):
            PairFactory(programme=programme, status="proposed" if i % 2 else "accepted")
        ApplicationFactory.create_batch(n, programme=programme, status=ApplicationStatus.SUBMITTED)
    client.force_login(personas.coordinator)
    counts = []
    for programme in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(programme.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
