"""The home page shows each person what their roles let them do, and nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ApplicationStatus, Role
from tests.factories import ApplicationFactory, MembershipFactory, ProgrammeFactory, UserFactory

COORDINATED = "Les programmes que je coordonne"
ALL_PROGRAMMES = "Tous les programmes"
ENROLMENT = "Les inscriptions de mon organisation"
PARTICIPATION = "Ma participation"
NOTHING_YET = "Vous ne participez encore à aucun programme."
NEW_PROGRAMME = "Nouveau programme"
ADMIN = "/admin/"

SECTIONS = [COORDINATED, ALL_PROGRAMMES, ENROLMENT, PARTICIPATION, NOTHING_YET]


def _home(client, person) -> str:
    client.force_login(person)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _sections(html: str) -> set[str]:
    return {section for section in SECTIONS if section in html}


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_the_welcome_page_in_french(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "<h1>Mentorat inter-entreprises</h1>" in html
    assert 'href="/comptes/login/"' in html and 'href="/comptes/signup/"' in html
    assert "Nos deux engagements" in html
    assert _sections(html) == set()


@pytest.mark.django_db
def test_staff_see_every_programme_and_may_create_one(client, personas):
    other = ProgrammeFactory(name="Un autre programme")
    html = _home(client, personas.staff)
    assert _sections(html) == {ALL_PROGRAMMES}
    assert personas.programme.name in html and other.name in html
    assert NEW_PROGRAMME in html and f'href="{ADMIN}"' in html


@pytest.mark.django_db
def test_a_coordinator_sees_only_the_programmes_they_coordinate(client, personas):
    other = ProgrammeFactory(name="Un programme d'ailleurs")
    html = _home(client, personas.coordinator)
    assert _sections(html) == {COORDINATED}
    assert personas.programme.name in html
    assert other.name not in html
    assert NEW_PROGRAMME not in html and f'href="{ADMIN}"' not in html


@pytest.mark.django_db
def test_the_coordinator_sees_how_many_applications_wait_for_review(client, personas):
    for _ in range(3):
        ApplicationFactory(programme=personas.programme, status=ApplicationStatus.SUBMITTED)
    html = _home(client, personas.coordinator)
    # 2 accepted (the mentor and the mentee of the personas) + 3 to review.
    assert '<td class="text-end">5</td>' in html
    assert '<td class="text-end">3</td>' in html


@pytest.mark.django_db
def test_a_referent_sees_their_organisations_enrolment_only(client, personas):
    html = _home(client, personas.referent)
    assert _sections(html) == {ENROLMENT}
    assert f"/programmes/{personas.programme.slug}/inscriptions/" in html
    assert personas.organisation.name in html


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
@pytest.mark.django_db
def test_a_participant_sees_their_programme_status_and_next_step(client, personas, persona):
    html = _home(client, getattr(personas, persona))
    assert _sections(html) == {PARTICIPATION}
    # The labels of roles and statuses come from the programmes app's own catalogue.
    assert "Rôle : " in html and " · État de ma candidature : " in html
    assert "Prochaine étape :" in html
    assert "vous participez ; la coordination va vous proposer un binôme." in html
    assert NEW_PROGRAMME not in html


@pytest.mark.django_db
def test_an_applicant_is_told_that_their_application_is_being_reviewed(client, personas):
    applicant = UserFactory()
    ApplicationFactory(programme=personas.programme, user=applicant, role=Role.MENTEE)
    html = _home(client, applicant)
    assert "la coordination examine votre candidature ; vous recevrez un courriel." in html


@pytest.mark.django_db
def test_an_outsider_is_told_how_to_join_a_programme(client, personas):
    html = _home(client, personas.outsider)
    assert _sections(html) == {NOTHING_YET}
    assert personas.programme.name not in html


@pytest.mark.django_db
def test_a_person_with_two_roles_sees_both_sections(client, personas):
    MembershipFactory(programme=ProgrammeFactory(), user=personas.mentee, role=Role.COORDINATOR)
    html = _home(client, personas.mentee)
    assert _sections(html) == {COORDINATED, PARTICIPATION}


def _queries_for_staff_home(client, staff, n_programmes: int) -> int:
    for _ in range(n_programmes):
        programme = ProgrammeFactory()
        ApplicationFactory(programme=programme)
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_home_page_query_count_does_not_grow_with_the_programmes(client):
    # Session, user, the programmes with their counts (one annotated query), the referent's
    # memberships, the person's applications: the same few queries for 2 or 20 programmes.
    few = _queries_for_staff_home(client, UserFactory(is_staff=True), 2)
    many = _queries_for_staff_home(client, UserFactory(is_staff=True), 18)
    assert many == few
    assert few <= 8


@pytest.mark.django_db
def test_a_mentee_with_a_proposed_pair_is_told_to_answer_and_gets_the_link(client, personas):
    from tests.factories import PairFactory

    mentor_application = personas.mentor.applications.get()
    mentee_application = personas.mentee.applications.get()
    PairFactory(programme=personas.programme, mentor=mentor_application, mentee=mentee_application)
    html = _home(client, personas.mentee)
    assert "un binôme vous est proposé" in html
    assert f'href="/appariement/{personas.programme.slug}/mon-binome/"' in html


@pytest.mark.django_db
def test_a_mentee_without_a_pair_gets_no_pair_link(client, personas):
    html = _home(client, personas.mentee)
    assert "mon-binome" not in html
    assert "la coordination va vous proposer un binôme" in html
