"""The language switcher changes the interface, and a logged-in person's e-mail language."""

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_switching_to_english_shows_english_pages(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/comptes/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/"
    html = client.get("/comptes/login/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_a_logged_in_person_keeps_the_language_for_their_emails(client):
    person = UserFactory()
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.language == "en"
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    person.refresh_from_db()
    assert person.language == "fr"


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client):
    person = UserFactory()
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    person.refresh_from_db()
    assert person.language == "fr"
    assert '<html lang="fr">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_switcher_only_accepts_post(client):
    assert client.get("/i18n/setlang/").status_code == 405
