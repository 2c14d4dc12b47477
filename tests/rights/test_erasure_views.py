"""Asking for erasure from "Mon compte", confirming it from the e-mail's link."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programmes.models import Role
from rights.models import ErasureRecord, ErasureRequest
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory

User = get_user_model()


@pytest.fixture
def person(db):
    return UserFactory(email="camille@exemple.fr", first_name="Camille")


def _ask(client, person, capture) -> str:
    client.force_login(person)
    with capture(execute=True):
        response = client.post(reverse("rights:erasure_request"))
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["camille@exemple.fr"]
    assert message.subject == "[Mentorat] Confirmez l’effacement de votre compte Mentorat"
    return re.search(r"https?://\S+/compte/effacement/\S+/", message.body).group(0)


def test_the_request_page_says_what_is_erased_and_what_stays(client, person):
    client.force_login(person)
    html = client.get(reverse("rights:erasure_request")).content.decode()
    assert "Ce qui est effacé" in html and "Ce qui reste, sans nom" in html


def test_asking_sends_a_link_and_confirming_erases_and_logs_out(
    client, person, django_capture_on_commit_callbacks
):
    link = _ask(client, person, django_capture_on_commit_callbacks)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert User.objects.filter(pk=person.pk).exists()  # nothing before the confirmation
    response = client.post("/" + path, {"understood": "on"})
    assert response.status_code == 200
    assert "Votre compte a été effacé" in response.content.decode()
    assert not User.objects.filter(pk=person.pk).exists()
    assert ErasureRecord.objects.get().reason == "request"
    assert "_auth_user_id" not in client.session


def test_confirming_needs_the_box_ticked(client, person, django_capture_on_commit_callbacks):
    link = _ask(client, person, django_capture_on_commit_callbacks)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.post(path, {})
    assert response.status_code == 200
    assert "Cochez la case" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_the_link_is_valid_48_hours_and_for_its_owner_only(
    client, person, django_capture_on_commit_callbacks
):
    link = _ask(client, person, django_capture_on_commit_callbacks)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    client.force_login(person)
    ErasureRequest.objects.update(created_at=timezone.now() - timedelta(hours=49))
    assert client.get(path).status_code == 404
    assert client.post(path, {"understood": "on"}).status_code == 404
    assert User.objects.filter(pk=person.pk).exists()


def test_the_only_coordinator_of_a_running_programme_is_told_why_not(client, person):
    programme = ProgrammeFactory(name="Mentorat 2026", current_phase="running")
    MembershipFactory(programme=programme, user=person, role=Role.COORDINATOR)
    client.force_login(person)
    response = client.post(reverse("rights:erasure_request"))
    assert response.status_code == 200
    assert "seul coordinateur" in response.content.decode()
    assert not ErasureRequest.objects.exists() and not mail.outbox


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("rights:erasure_request"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
