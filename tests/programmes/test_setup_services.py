"""The services of programme setup, called directly."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Phase, Programme, Role, Topic
from programmes.services import (
    IndicatorRow,
    PhaseRow,
    TopicRow,
    coordinator_appoint_by_email,
    person_get_or_invite,
    programme_calendar_update,
    programme_create,
    programme_indicators_update,
    programme_phase_set,
    programme_settings_update,
    programme_topics_update,
)
from tests.factories import ApplicationFactory, UserFactory


@pytest.fixture
def programme(db) -> Programme:
    return programme_create(by=UserFactory(is_staff=True), name="Mentorat", slug="mentorat")


def names(programme) -> list[str]:
    return list(programme.topics.values_list("name", flat=True))


def test_a_programme_created_by_a_coordinator_makes_them_its_coordinator(db):
    person = UserFactory()
    programme = programme_create(by=person, name="P", slug="p")
    assert programme.memberships.filter(user=person, role=Role.COORDINATOR).exists()


def test_two_topics_can_swap_their_names(programme):
    Topic.objects.filter(programme=programme).delete()
    a = Topic.objects.create(programme=programme, name="A", position=0)
    b = Topic.objects.create(programme=programme, name="B", position=1)
    programme_topics_update(programme=programme, rows=[TopicRow(a.pk, "B"), TopicRow(b.pk, "A")])
    assert names(programme) == ["B", "A"]
    assert Topic.objects.get(pk=a.pk).name == "B"


def test_a_topic_chosen_in_an_application_is_kept_whatever_is_asked(programme):
    chosen = programme.topics.first()
    ApplicationFactory(programme=programme).topics.add(chosen)
    before = names(programme)
    with pytest.raises(ValidationError, match=chosen.name):
        programme_topics_update(programme=programme, rows=[TopicRow(None, "Seul thème")])
    assert names(programme) == before


def test_a_topic_chosen_in_an_application_may_be_renamed(programme):
    chosen = programme.topics.first()
    application = ApplicationFactory(programme=programme)
    application.topics.add(chosen)
    programme_topics_update(programme=programme, rows=[TopicRow(chosen.pk, "Nouveau nom")])
    assert list(application.topics.values_list("name", flat=True)) == ["Nouveau nom"]


def test_an_empty_topic_name_is_refused(programme):
    with pytest.raises(ValidationError):
        programme_topics_update(programme=programme, rows=[TopicRow(None, "  ")])


def test_indicators_are_replaced_in_the_given_order(programme):
    first = programme.indicators.first()
    programme_indicators_update(
        programme=programme,
        rows=[IndicatorRow(None, "Nouveau", "mesure", "cible"), IndicatorRow(first.pk, first.name)],
    )
    assert list(programme.indicators.values_list("name", flat=True)) == ["Nouveau", first.name]


def test_the_calendar_keeps_only_phases_with_a_date(programme):
    programme_calendar_update(
        programme=programme,
        rows=[
            PhaseRow(Phase.RECRUITMENT, datetime.date(2027, 1, 1), None),
            PhaseRow(Phase.MATCHING, None, None),
        ],
    )
    assert list(programme.calendar.values_list("phase", flat=True)) == [Phase.RECRUITMENT]


def test_the_calendar_refuses_the_setup_phase(programme):
    with pytest.raises(ValidationError):
        programme_calendar_update(
            programme=programme, rows=[PhaseRow(Phase.SETUP, datetime.date(2027, 1, 1), None)]
        )


def test_k_cannot_go_below_3_through_the_service(programme):
    with pytest.raises(ValidationError) as error:
        programme_settings_update(programme=programme, changes={"min_group_size": 2})
    assert "min_group_size" in error.value.message_dict
    programme.refresh_from_db()
    assert programme.min_group_size == 5


def test_only_settings_are_changed_through_the_settings_service(programme):
    with pytest.raises(ValueError):
        programme_settings_update(programme=programme, changes={"slug": "autre"})


def test_the_phase_changes_to_a_known_phase_only(programme):
    programme_phase_set(programme=programme, phase=Phase.RECRUITMENT)
    assert Programme.objects.get(pk=programme.pk).current_phase == Phase.RECRUITMENT
    with pytest.raises(ValidationError):
        programme_phase_set(programme=programme, phase="vacances")


def test_an_invited_person_is_found_again_by_email_whatever_its_case(db):
    person, created = person_get_or_invite(email=" Anne.Roux@Exemple.FR ", first_name="Anne")
    again, created_again = person_get_or_invite(email="anne.roux@exemple.fr")
    assert (created, created_again) == (True, False)
    assert again == person and person.email == "anne.roux@exemple.fr"


def test_an_invalid_email_is_refused_before_anything_is_written(programme):
    with pytest.raises(ValidationError) as error:
        coordinator_appoint_by_email(programme=programme, email="anne@")
    assert "email" in error.value.message_dict
    assert not programme.memberships.exists()
