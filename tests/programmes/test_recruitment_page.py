"""The coordinators' recruitment page: the links to share, invitations by e-mail, and the
activation e-mails of imported people with the activation page they lead to."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from programmes.imports import participants_import
from programmes.models import ApplicationLink, Invitation, Phase, Role
from tests.factories import UserFactory

from .recruitment_helpers import csv_file, programme_with_topics, row

pytestmark = pytest.mark.django_db


def url(name: str, programme, **kwargs) -> str:
    return reverse(f"programmes:{name}", kwargs={"slug": programme.slug, **kwargs})


@pytest.fixture
def recruiting(personas):
    personas.programme.current_phase = Phase.RECRUITMENT
    personas.programme.save()
    return personas.programme


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_coordinators_see_both_links_to_share(client, personas, recruiting, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(url("recruitment", recruiting))
    assert response.status_code == 200
    page = response.content.decode()
    for role in (Role.MENTOR, Role.MENTEE):
        token = ApplicationLink.objects.get(programme=recruiting, role=role).token
        assert f"http://testserver/programmes/candidater/{token}/" in page


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_other_roles_are_refused_the_recruitment_page(client, personas, recruiting, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(url("recruitment", recruiting)).status_code == 403
    assert client.post(url("link_renew", recruiting, role="mentor")).status_code == 403
    response = client.post(
        url("invitations_send", recruiting), {"role": "mentor", "emails": "a@exemple.fr"}
    )
    assert response.status_code == 403
    assert client.post(url("imported_accounts_invite", recruiting)).status_code == 403
    assert not Invitation.objects.exists()


def test_an_outsider_gets_404_on_every_recruitment_action(client, personas, recruiting):
    client.force_login(personas.outsider)
    assert client.get(url("recruitment", recruiting)).status_code == 404
    assert client.post(url("link_renew", recruiting, role="mentor")).status_code == 404
    assert client.post(url("invitations_send", recruiting)).status_code == 404


def test_a_new_link_replaces_the_old_one(client, personas, recruiting):
    client.force_login(personas.coordinator)
    client.get(url("recruitment", recruiting))
    old = ApplicationLink.objects.get(programme=recruiting, role=Role.MENTOR).token
    response = client.post(url("link_renew", recruiting, role="mentor"))
    assert response.status_code == 302
    new = ApplicationLink.objects.get(programme=recruiting, role=Role.MENTOR).token
    assert new != old
    assert client.get(reverse("programmes:apply", args=[old])).status_code == 404
    assert client.get(reverse("programmes:apply", args=[new])).status_code == 200


def test_an_unknown_role_has_no_link(client, personas, recruiting):
    client.force_login(personas.coordinator)
    assert client.post(url("link_renew", recruiting, role="referent")).status_code == 404


def test_invitations_are_emailed_in_french_once_per_address(
    client, personas, recruiting, django_capture_on_commit_callbacks
):
    client.force_login(personas.coordinator)
    data = {"role": "mentee", "emails": "Anne@exemple.fr, bruno@exemple.fr\nanne@exemple.fr"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invitations_send", recruiting), data)
        client.post(url("invitations_send", recruiting), data)  # a second click
    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "anne@exemple.fr",
        "bruno@exemple.fr",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@exemple.fr", "bruno@exemple.fr"]
    message = mail.outbox[0]
    assert message.subject == "[Mentorat] Invitation à être mentoré dans « Programme de test »"
    invitation = Invitation.objects.get(email=message.to[0])
    assert f"http://127.0.0.1:8000{invitation.get_absolute_url()}" in message.body


def test_invalid_addresses_are_listed_and_nothing_is_sent(client, personas, recruiting):
    client.force_login(personas.coordinator)
    response = client.post(
        url("invitations_send", recruiting), {"role": "mentor", "emails": "ok@exemple.fr jean@"}
    )
    assert response.status_code == 200
    assert "Ces adresses ne sont pas valides : « jean@ »." in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitations_wait_for_the_recruitment_phase(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(
        url("invitations_send", personas.programme), {"role": "mentor", "emails": "a@exemple.fr"}
    )
    assert "pendant la phase de recrutement" in response.content.decode()
    assert not Invitation.objects.exists()


# --- Activation of imported accounts ----------------------------------------------------------


def import_two(programme):
    participants_import(
        programme=programme,
        data=csv_file(row("anne@exemple.fr", prenom="Anne"), row("bruno@exemple.fr")),
        filename="f.csv",
    )


def test_imported_people_are_emailed_an_activation_link_once(
    client, personas, django_capture_on_commit_callbacks
):
    programme = programme_with_topics(["Animer une équipe"])
    from tests.factories import MembershipFactory

    MembershipFactory(programme=programme, user=personas.coordinator, role=Role.COORDINATOR)
    import_two(programme)
    client.force_login(personas.coordinator)
    assert client.get(url("recruitment", programme)).context["pending_accounts"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("imported_accounts_invite", programme))
        client.post(url("imported_accounts_invite", programme))
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@exemple.fr", "bruno@exemple.fr"]
    message = next(m for m in mail.outbox if m.to == ["anne@exemple.fr"])
    assert message.subject == f"[Mentorat] Activez votre compte pour « {programme.name} »"
    assert "Bonjour Anne" in message.body


def activation_path(body: str) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/programmes/activer/\S+/)", body).group(1)


def test_the_activation_link_confirms_the_address_signs_in_and_asks_for_a_password(
    client, personas, django_capture_on_commit_callbacks
):
    programme = programme_with_topics(["Animer une équipe"])
    import_two(programme)
    from programmes.services import imported_accounts_invite

    with django_capture_on_commit_callbacks(execute=True):
        imported_accounts_invite(programme=programme, by=None)
    path = activation_path(next(m for m in mail.outbox if m.to == ["anne@exemple.fr"]).body)
    assert client.get(path).status_code == 200  # a button: mail scanners open links too
    assert not EmailAddress.objects.get(email="anne@exemple.fr").verified
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_set_password")
    assert EmailAddress.objects.get(email="anne@exemple.fr").verified
    client.logout()
    assert client.post(path).status_code == 400  # signing in spent the link


def test_a_forged_activation_link_is_refused(client):
    person = UserFactory()
    path = reverse("programmes:account_activate", kwargs={"uidb64": "MQ", "token": "faux-jeton"})
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    assert "Ce lien ne fonctionne plus" in client.get(path).content.decode()
    assert person.emailaddress_set.get().verified  # untouched
