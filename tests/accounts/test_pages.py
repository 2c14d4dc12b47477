"""allauth's pages are in French and in the platform's layout."""

import re

import pytest

from tests.factories import UserFactory

PAGES = [
    ("/comptes/login/", "Connexion"),
    ("/comptes/signup/", "Création de compte"),
    ("/comptes/login/code/", "Envoyez-moi un code de connexion"),
    ("/comptes/password/reset/", "Réinitialisation du mot de passe"),
    ("/comptes/password/reset/done/", "Réinitialisation du mot de passe"),
    ("/comptes/confirm-email/", "Vérifiez votre adresse e-mail"),
]


def _h1(html: str) -> str:
    return " ".join(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).split())


def _in_layout(html: str) -> bool:
    return (
        '<html lang="fr">' in html
        and "Aller au contenu principal" in html
        and 'aria-label="Navigation principale"' in html
        and "/static/vendor/bootstrap/bootstrap.min.css" in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_allauth_pages_are_french_and_in_the_layout(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert _h1(html) == heading
    assert _in_layout(html)


@pytest.mark.django_db
def test_the_logout_page_is_french_and_in_the_layout(client):
    client.force_login(UserFactory())
    html = client.get("/comptes/logout/").content.decode()
    assert _h1(html) == "Se déconnecter"
    assert _in_layout(html)


@pytest.mark.django_db
def test_the_account_pages_of_a_logged_in_person_are_french(client):
    client.force_login(UserFactory())
    for path, heading in [
        ("/comptes/email/", "Adresses e-mail"),
        ("/comptes/password/change/", "Modifier le mot de passe"),
    ]:
        html = client.get(path).content.decode()
        assert _h1(html) == heading, path
        assert _in_layout(html)
