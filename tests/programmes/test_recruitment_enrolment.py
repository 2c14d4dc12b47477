"""The enrolment list: coordinators see every applicant, a company referent only their own
organisation's — never anyone of another organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(programme) -> str:
    return reverse("programmes:enrolment", kwargs={"slug": programme.slug})


def test_a_referent_sees_only_their_organisation_s_applicants(client, personas):
    ApplicationFactory(
        programme=personas.programme,
        organisation=personas.other_organisation,
        user=UserFactory(last_name="Ailleurs"),
    )
    ApplicationFactory(
        programme=personas.programme,
        organisation=personas.organisation,
        user=UserFactory(last_name="Dedans"),
    )
    client.force_login(personas.referent)
    response = client.get(url(personas.programme))
    shown = list(response.context["applications"])
    assert response.status_code == 200
    assert {a.organisation for a in shown} == {personas.organisation}
    page = response.content.decode()
    assert "Dedans" in page
    assert "Ailleurs" not in page
    assert personas.mentor.last_name not in page  # the mentor works for the other organisation
    assert "Transports Test" not in page


def test_a_referent_of_another_programme_s_organisation_sees_nothing_here(client, personas):
    from programmes.models import Role
    from tests.factories import MembershipFactory, ProgrammeFactory

    referent = UserFactory()
    MembershipFactory(
        programme=personas.programme,
        user=referent,
        role=Role.REFERENT,
        organisation=OrganisationFactory(name="Sans candidat"),
    )
    MembershipFactory(
        programme=ProgrammeFactory(),
        user=referent,
        role=Role.REFERENT,
        organisation=personas.organisation,
    )
    client.force_login(referent)
    assert list(client.get(url(personas.programme)).context["applications"]) == []


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_coordinators_see_every_applicant(client, personas, persona):
    client.force_login(getattr(personas, persona))
    shown = list(client.get(url(personas.programme)).context["applications"])
    assert {a.user for a in shown} == {personas.mentor, personas.mentee}


@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 403), ("mentee", 403), ("outsider", 404)]
)
def test_participants_and_outsiders_are_refused(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(url(personas.programme)).status_code == status


def test_the_number_of_queries_does_not_grow_with_the_applicants(client, personas):
    # Expected: the session, the user, the programme, the person's roles in it, then the
    # applicants (with person and organisation) through the referent's organisations.
    def queries(count: int) -> int:
        ApplicationFactory.create_batch(
            count, programme=personas.programme, organisation=personas.organisation
        )
        client.force_login(personas.referent)
        with CaptureQueriesContext(connection) as captured:
            client.get(url(personas.programme))
        return len(captured)

    assert queries(2) == queries(20)


def test_a_long_enrolment_is_paginated_by_100(client, personas):
    ApplicationFactory.create_batch(120, programme=personas.programme)
    client.force_login(personas.coordinator)
    first = client.get(url(personas.programme))
    second = client.get(url(personas.programme) + "?page=2")
    assert len(first.context["applications"]) == 100
    assert len(second.context["applications"]) == 22  # 120 and the personas' two
