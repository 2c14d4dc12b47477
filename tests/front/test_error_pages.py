"""403, 404, 429 and 500 pages: in French, in the layout (500: without the database)."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from mentorat.front.views import server_error

SKIP_LINK = "Aller au contenu principal"


@pytest.mark.django_db
def test_a_page_that_does_not_exist_gets_the_french_404_page(client):
    response = client.get("/cette-page-nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page introuvable – Mentorat</title>" in html
    assert "<h1>Page introuvable</h1>" in html
    assert SKIP_LINK in html


@pytest.mark.django_db
def test_a_role_without_the_right_gets_the_french_403_page(client, personas):
    client.force_login(personas.mentee)
    response = client.get(f"/programmes/{personas.programme.slug}/inscriptions/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Accès refusé</h1>" in html
    assert "contactez la coordination du programme" in html
    assert SKIP_LINK in html


@pytest.mark.django_db
def test_an_outsider_gets_the_same_404_as_for_a_programme_that_does_not_exist(client, personas):
    client.force_login(personas.outsider)
    hidden = client.get(f"/programmes/{personas.programme.slug}/")
    missing = client.get("/programmes/nexiste-pas/")
    assert hidden.status_code == missing.status_code == 404
    assert "<h1>Page introuvable</h1>" in hidden.content.decode()


def test_the_500_page_renders_in_french_without_touching_the_database():
    # No django_db mark: any query here would fail the test.
    with translation.override("fr"):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr">' in html
    assert "<h1>Erreur du serveur</h1>" in html
    assert "Rien de ce que vous aviez enregistré n'est perdu." in html


@pytest.mark.django_db
def test_uploaded_files_are_not_served_as_public_addresses(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "secret.csv").write_text("email;prenom\n")
    assert client.get("/media/imports/secret.csv").status_code == 404
