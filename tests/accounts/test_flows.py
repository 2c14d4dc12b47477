"""allauth's flows as a person goes through them, in French, with the e-mails they receive."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from mentorat.core.models import EmailStatus, SentEmail
from tests.factories import UserFactory

User = get_user_model()
PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the cache, which outlives a test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def _logged_in_user(client):
    response = client.get("/")
    return response.context["user"]


@pytest.mark.django_db
def test_sign_up_sends_a_french_verification_email_whose_link_confirms_the_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/comptes/signup/",
            {
                "first_name": "Camille",
                "last_name": "Petit",
                "email": "Camille.Petit@Exemple.fr",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    user = User.objects.get(email="camille.petit@exemple.fr")
    assert (user.first_name, user.last_name, user.language) == ("Camille", "Petit", "fr")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille.petit@exemple.fr"]
    assert message.subject == "[Mentorat] Confirmez votre adresse e-mail"
    # Every e-mail of the platform is recorded, allauth's included.
    assert SentEmail.objects.get(to=user.email).status == EmailStatus.SENT

    # Not verified yet: the password alone does not open the account.
    client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})
    assert not _logged_in_user(client).is_authenticated

    confirm_path = _link(message.body)
    assert "Confirmer" in client.get(confirm_path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        "/comptes/login/", {"login": "CAMILLE.PETIT@exemple.fr", "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == user
    assert "Bonjour Camille" in response.content.decode()


@pytest.mark.django_db
def test_confirming_the_address_sends_the_welcome_email_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/comptes/signup/",
            {
                "first_name": "Émilie",
                "last_name": "Roux",
                "email": "emilie@exemple.fr",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    confirm_path = _link(mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path)
        client.post(confirm_path)
    welcomes = [m for m in mail.outbox if "compte Mentorat" in m.subject]
    assert len(welcomes) == 1
    assert welcomes[0].subject == "[Mentorat] Votre compte Mentorat est prêt"
    assert welcomes[0].body.startswith("Bonjour Émilie,")
    assert "http://127.0.0.1:8000/comptes/login/" in welcomes[0].body
    assert "&#x27;" not in welcomes[0].body


@pytest.mark.django_db
def test_a_person_logs_in_with_a_code_sent_by_email(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="oublieux@exemple.fr", first_name="Paul")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/login/code/", {"email": "Oublieux@exemple.fr"})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/code/confirm/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Mentorat] Code de connexion"
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)

    assert "Entrez le code" in client.get("/comptes/login/code/confirm/").content.decode()
    response = client.post("/comptes/login/code/confirm/", {"code": code}, follow=True)
    assert response.context["user"] == user
    assert "Bonjour Paul" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_code_does_not_log_in(client, django_capture_on_commit_callbacks):
    UserFactory(email="oublieux@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/login/code/", {"email": "oublieux@exemple.fr"})
    response = client.post("/comptes/login/code/confirm/", {"code": "AAAAAA"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert not _logged_in_user(client).is_authenticated


@pytest.mark.django_db
def test_password_reset_sends_a_french_email_whose_link_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="claire@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/password/reset/", {"email": "claire@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Mentorat] E-mail de réinitialisation de mot de passe"
    assert "réinitialiser" in message.body.lower()

    # allauth moves the key from the address to the session, then shows the form.
    response = client.get(_link(message.body), follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else _link(message.body)
    assert "Nouveau mot de passe" in response.content.decode()
    new_password = "encore-un-autre-mot-de-passe-2026"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_path, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.django_db
def test_logging_out_asks_for_confirmation_in_french(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/comptes/logout/")
    assert response.status_code == 200
    assert "Êtes-vous sûr(e) de vouloir vous déconnecter ?" in response.content.decode()
    client.post("/comptes/logout/")
    assert not _logged_in_user(client).is_authenticated


@pytest.mark.django_db
def test_too_many_password_resets_get_a_french_page_in_the_layout(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="claire@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            response = client.post("/comptes/password/reset/", {"email": "claire@exemple.fr"})
            assert response.status_code == 302
        response = client.post("/comptes/password/reset/", {"email": "claire@exemple.fr"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Trop de tentatives</h1>" in html
    assert "Aller au contenu principal" in html
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_logging_in_brings_back_the_language_the_person_chose_last_time(client):
    UserFactory(email="anglophone@exemple.fr", language="en")
    response = client.post(
        "/comptes/login/", {"login": "anglophone@exemple.fr", "password": "motdepasse-de-test"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_french_speaker_logs_in_to_a_french_interface(client):
    UserFactory(email="francophone@exemple.fr", language="fr")
    client.post(
        "/comptes/login/", {"login": "francophone@exemple.fr", "password": "motdepasse-de-test"}
    )
    assert '<html lang="fr">' in client.get("/").content.decode()
