"""The headers every answer carries: the Content-Security-Policy, the Permissions-Policy, and
no caching of what a signed-in person sees."""

import pytest
from django.test import override_settings

from tests.factories import UserFactory


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.django_db
def test_every_page_has_a_policy_of_the_sites_own_files_without_inline_code(client):
    for path in ("/", "/comptes/login/", "/cette-page-nexiste-pas/"):
        directives = _directives(client.get(path))
        assert directives == {
            "default-src": "'self'",
            "script-src": "'self'",
            "style-src": "'self'",
            "img-src": "'self' data:",
            "object-src": "'none'",
            "base-uri": "'self'",
            "form-action": "'self'",
            "frame-ancestors": "'none'",
        }, path
        assert "unsafe-inline" not in str(directives)


@pytest.mark.django_db
def test_the_admin_has_the_same_policy(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert _directives(response) == _directives(client.get("/"))


@pytest.mark.django_db
def test_every_page_refuses_the_camera_the_microphone_the_location_and_payments(client):
    header = client.get("/").headers["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()", feature


@pytest.mark.django_db
def test_a_signed_in_persons_pages_are_kept_by_no_cache(client):
    client.force_login(UserFactory())
    for path in ("/", "/programmes/mes-programmes/", "/cette-page-nexiste-pas/"):
        cache_control = client.get(path)["Cache-Control"]
        assert {"private", "no-store"} <= {d.strip() for d in cache_control.split(",")}, path


@pytest.mark.django_db
def test_the_answer_to_a_login_is_not_kept_either(client):
    UserFactory(email="camille@exemple.fr")
    response = client.post(
        "/comptes/login/", {"login": "camille@exemple.fr", "password": "motdepasse-de-test"}
    )
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_pages_keep_their_own_caching(client):
    assert "Cache-Control" not in client.get("/")
    assert "Cache-Control" not in client.get("/cette-page-nexiste-pas/")


@pytest.mark.django_db
@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_keep_their_caching_for_a_signed_in_person(client):
    client.force_login(UserFactory())
    response = client.get("/static/css/mentorat.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")
