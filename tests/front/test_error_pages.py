"""403, 404, 429 and 500 pages: in French, in the layout (500: without the database)."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from mentorat import urls as site_urls
from mentorat.front.views import server_error


def _boom(request):
    raise RuntimeError("a view that fails")


# The site's own URLs and handlers, plus a view that raises: the 500 through the real handler.
urlpatterns = [path("boom/", _boom), *site_urls.urlpatterns]
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500

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
    assert "Rien de ce que vous aviez enregistré n’est perdu." in html


@pytest.mark.django_db
def test_uploaded_files_are_not_served_as_public_addresses(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "secret.csv").write_text("email;prenom\n")
    assert client.get("/media/imports/secret.csv").status_code == 404


@pytest.mark.django_db
def test_with_debug_off_an_unknown_address_shows_no_list_of_urls(client, settings):
    settings.DEBUG = False
    html = client.get("/nexiste-pas/").content.decode()
    assert "<h1>Page introuvable</h1>" in html
    assert "URLconf" not in html and "comptes/" not in html.split("<main", 1)[1]


@pytest.mark.django_db
@pytest.mark.urls("tests.front.test_error_pages")
def test_a_view_that_raises_gets_the_french_500_and_its_traceback_once(client, caplog):
    client.raise_request_exception = False
    with translation.override("fr"), caplog.at_level(logging.INFO):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert "<h1>Erreur du serveur</h1>" in response.content.decode()
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert len(errors) == 1 and errors[0].exc_info[0] is RuntimeError


@pytest.mark.django_db
def test_a_404_is_logged_at_most_once_and_without_a_traceback(client, caplog):
    with caplog.at_level(logging.DEBUG):
        client.get("/nexiste-pas/")
    records = [r for r in caplog.records if r.name.startswith("django")]
    assert len(records) <= 1
    assert not any(r.exc_info for r in records)


@pytest.mark.django_db
def test_a_403_is_not_logged_with_a_traceback(client, personas, caplog):
    client.force_login(personas.mentee)
    with caplog.at_level(logging.DEBUG):
        response = client.get(f"/programmes/{personas.programme.slug}/inscriptions/")
    assert response.status_code == 403
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("django"))


@pytest.mark.django_db
def test_the_favicon_answers_and_the_layout_links_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'href="/static/favicon.svg" type="image/svg+xml"' in html
