"""The login is rate-limited, and the Django admin's login is the same rate-limited login."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

PASSWORD = "motdepasse-de-test"
TOO_MANY = "la connexion par mot de passe est suspendue pendant cinq minutes"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def _fail_five_times(client, email: str) -> None:
    for _ in range(5):
        response = client.post("/comptes/login/", {"login": email, "password": "mauvais"})
        assert "sont incorrects" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_french_message(client):
    UserFactory(email="claire@exemple.fr")
    response = client.post("/comptes/login/", {"login": "claire@exemple.fr", "password": "non"})
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_login_even_with_the_right_password(client):
    UserFactory(email="claire@exemple.fr")
    _fail_five_times(client, "claire@exemple.fr")
    response = client.post("/comptes/login/", {"login": "claire@exemple.fr", "password": PASSWORD})
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_the_lock_is_per_account_not_for_everybody(client):
    UserFactory(email="claire@exemple.fr")
    julien = UserFactory(email="julien@exemple.fr")
    _fail_five_times(client, "claire@exemple.fr")
    response = client.post("/comptes/login/", {"login": julien.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == julien


@pytest.mark.django_db
def test_the_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_staff_locked_out_cannot_reach_the_admin_even_with_the_right_password(client):
    UserFactory(email="equipe@exemple.fr", is_staff=True, is_superuser=True)
    _fail_five_times(client, "equipe@exemple.fr")
    response = client.post(
        "/comptes/login/?next=/admin/", {"login": "equipe@exemple.fr", "password": PASSWORD}
    )
    assert TOO_MANY in response.content.decode()
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_staff_logs_in_and_uses_the_admin_in_french(client):
    UserFactory(email="equipe@exemple.fr", is_staff=True, is_superuser=True)
    response = client.post(
        "/comptes/login/?next=/admin/",
        {"login": "equipe@exemple.fr", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Site d’administration" in response.content.decode()
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert "Sélectionnez l’objet utilisateur à changer" in response.content.decode()
    response = client.get("/admin/core/sentemail/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_logged_in_person_who_is_not_staff_gets_403_on_the_admin(client):
    client.force_login(UserFactory(email="mentoree@exemple.fr"))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()
    assert client.get("/admin/accounts/user/", follow=True).status_code == 403
