"""The page of incompatible organisations: list, declare, remove; who may; bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from matching_views_helpers import url

from matching.models import IncompatibleOrganisations
from tests.factories import MembershipFactory, OrganisationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(personas):
    personas.programme.organisations.add(personas.organisation, personas.other_organisation)
    return personas.organisation, personas.other_organisation


def login(client, user):
    client.force_login(user)
    return client


def declared(programme, a, b, reason=""):
    return IncompatibleOrganisations.objects.create(
        programme=programme, organisation_a=a, organisation_b=b, reason=reason
    )


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_declare_two_organisations_incompatible(
    client, personas, organisations, persona
):
    a, b = organisations
    login(client, getattr(personas, persona))
    response = client.post(
        url("incompatibility_add", personas.programme),
        {"organisation_a": a.pk, "organisation_b": b.pk, "reason": "Concurrents"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("incompatibilities", personas.programme)
    row = IncompatibleOrganisations.objects.get()
    assert {row.organisation_a, row.organisation_b} == {a, b}
    assert row.reason == "Concurrents"
    page = client.get(response["Location"]).content.decode()
    assert "sont incompatibles" in page
    assert "Concurrents" in page


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_other_roles_are_refused(client, personas, organisations, persona):
    a, b = organisations
    row = declared(personas.programme, a, b)
    login(client, getattr(personas, persona))
    assert client.get(url("incompatibilities", personas.programme)).status_code == 403
    data = {"organisation_a": a.pk, "organisation_b": b.pk}
    assert client.post(url("incompatibility_add", personas.programme), data).status_code == 403
    path = url("incompatibility_remove", personas.programme, pk=row.pk)
    assert client.post(path).status_code == 403
    assert IncompatibleOrganisations.objects.count() == 1


def test_an_outsider_gets_404_and_an_anonymous_visitor_the_login_page(
    client, personas, organisations
):
    row = declared(personas.programme, *organisations)
    paths = [
        url("incompatibility_add", personas.programme),
        url("incompatibility_remove", personas.programme, pk=row.pk),
    ]
    for path in paths:
        assert client.post(path)["Location"].startswith("/comptes/login/")
    login(client, personas.outsider)
    assert client.get(url("incompatibilities", personas.programme)).status_code == 404
    for path in paths:
        assert client.post(path).status_code == 404


def test_adding_and_removing_refuse_get(client, personas, organisations):
    row = declared(personas.programme, *organisations)
    login(client, personas.coordinator)
    assert client.get(url("incompatibility_add", personas.programme)).status_code == 405
    path = url("incompatibility_remove", personas.programme, pk=row.pk)
    assert client.get(path).status_code == 405


def test_the_same_organisation_twice_is_refused_beside_the_form(client, personas, organisations):
    a, _b = organisations
    login(client, personas.coordinator)
    response = client.post(
        url("incompatibility_add", personas.programme),
        {"organisation_a": a.pk, "organisation_b": a.pk},
    )
    assert response.status_code == 200
    assert "Choisissez deux organisations différentes." in response.content.decode()
    assert not IncompatibleOrganisations.objects.exists()


def test_an_organisation_outside_the_programme_is_not_a_valid_choice(
    client, personas, organisations
):
    a, _b = organisations
    stranger = OrganisationFactory()
    login(client, personas.coordinator)
    response = client.post(
        url("incompatibility_add", personas.programme),
        {"organisation_a": a.pk, "organisation_b": stranger.pk},
    )
    page = response.content.decode()
    assert "Sélectionnez un choix valide" in page
    assert not IncompatibleOrganisations.objects.exists()


def test_a_pair_declared_twice_is_refused_with_the_service_message(client, personas, organisations):
    a, b = organisations
    declared(personas.programme, a, b)
    login(client, personas.coordinator)
    response = client.post(
        url("incompatibility_add", personas.programme),
        {"organisation_a": b.pk, "organisation_b": a.pk},
    )
    assert response.status_code == 200
    assert "sont déjà déclarées incompatibles" in response.content.decode()
    assert IncompatibleOrganisations.objects.count() == 1


def test_removing_an_incompatibility(client, personas, organisations):
    row = declared(personas.programme, *organisations)
    login(client, personas.coordinator)
    response = client.post(
        url("incompatibility_remove", personas.programme, pk=row.pk), follow=True
    )
    assert not IncompatibleOrganisations.objects.exists()
    assert "peuvent de nouveau être appariées" in response.content.decode()


def test_an_incompatibility_of_another_programme_cannot_be_removed_here(
    client, personas, organisations
):
    other = ProgrammeFactory()
    MembershipFactory(programme=other, user=personas.coordinator)
    row = declared(other, *organisations)
    login(client, personas.coordinator)
    path = url("incompatibility_remove", personas.programme, pk=row.pk)
    assert client.post(path).status_code == 404
    assert IncompatibleOrganisations.objects.filter(pk=row.pk).exists()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_makes_as_many_queries_for_20_incompatibilities_as_for_2(client, personas):
    # Expected queries, whatever the number of rows: session, user, the programme, the
    # person's roles (programme_view); the incompatibilities with both organisations joined;
    # whether the programme has organisations, and the two selects' options.
    small = ProgrammeFactory()
    MembershipFactory(programme=small, user=personas.coordinator)
    for programme, n in ((small, 2), (personas.programme, 20)):
        organisations = [OrganisationFactory() for _ in range(n + 1)]
        programme.organisations.add(*organisations)
        for a, b in zip(organisations, organisations[1:], strict=False):
            declared(programme, a, b)
    login(client, personas.coordinator)
    few = _queries(client, url("incompatibilities", small))
    many = _queries(client, url("incompatibilities", personas.programme))
    assert few == many
    assert many <= 8
