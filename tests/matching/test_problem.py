"""Building the engine's Problem from the database: who takes part, with which capacity, and the
coordinator's rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from matching_factories import mentee, mentor, programme_with_topics

from matching.models import IncompatibleOrganisations, PairRule, PairStatus
from matching.problem import build_problem, parameters_for, settings_from
from programmes.models import ApplicationStatus, MeetingMode, Role
from tests.factories import ApplicationFactory, OrganisationFactory, PairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return programme_with_topics()


def test_accepted_mentors_and_mentees_take_part_with_their_profile(programme):
    acme = OrganisationFactory(name="Acme", sector="Industrie", departement="25")
    other = OrganisationFactory(name="Autre", sector="Commerce", departement="21")
    m = mentor(
        programme,
        acme,
        capacity=3,
        topics=("Animer une équipe", "Gestion des priorités"),
        experience_years=12,
        meeting_mode=MeetingMode.IN_PERSON,
        departement="39",
    )
    e = mentee(programme, other, topics=("Gestion des priorités",), departement="")
    ApplicationFactory(programme=programme, role=Role.MENTEE, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(programme=programme, role=Role.MENTOR, status=ApplicationStatus.DECLINED)

    built = build_problem(programme, parameters_for(programme))

    [engine_mentor] = built.problem.mentors
    [engine_mentee] = built.problem.mentees
    assert engine_mentor.id == m.pk
    assert engine_mentor.organisation_id == acme.pk
    assert engine_mentor.capacity == 3
    assert engine_mentor.topics == {"Animer une équipe", "Gestion des priorités"}
    assert engine_mentor.experience_years == 12
    assert engine_mentor.mode == "presentiel"
    assert engine_mentor.departement == "39"  # the person's own département first
    assert engine_mentor.sector == "Industrie"  # the organisation's sector
    assert engine_mentee.id == e.pk
    assert engine_mentee.departement == "21"  # none given: the organisation's
    assert built.organisation_names == {acme.pk: "Acme", other.pk: "Autre"}
    assert built.slots == 3


def test_a_mentor_without_capacity_gets_the_programme_default(programme):
    programme.default_mentor_capacity = 4
    programme.save()
    mentor(programme, capacity=None)
    built = build_problem(programme, parameters_for(programme))
    assert built.problem.mentors[0].capacity == 4


def test_mentees_with_an_open_pair_are_left_out_and_mentors_lose_that_room(programme):
    m = mentor(programme, capacity=2)
    paired, declined, waiting, active = (mentee(programme) for _ in range(4))
    PairFactory(programme=programme, mentor=m, mentee=paired, status=PairStatus.PROPOSED)
    PairFactory(programme=programme, mentor=m, mentee=active, status=PairStatus.ACTIVE)
    PairFactory(programme=programme, mentor=m, mentee=declined, status=PairStatus.DECLINED)

    built = build_problem(programme, parameters_for(programme))

    assert {e.id for e in built.problem.mentees} == {declined.pk, waiting.pk}
    assert built.problem.mentors[0].capacity == 0
    # A refused pair is not proposed again.
    assert built.problem.excluded == {(m.pk, declined.pk)}


def test_paired_mentees_can_be_kept_for_questions_about_them(programme):
    m = mentor(programme, capacity=2)
    paired = mentee(programme)
    PairFactory(programme=programme, mentor=m, mentee=paired, status=PairStatus.ACCEPTED)
    built = build_problem(
        programme, parameters_for(programme), mentee_ids=[paired.pk], keep_paired_mentees=True
    )
    assert [e.id for e in built.problem.mentees] == [paired.pk]
    assert built.problem.mentors[0].capacity == 1


def test_pair_rules_become_locked_and_excluded_pairs(programme):
    m1, m2 = mentor(programme), mentor(programme)
    e1, e2 = mentee(programme), mentee(programme)
    PairRule.objects.create(programme=programme, mentor=m1, mentee=e1, kind="lock")
    PairRule.objects.create(programme=programme, mentor=m2, mentee=e1, kind="exclude")
    PairRule.objects.create(programme=programme, mentor=m1, mentee=e2, kind="exclude")

    built = build_problem(programme, parameters_for(programme))

    assert built.problem.locked == {(m1.pk, e1.pk)}
    assert built.problem.excluded == {(m2.pk, e1.pk), (m1.pk, e2.pk)}
    assert built.ignored_locks == []


def test_a_lock_on_a_mentee_who_left_the_pool_is_set_aside(programme):
    m = mentor(programme, capacity=2)
    e = mentee(programme)
    PairFactory(programme=programme, mentor=m, mentee=e, status=PairStatus.ACCEPTED)
    PairRule.objects.create(programme=programme, mentor=m, mentee=e, kind="lock")
    built = build_problem(programme, parameters_for(programme))
    assert built.problem.locked == frozenset()
    assert built.ignored_locks == [(m.pk, e.pk)]


def test_a_lock_wins_over_an_earlier_refusal(programme):
    m, e = mentor(programme), mentee(programme)
    PairFactory(programme=programme, mentor=m, mentee=e, status=PairStatus.DECLINED)
    PairRule.objects.create(programme=programme, mentor=m, mentee=e, kind="lock")
    built = build_problem(programme, parameters_for(programme))
    assert built.problem.locked == {(m.pk, e.pk)}
    assert built.problem.excluded == frozenset()


def test_incompatible_organisations_are_passed_on(programme):
    a, b = OrganisationFactory(), OrganisationFactory()
    IncompatibleOrganisations.objects.create(
        programme=programme, organisation_a=a, organisation_b=b
    )
    mentor(programme, a)
    mentee(programme, b)
    built = build_problem(programme, parameters_for(programme))
    assert built.problem.incompatible_organisations == {frozenset({a.pk, b.pk})}


def test_the_run_parameters_come_from_the_programme_settings(programme):
    programme.weight_topics = 50
    programme.weight_sector = 0
    programme.sector_preference = "same"
    programme.proximity_required = False
    programme.save()

    parameters = parameters_for(programme, fairness=True)
    settings = settings_from(parameters)

    assert parameters == {
        "weights": {"topics": 50, "experience": 20, "mode": 15, "distance": 15, "sector": 0},
        "sector_preference": "same",
        "proximity_required": False,
        "fairness": True,
    }
    assert settings.weights.topics == 50.0 and settings.weights.sector == 0.0
    assert settings.sector_preference == "same"
    assert settings.fairness is True and settings.proximity_required is False


def _count_queries(programme) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_problem(programme, parameters_for(programme))
    return len(queries)


def test_building_takes_the_same_queries_for_4_or_40_participants(programme):
    other = programme_with_topics()
    for p, n in ((programme, 2), (other, 20)):
        for _ in range(n):
            m = mentor(p, topics=("Animer une équipe",))
            e = mentee(p, topics=("Gestion des priorités",))
            PairRule.objects.create(programme=p, mentor=m, mentee=e, kind="exclude")
    # Applications with users and organisations; open pairs; declined pairs; topics; rules;
    # incompatible organisations.
    assert _count_queries(programme) == _count_queries(other) == 6
