"""An id too large for the database, in an address or a form, is "not found" or a French form
error, never a 500 (OverflowError on SQLite). Addresses: tests/test_urls.py."""

import pytest
from django.urls import Resolver404, resolve

from mentorat.core.ids import ID_MAX, IdConverter
from programmes.forms.setup import OrganisationsAddForm
from programmes.models import Organisation, Role, Topic
from tests.factories import OrganisationFactory
from tests.programmes.recruitment_helpers import programme_with_topics
from tests.programmes.test_recruitment_apply import identity, link, profile

TOO_LARGE = str(ID_MAX + 1)


def test_the_id_converter_stops_at_the_largest_id():
    assert IdConverter().to_python(str(ID_MAX)) == ID_MAX
    with pytest.raises(ValueError):
        IdConverter().to_python(TOO_LARGE)


def test_an_address_with_a_too_large_id_matches_no_route():
    assert resolve(f"/programmes/p/candidatures/{ID_MAX}/").url_name == "application_review"
    with pytest.raises(Resolver404):
        resolve(f"/programmes/p/candidatures/{TOO_LARGE}/")


@pytest.fixture
def programme():
    programme = programme_with_topics(["Animer une équipe"])
    programme.organisations.add(OrganisationFactory())
    return programme


def _both_backends(test):
    return pytest.mark.parametrize(
        "backend", ["any", pytest.param("postgres", marks=pytest.mark.postgres)]
    )(test)


@pytest.mark.django_db
@_both_backends
def test_a_list_of_ids_ignores_those_the_database_cannot_hold(backend):
    organisation = OrganisationFactory()
    ids = [organisation.pk, ID_MAX + 1, 10**30, -(10**30)]
    assert list(Organisation.objects.filter(pk__in=ids)) == [organisation]
    assert not Organisation.objects.filter(pk__in=[ID_MAX + 1]).exists()
    assert Organisation.objects.exclude(pk__in=[ID_MAX + 1]).count() == 1


@pytest.mark.django_db
@_both_backends
def test_a_multiple_choice_with_a_too_large_id_is_a_french_form_error(backend):
    form = OrganisationsAddForm({"organisations": [TOO_LARGE]}, queryset=Organisation.objects.all())
    assert not form.is_valid()
    assert form.errors["organisations"] == [
        f"Sélectionnez un choix valide. {TOO_LARGE} n’en fait pas partie."
    ]


@pytest.mark.django_db
@_both_backends
def test_the_public_application_form_with_a_too_large_topic_id_answers_a_form_error(
    client, programme, backend
):
    response = client.post(
        link(programme, Role.MENTEE),
        {**profile(programme, topics=[TOO_LARGE], organisation=TOO_LARGE), **identity()},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{TOO_LARGE} n’en fait pas partie" in html
    assert not Topic.objects.filter(applications__isnull=False).exists()
