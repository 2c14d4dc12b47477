"""Organisations: the SIRET check, the département list, the shared directory and its pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from france.departements import DEPARTEMENTS, is_departement
from programmes.models import Organisation, SizeBand
from programmes.services import organisation_create, organisation_update, siret_clean
from tests.factories import OrganisationFactory


def url(name: str, programme, **kwargs) -> str:
    return reverse(f"programmes:{name}", kwargs={"slug": programme.slug, **kwargs})


def as_user(client, user):
    client.force_login(user)
    return client


# --- SIRET ---


@pytest.mark.parametrize(
    "value,expected",
    [
        ("44306184100047", "44306184100047"),
        ("443 061 841 00047", "44306184100047"),
        ("73282932000074", "73282932000074"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_valid_siret_is_kept_without_its_spaces(value, expected):
    assert siret_clean(value) == expected


@pytest.mark.parametrize("value", ["4430618410004", "443061841000470", "4430618410004A", "1-2"])
def test_a_siret_must_have_exactly_14_digits(value):
    with pytest.raises(ValidationError) as error:
        siret_clean(value)
    assert error.value.code == "siret_format"


@pytest.mark.parametrize("value", ["44306184100048", "12345678900000", "73282932000075"])
def test_a_siret_with_a_wrong_checksum_is_refused(value):
    with pytest.raises(ValidationError) as error:
        siret_clean(value)
    assert error.value.code == "siret_checksum"


def test_la_poste_establishments_follow_their_own_rule():
    # SIREN 356 000 000: the sum of the digits is a multiple of 5 (the Luhn check fails here).
    assert siret_clean("35600000049837") == "35600000049837"
    with pytest.raises(ValidationError):
        siret_clean("35600000012345")


# --- Départements ---


def test_the_departement_list_has_the_101_french_departements():
    assert len(DEPARTEMENTS) == 101
    assert DEPARTEMENTS["2A"].name == "Corse-du-Sud"
    assert DEPARTEMENTS["21"].name == "Côte-d’Or"
    assert DEPARTEMENTS["976"].name == "Mayotte"


@pytest.mark.parametrize("code", ["20", "96", "975", "1", "2a", "", "00"])
def test_codes_that_are_not_departements_are_refused(code):
    assert not is_departement(code)


# --- Services ---


@pytest.mark.django_db
def test_an_organisation_is_created_with_its_details_and_can_join_a_programme(personas):
    organisation = organisation_create(
        name="  Scierie   du Jura ",
        sector="Bois",
        departement="39",
        siret="443 061 841 00047",
        size_band=SizeBand.SMALL,
        programme=personas.programme,
    )
    assert organisation.name == "Scierie du Jura"
    assert organisation.siret == "44306184100047"
    assert personas.programme.organisations.filter(pk=organisation.pk).exists()


@pytest.mark.django_db
def test_the_same_name_ignoring_case_and_spaces_is_the_same_organisation():
    OrganisationFactory(name="Fromagerie du Haut-Doubs")
    with pytest.raises(ValidationError) as error:
        organisation_create(name="fromagerie  DU haut-doubs")
    assert "name" in error.value.message_dict
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_departement_and_a_bad_siret_are_both_reported_and_nothing_saved():
    with pytest.raises(ValidationError) as error:
        organisation_create(name="Nouvelle", departement="99", siret="12345678900000")
    assert set(error.value.message_dict) == {"departement", "siret"}
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_an_organisation_keeps_its_name_when_renamed_to_itself():
    organisation = OrganisationFactory(name="Dijon Numérique")
    organisation_update(organisation=organisation, name="DIJON numérique", departement="21")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.departement) == ("DIJON numérique", "21")


# --- Pages ---


def test_a_coordinator_creates_an_organisation_that_joins_the_programme(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("organisation_create", personas.programme),
        {
            "name": "Lunetterie de Morez",
            "sector": "Industrie",
            "departement": "39",
            "siret": "732 829 320 00074",
            "size_band": "10-49",
            "join_programme": "on",
        },
    )
    assert response["Location"] == url("organisations", personas.programme)
    organisation = Organisation.objects.get(name="Lunetterie de Morez")
    assert organisation.siret == "73282932000074"
    assert personas.programme.organisations.filter(pk=organisation.pk).exists()


def test_the_form_says_in_french_what_is_wrong_with_the_siret(client, personas):
    response = as_user(client, personas.coordinator).post(
        url("organisation_create", personas.programme),
        {"name": "Erreur SARL", "siret": "12345678900000", "departement": "39"},
    )
    assert response.status_code == 200
    assert "Ce numéro SIRET n’est pas valide" in response.content.decode()
    assert not Organisation.objects.filter(name="Erreur SARL").exists()


def test_the_form_offers_departements_as_a_list_and_refuses_others(client, personas):
    as_user(client, personas.coordinator)
    page = client.get(url("organisation_create", personas.programme)).content.decode()
    assert '<option value="2A">2A – Corse-du-Sud</option>' in page
    response = client.post(
        url("organisation_create", personas.programme), {"name": "X", "departement": "20"}
    )
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_coordinator_edits_an_organisation(client, personas):
    organisation = personas.organisation
    personas.programme.organisations.add(organisation)
    response = as_user(client, personas.coordinator).post(
        url("organisation_edit", personas.programme, pk=organisation.pk),
        {"name": "Fromagerie Test", "sector": "Agroalimentaire", "departement": "25"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.sector == "Agroalimentaire"


def test_a_coordinator_cannot_edit_an_organisation_of_another_programme_only(client, personas):
    from tests.factories import ProgrammeFactory

    elsewhere = OrganisationFactory(name="Scierie Ailleurs", departement="70")
    ProgrammeFactory(slug="autre-programme").organisations.add(elsewhere)
    as_user(client, personas.coordinator)
    edit = url("organisation_edit", personas.programme, pk=elsewhere.pk)
    assert client.get(edit).status_code == 404
    response = client.post(edit, {"name": "Renommée", "departement": "70"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Scierie Ailleurs"
    # The directory lists it (to add it to the programme) without offering to edit it.
    html = client.get(url("organisations", personas.programme)).content.decode()
    assert "Scierie Ailleurs" in html
    assert edit not in html


def test_a_coordinator_edits_an_organisation_once_it_takes_part_in_their_programme(
    client, personas
):
    organisation = OrganisationFactory(name="Scierie Ailleurs", departement="70")
    as_user(client, personas.coordinator)
    edit = url("organisation_edit", personas.programme, pk=organisation.pk)
    assert client.get(edit).status_code == 404
    personas.programme.organisations.add(organisation)
    response = client.post(edit, {"name": "Scierie du Doubs", "departement": "25"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Scierie du Doubs"


def test_staff_edit_any_organisation_even_outside_every_programme(client, personas):
    organisation = OrganisationFactory(name="Scierie Seule", departement="70")
    as_user(client, personas.staff)
    edit = url("organisation_edit", personas.programme, pk=organisation.pk)
    assert edit in client.get(url("organisations", personas.programme)).content.decode()
    response = client.post(edit, {"name": "Scierie Seule", "sector": "Bois", "departement": "70"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.sector == "Bois"


@pytest.mark.parametrize("persona,status", [("referent", 403), ("mentor", 403), ("outsider", 404)])
def test_only_those_who_manage_a_programme_edit_organisations(client, personas, persona, status):
    organisation = personas.organisation
    as_user(client, getattr(personas, persona))
    response = client.post(
        url("organisation_edit", personas.programme, pk=organisation.pk),
        {"name": "Piratée", "departement": "25"},
    )
    assert response.status_code == status
    response = client.post(url("organisation_create", personas.programme), {"name": "Intruse"})
    assert response.status_code == status
    assert not Organisation.objects.filter(name__in=["Piratée", "Intruse"]).exists()


def test_an_unknown_organisation_is_not_found(client, personas):
    response = as_user(client, personas.coordinator).get(
        url("organisation_edit", personas.programme, pk=999999)
    )
    assert response.status_code == 404


def test_the_directory_lists_participating_organisations_first(client, personas):
    personas.programme.organisations.add(personas.other_organisation)
    page = as_user(client, personas.coordinator).get(url("organisations", personas.programme))
    html = page.content.decode()
    assert html.index("Transports Test") < html.index("Fromagerie Test")
    assert "Participe" in html


def test_the_directory_searches_by_name_sector_or_departement(client, personas):
    as_user(client, personas.coordinator)
    html = client.get(url("organisations", personas.programme), {"q": "21"}).content.decode()
    assert "Transports Test" in html
    assert "Fromagerie Test" not in html


def test_the_directory_query_count_does_not_grow_with_the_list(client, personas):
    """Queries: session, user, programme, roles of the user (then cached for the navigation),
    the paginator's count, the page's organisations with whether each takes part (one EXISTS
    subquery, not one query per row)."""
    as_user(client, personas.coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("organisations", personas.programme)).status_code == 200
        return len(queries)

    personas.programme.organisations.add(*OrganisationFactory.create_batch(2))
    few = count()
    personas.programme.organisations.add(*OrganisationFactory.create_batch(20))
    OrganisationFactory.create_batch(20)
    assert count() == few
