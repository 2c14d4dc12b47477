"""Step 8 of the setup: participating organisations, company referents and coordinators."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Membership, Role
from tests.factories import ApplicationFactory, MembershipFactory, OrganisationFactory, UserFactory

User = get_user_model()


def url(name: str, programme, **kwargs) -> str:
    return reverse(f"programmes:{name}", kwargs={"slug": programme.slug, **kwargs})


def as_user(client, user):
    client.force_login(user)
    return client


# --- Coordinators ---


def test_staff_appoint_an_existing_account_as_coordinator_and_it_is_told_in_french(
    client, personas, django_capture_on_commit_callbacks
):
    person = UserFactory(email="julie@exemple.fr", first_name="Julie")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, personas.staff).post(
            url("setup_coordinator_add", personas.programme),
            {"coordinator-email": " Julie@Exemple.fr "},
        )
    assert response["Location"] == url("setup_organisations", personas.programme)
    assert Membership.objects.filter(
        programme=personas.programme, user=person, role=Role.COORDINATOR
    ).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["julie@exemple.fr"]
    assert mail.outbox[0].subject == "[Mentorat] Vous coordonnez le programme Programme de test"
    assert "Bonjour Julie," in mail.outbox[0].body


def test_staff_appoint_a_new_person_who_gets_an_invited_account(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, personas.staff).post(
            url("setup_coordinator_add", personas.programme),
            {
                "coordinator-email": "nouvelle@aract.example",
                "coordinator-first_name": "Nora",
                "coordinator-last_name": "Petit",
            },
        )
    person = User.objects.get(email="nouvelle@aract.example")
    assert (person.first_name, person.last_name) == ("Nora", "Petit")
    assert not person.has_usable_password()
    assert EmailAddress.objects.filter(user=person, verified=False, primary=True).exists()
    assert Membership.objects.filter(user=person, role=Role.COORDINATOR).exists()
    assert "/comptes/login/code/" in mail.outbox[0].body


def test_appointing_the_same_coordinator_twice_sends_one_email(
    client, personas, django_capture_on_commit_callbacks
):
    as_user(client, personas.staff)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(
                url("setup_coordinator_add", personas.programme),
                {"coordinator-email": "a@exemple.fr"},
            )
    assert len(mail.outbox) == 1
    assert Membership.objects.filter(user__email="a@exemple.fr").count() == 1


def test_a_malformed_email_is_refused_in_french(client, personas):
    response = as_user(client, personas.staff).post(
        url("setup_coordinator_add", personas.programme), {"coordinator-email": "pas-une-adresse"}
    )
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert not User.objects.filter(email="pas-une-adresse").exists()


@pytest.mark.parametrize(
    "persona,status",
    [("coordinator", 403), ("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)],
)
def test_only_staff_appoint_or_remove_coordinators(client, personas, persona, status):
    as_user(client, getattr(personas, persona))
    response = client.post(
        url("setup_coordinator_add", personas.programme), {"coordinator-email": "x@exemple.fr"}
    )
    assert response.status_code == status
    membership = Membership.objects.get(user=personas.coordinator, role=Role.COORDINATOR)
    response = client.post(url("setup_coordinator_remove", personas.programme, pk=membership.pk))
    assert response.status_code == status
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not User.objects.filter(email="x@exemple.fr").exists()


def test_staff_remove_a_coordinator(client, personas):
    membership = Membership.objects.get(user=personas.coordinator, role=Role.COORDINATOR)
    as_user(client, personas.staff).post(
        url("setup_coordinator_remove", personas.programme, pk=membership.pk)
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_sees_the_coordinators_but_not_the_appointment_form(client, personas):
    page = as_user(client, personas.coordinator).get(url("setup_organisations", personas.programme))
    html = page.content.decode()
    assert "coordination@exemple.fr" in html
    assert url("setup_coordinator_add", personas.programme) not in html
    assert "Seule l’équipe de la plateforme nomme les coordinateurs." in html


# --- Participating organisations ---


def test_a_coordinator_adds_organisations_to_the_programme(client, personas):
    a, b = OrganisationFactory.create_batch(2)
    response = as_user(client, personas.coordinator).post(
        url("setup_organisations_add", personas.programme), {"organisations": [a.pk, b.pk]}
    )
    assert response["Location"] == url("setup_organisations", personas.programme)
    assert set(personas.programme.organisations.all()) == {a, b}


def test_an_organisation_with_people_in_the_programme_cannot_leave_it(client, personas):
    programme = personas.programme
    programme.organisations.add(personas.organisation)
    response = as_user(client, personas.coordinator).post(
        url("setup_organisation_remove", programme, pk=personas.organisation.pk), follow=True
    )
    assert "ne peut pas quitter le programme" in response.content.decode()
    assert programme.organisations.filter(pk=personas.organisation.pk).exists()


def test_an_organisation_without_people_leaves_the_programme(client, personas):
    lonely = OrganisationFactory()
    personas.programme.organisations.add(lonely)
    as_user(client, personas.coordinator).post(
        url("setup_organisation_remove", personas.programme, pk=lonely.pk)
    )
    assert not personas.programme.organisations.filter(pk=lonely.pk).exists()


@pytest.mark.parametrize("persona,status", [("referent", 403), ("mentee", 403), ("outsider", 404)])
def test_other_roles_cannot_add_or_remove_organisations(client, personas, persona, status):
    lonely = OrganisationFactory()
    as_user(client, getattr(personas, persona))
    response = client.post(
        url("setup_organisations_add", personas.programme), {"organisations": [lonely.pk]}
    )
    assert response.status_code == status
    assert not personas.programme.organisations.exists()


# --- Company referents ---


def test_a_coordinator_appoints_a_company_referent_who_is_told(
    client, personas, django_capture_on_commit_callbacks
):
    programme = personas.programme
    programme.organisations.add(personas.other_organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, personas.coordinator).post(
            url("setup_referent_add", programme),
            {
                "referent-organisation": personas.other_organisation.pk,
                "referent-email": "rh@transports.example",
            },
        )
    assert response["Location"] == url("setup_organisations", programme)
    membership = Membership.objects.get(user__email="rh@transports.example")
    assert (membership.role, membership.organisation) == (
        Role.REFERENT,
        personas.other_organisation,
    )
    assert mail.outbox[0].subject == (
        "[Mentorat] Vous êtes référent entreprise dans le programme Programme de test"
    )
    assert "Transports Test" in mail.outbox[0].body


def test_a_referent_must_belong_to_a_participating_organisation(client, personas):
    personas.programme.organisations.add(personas.organisation)
    response = as_user(client, personas.coordinator).post(
        url("setup_referent_add", personas.programme),
        {
            "referent-organisation": personas.other_organisation.pk,
            "referent-email": "rh@transports.example",
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not User.objects.filter(email="rh@transports.example").exists()


def test_a_person_is_referent_of_one_organisation_per_programme(client, personas):
    programme = personas.programme
    programme.organisations.add(personas.organisation, personas.other_organisation)
    response = as_user(client, personas.coordinator).post(
        url("setup_referent_add", programme),
        {
            "referent-organisation": personas.other_organisation.pk,
            "referent-email": personas.referent.email,
        },
    )
    assert "déjà référent d’une autre organisation" in response.content.decode()
    assert (
        Membership.objects.get(user=personas.referent, role=Role.REFERENT).organisation
        == personas.organisation
    )


def test_a_coordinator_removes_a_referent(client, personas):
    membership = Membership.objects.get(user=personas.referent, role=Role.REFERENT)
    as_user(client, personas.coordinator).post(
        url("setup_referent_remove", personas.programme, pk=membership.pk)
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_cannot_remove_a_coordinator_through_the_referent_address(client, personas):
    coordination = Membership.objects.get(user=personas.coordinator, role=Role.COORDINATOR)
    response = as_user(client, personas.coordinator).post(
        url("setup_referent_remove", personas.programme, pk=coordination.pk)
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=coordination.pk).exists()


@pytest.mark.parametrize("persona,status", [("referent", 403), ("mentor", 403), ("outsider", 404)])
def test_other_roles_cannot_appoint_or_remove_referents(client, personas, persona, status):
    programme = personas.programme
    programme.organisations.add(personas.organisation)
    membership = Membership.objects.get(user=personas.referent, role=Role.REFERENT)
    as_user(client, getattr(personas, persona))
    response = client.post(
        url("setup_referent_add", programme),
        {"referent-organisation": personas.organisation.pk, "referent-email": "intrus@exemple.fr"},
    )
    assert response.status_code == status
    assert client.post(url("setup_referent_remove", programme, pk=membership.pk)).status_code == (
        status
    )
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not User.objects.filter(email="intrus@exemple.fr").exists()


def test_the_step_query_count_does_not_grow_with_organisations_and_people(client, personas):
    """Queries: session, user, programme, roles of the user (then cached), participating
    organisations, referents with user and organisation, coordinators with user, whether any
    organisation may be added, the organisations to add (choices), the participating ones (the
    referent form's choices)."""
    programme = personas.programme
    as_user(client, personas.coordinator)

    def add(n: int) -> None:
        organisations = OrganisationFactory.create_batch(n)
        programme.organisations.add(*organisations)
        OrganisationFactory.create_batch(n)
        for organisation in organisations:
            MembershipFactory(programme=programme, role=Role.REFERENT, organisation=organisation)
            ApplicationFactory(programme=programme, organisation=organisation)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("setup_organisations", programme)).status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(18)
    assert count() == few


def test_an_invited_coordinator_logs_in_with_a_code_sent_to_their_address(
    client, personas, django_capture_on_commit_callbacks
):
    as_user(client, personas.staff).post(
        url("setup_coordinator_add", personas.programme), {"coordinator-email": "nora@exemple.fr"}
    )
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/login/code/", {"email": "nora@exemple.fr"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    client.post(response["Location"], {"code": code})
    response = client.get(url("setup_general", personas.programme))
    assert response.status_code == 200
    assert EmailAddress.objects.get(email="nora@exemple.fr").verified
