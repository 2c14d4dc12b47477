"""Reads over several relations: the enrolment by role, the review list and its counts."""

import pytest

from programmes.models import ApplicationStatus, Role, Topic
from programmes.permissions import enrolment_scope
from programmes.selectors.recruitment import application_counts, enrolment, review_list
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def enrolment_seen_by(user, programme):
    return set(enrolment(programme, enrolment_scope(user, programme)))


def test_the_enrolment_of_a_referent_is_their_organisation_only(personas):
    shown = enrolment_seen_by(personas.referent, personas.programme)
    assert {a.user for a in shown} == {personas.mentee}


def test_the_enrolment_of_staff_is_everyone(personas):
    shown = enrolment_seen_by(personas.staff, personas.programme)
    assert {a.user for a in shown} == {personas.mentor, personas.mentee}


def test_the_enrolment_of_a_participant_is_empty(personas):
    assert not enrolment_seen_by(personas.mentor, personas.programme)


def test_review_list_combines_its_filters(personas):
    topic = Topic.objects.create(programme=personas.programme, name="Dialogue social")
    wanted = ApplicationFactory(programme=personas.programme, role=Role.MENTOR, departement="39")
    wanted.topics.add(topic)
    ApplicationFactory(programme=personas.programme, role=Role.MENTOR, departement="39")
    found = review_list(personas.programme, {"role": "mentor", "departement": "39", "topic": topic})
    assert list(found) == [wanted]


def test_review_list_is_newest_first_and_only_this_programme(personas):
    ApplicationFactory()  # another programme
    first = ApplicationFactory(programme=personas.programme)
    second = ApplicationFactory(programme=personas.programme)
    assert list(review_list(personas.programme, {}))[:2] == [second, first]
    assert review_list(personas.programme, {}).count() == 4


def test_application_counts_cover_every_status_even_empty(personas):
    ApplicationFactory(programme=personas.programme, status=ApplicationStatus.WITHDRAWN)
    counts = application_counts(personas.programme)
    assert [row.status for row in counts.rows] == [s.value for s in ApplicationStatus]
    assert {row.status: row.total for row in counts.rows} == {
        "submitted": 0,
        "accepted": 2,
        "waitlisted": 0,
        "declined": 0,
        "withdrawn": 1,
    }
