"""A form sent without a valid CSRF token gets a French page in the layout, not Django's."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_form_sent_without_its_token_gets_the_french_expired_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/comptes/login/", {"login": "a@exemple.fr", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>La page a expiré – Mentorat</title>" in html
    assert "<h1>La page a expiré</h1>" in html
    assert "cookies" in html
    assert 'href="/"' in html
    assert "Aller au contenu principal" in html  # the site's layout
    assert "CSRF" not in html


@pytest.mark.django_db
def test_the_same_form_with_its_token_goes_through():
    client = Client(enforce_csrf_checks=True)
    client.get("/comptes/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/comptes/login/", {"login": "a@exemple.fr", "password": "x", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
