"""The import pages: upload, preview with counts and every problem, then confirmation; sizes
and types checked; the sample files in every encoding through the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import Application, Role
from tests.factories import MembershipFactory

from .recruitment_helpers import SAME_PEOPLE, SAMPLES, csv_file, programme_with_topics, row

pytestmark = pytest.mark.django_db


def url(name: str, programme) -> str:
    return reverse(f"programmes:{name}", kwargs={"slug": programme.slug})


@pytest.fixture
def programme(personas):
    programme = programme_with_topics()
    MembershipFactory(programme=programme, user=personas.coordinator, role=Role.COORDINATOR)
    return programme


def upload(client, programme, data: bytes, name: str = "participants.csv"):
    return client.post(
        url("import_participants", programme), {"file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize("name", SAME_PEOPLE)
def test_upload_preview_then_confirm_imports_each_sample_file(client, personas, programme, name):
    client.force_login(personas.coordinator)
    response = upload(client, programme, (SAMPLES / name).read_bytes(), name)
    assert response.status_code == 302
    assert response["Location"] == url("import_preview", programme)
    preview = client.get(url("import_preview", programme))
    report = preview.context["report"]
    assert (report.created, report.updated, report.unchanged, report.errors) == (27, 0, 0, [])
    assert "27 personnes à créer" in preview.content.decode()
    assert not programme.applications.exists()  # nothing before the confirmation
    response = client.post(url("import_confirm", programme))
    assert response.status_code == 302
    assert programme.applications.count() == 27
    # The file is gone with the confirmation: confirming twice imports nothing more.
    assert client.post(url("import_confirm", programme))["Location"] == url(
        "import_participants", programme
    )


def test_the_preview_lists_every_problem_by_line_and_column_and_offers_no_confirmation(
    client, personas, programme
):
    client.force_login(personas.coordinator)
    upload(client, programme, csv_file(row("jean@"), row(role="stagiaire", departement="99")))
    response = client.get(url("import_preview", programme))
    page = response.content.decode()
    assert [(p.line, p.column) for p in response.context["report"].errors] == [
        (2, "email"),
        (3, "role"),
        (3, "departement"),
    ]
    assert "adresse e-mail invalide « jean@ »" in page
    assert "Confirmer l'import" not in page
    response = client.post(url("import_confirm", programme))
    assert response.status_code == 200  # refused again, shown again
    assert not programme.applications.exists()


def test_a_second_import_of_the_same_file_shows_everything_unchanged(client, personas, programme):
    client.force_login(personas.coordinator)
    data = (SAMPLES / "participants-comma.csv").read_bytes()
    upload(client, programme, data)
    client.post(url("import_confirm", programme))
    upload(client, programme, data)
    report = client.get(url("import_preview", programme)).context["report"]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 27)


def test_an_oversized_file_is_refused_before_anything_is_stored(
    client, personas, programme, settings
):
    settings.MAX_UPLOAD_SIZE = 1000
    client.force_login(personas.coordinator)
    response = upload(client, programme, b"email;prenom\n" + b"x" * 2000)
    assert response.status_code == 200
    assert "Le fichier est trop volumineux" in response.content.decode()
    assert client.get(url("import_preview", programme)).status_code == 302


def test_a_file_of_another_type_is_refused(client, personas, programme):
    client.force_login(personas.coordinator)
    response = upload(client, programme, b"%PDF-1.4", "participants.pdf")
    assert "Envoyez un fichier .csv ou .xlsx" in response.content.decode()


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_the_preview(client, personas, programme):
    client.force_login(personas.coordinator)
    upload(client, programme, b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.csv")
    response = client.get(url("import_preview", programme))
    assert "n’est pas un tableur" in response.content.decode()


def test_the_preview_without_a_file_sends_back_to_the_upload(client, personas, programme):
    client.force_login(personas.coordinator)
    response = client.get(url("import_preview", programme))
    assert response["Location"] == url("import_participants", programme)


def test_a_file_uploaded_for_one_programme_is_not_imported_into_another(
    client, personas, programme
):
    client.force_login(personas.coordinator)
    upload(client, programme, csv_file(row()))
    response = client.post(url("import_confirm", personas.programme))
    assert response["Location"] == url("import_participants", personas.programme)
    assert not Application.objects.filter(programme=programme).exists()


@pytest.mark.parametrize("persona", ["referent", "mentor", "mentee"])
def test_other_roles_are_refused_the_import(client, personas, persona):
    client.force_login(getattr(personas, persona))
    programme = personas.programme
    assert client.get(url("import_participants", programme)).status_code == 403
    assert upload(client, programme, csv_file(row())).status_code == 403
    assert client.get(url("import_preview", programme)).status_code == 403
    assert client.post(url("import_confirm", programme)).status_code == 403


def test_an_outsider_cannot_learn_that_the_import_exists(client, personas):
    client.force_login(personas.outsider)
    programme = personas.programme
    assert client.get(url("import_participants", programme)).status_code == 404
    assert client.post(url("import_confirm", programme)).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_open_the_import_page(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(url("import_participants", personas.programme)).status_code == 200


def test_abandoned_uploads_are_purged_after_a_day(settings, tmp_path):
    import os
    import time

    from programmes.imports.uploads import upload_read, upload_store, uploads_purge

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    old = upload_store(data=b"email\n", filename="vieux.csv")
    two_days_ago = time.time() - 2 * 86400
    os.utime(tmp_path / old, (two_days_ago, two_days_ago))
    recent = upload_store(data=b"email\n", filename="recent.csv")  # purges on the way
    assert upload_read(old) is None
    assert upload_read(recent) == b"email\n"
    assert uploads_purge() == 0
