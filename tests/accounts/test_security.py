"""allauth's e-mails link to SITE_URL whatever Host the request gave, and a locked address
still lets its owner in by an e-mailed code."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from tests.factories import UserFactory

SITE = "https://mentorat.example"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


@pytest.mark.django_db
@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["*"])
def test_a_password_reset_asked_with_another_host_links_to_the_site(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="claire@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/comptes/password/reset/", {"email": "claire@exemple.fr"}, HTTP_HOST="evil.example"
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    links = _links(message.body)
    assert links and all(link.startswith(f"{SITE}/comptes/password/reset/key/") for link in links)
    assert "evil.example" not in message.body


@pytest.mark.django_db
@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["*"])
def test_a_password_reset_for_an_unknown_address_links_to_the_site(
    client, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/comptes/password/reset/", {"email": "personne@exemple.fr"}, HTTP_HOST="evil.example"
        )
    (message,) = mail.outbox
    assert _links(message.body) == [f"{SITE}/comptes/signup/"]


@pytest.mark.django_db
@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["*"])
def test_a_sign_up_asked_with_another_host_confirms_on_the_site(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/comptes/signup/",
            {
                "email": "nouvelle@exemple.fr",
                "first_name": "Nina",
                "last_name": "Roux",
                "password1": "un-mot-de-passe-solide-2026",
                "password2": "un-mot-de-passe-solide-2026",
            },
            HTTP_HOST="evil.example",
        )
    (message,) = mail.outbox
    links = _links(message.body)
    assert links and all(link.startswith(f"{SITE}/comptes/confirm-email/") for link in links)


def _login(client, email: str, password: str):
    return client.post("/comptes/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_a_locked_address_is_told_to_log_in_by_code_and_its_owner_gets_in(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="cible@exemple.fr", first_name="Inès")
    for _ in range(5):
        response = _login(client, "cible@exemple.fr", "pas-le-bon")
        assert "Trop de" not in response.content.decode()
    # The sixth attempt, even with the right password, is refused for five minutes...
    response = _login(client, "cible@exemple.fr", "motdepasse-de-test")
    html = response.content.decode()
    assert response.status_code == 200
    assert "pendant cinq minutes" in html
    assert (
        '<a href="/comptes/login/code/" class="alert-link">'
        "Recevoir un code de connexion par e-mail</a>"
    ) in html
    assert not client.get("/").context["user"].is_authenticated

    # ...but a code sent to the address still logs its owner in.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/login/code/", {"email": "cible@exemple.fr"})
    assert response.status_code == 302
    (message,) = mail.outbox
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)
    response = client.post("/comptes/login/code/confirm/", {"code": code}, follow=True)
    assert response.context["user"] == owner
