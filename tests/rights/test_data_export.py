"""Download my data: a zip with a readable page and the same data as JSON (account, applications
and profiles, memberships, pairs with the partner's name and organisation, meetings, help
requests, e-mails sent, consents), never an anonymous response. Small: at once; large: built by
a worker, shown when ready, its owner's only, deleted after its days; broker down: built once
it is back."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from mentorat.core.models import EmailStatus, SentEmail
from programmes.models import Application, ApplicationNote
from rights.models import DataDownload, JobStatus
from rights.services import data_export
from rights.services.data_export import data_downloads_sweep
from tests.factories import (
    PairFactory,
    accepted_pair,
    anonymous_response,
    charter_accepted,
    help_requested,
    invited,
    meeting_held,
    wave_of,
)

pytestmark = pytest.mark.django_db

DOWNLOAD = reverse("rights:data_download")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pair(personas):
    pair = accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )
    charter_accepted(pair, "mentee", days_ago=3)
    meeting_held(pair, days_ago=10, minutes=75, mode="video")
    meeting_held(pair, days_ago=40, minutes=50, mode="in_person")
    return pair


def unzip(content: bytes) -> tuple[str, dict]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["mes-donnees.html", "mes-donnees.json"]
        html = archive.read("mes-donnees.html").decode()
        data = json.loads(archive.read("mes-donnees.json"))
    return html, data


def download(client) -> tuple[str, dict]:
    response = client.post(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="mes-donnees.zip"' in response["Content-Disposition"]
    return unzip(response.content)


def test_the_zip_holds_the_account_the_pair_the_meetings_and_the_emails(client, personas, pair):
    SentEmail.objects.create(
        key="k1", to=personas.mentee.email, subject="Votre binôme est prêt", template="x",
        status=EmailStatus.SENT, sent_at=timezone.now(),
    )  # fmt: skip
    SentEmail.objects.create(key="k2", to="quelquun@exemple.fr", subject="Pas pour vous")
    client.force_login(personas.mentee)
    html, data = download(client)

    assert data["account"]["email"] == "mentee@exemple.fr"
    assert data["applications"][0]["organisation"] == "Fromagerie Test"
    [the_pair] = data["pairs"]
    assert the_pair["partner"] == personas.mentor.display_name
    assert the_pair["partner_organisation"] == "Transports Test"
    assert [(m["duration_minutes"], m["mode"]) for m in data["meetings"]] == [
        (75, "En visio"),
        (50, "En présentiel"),
    ]
    assert [e["subject"] for e in data["emails"]] == ["Votre binôme est prêt"]
    assert [c["what"] for c in data["consents"]] == ["charter"]
    # The page says the same, in French, with dates in words.
    assert personas.mentor.display_name in html
    assert "Votre binôme est prêt" in html
    assert "Pas pour vous" not in html
    assert "Mes données sur Mentorat" in html
    generated = timezone.localtime().date()
    assert f" {generated.year} à " in html  # the dates in words, not ISO


def test_the_page_of_the_zip_needs_nothing_from_outside(client, personas, pair):
    client.force_login(personas.mentee)
    html, _data = download(client)
    for fetching in ("<link", "<script", "<img", "src=", "http://", "https://", "<style"):
        assert fetching not in html


def test_the_zip_holds_no_anonymous_response_and_only_says_whether_one_answered(
    client, personas, pair
):
    wave = wave_of(personas.programme)
    invited(wave, personas.mentee, answered=True)
    anonymous_response(wave, answers={}, sector_group="reponse-secrete")
    client.force_login(personas.mentee)
    html, data = download(client)
    raw = json.dumps(data)
    assert "reponse-secrete" not in raw and "reponse-secrete" not in html
    assert "answers" not in data
    [invitation] = data["survey_invitations"]
    assert invitation["answered"] is True
    assert "a répondu" in html
    assert "Vos réponses aux questionnaires" in html


def test_the_partners_help_requests_are_not_in_my_data(client, personas, pair):
    help_requested(pair, "mentor", channel="phone")
    mine = help_requested(pair, "mentee", channel="email")
    client.force_login(personas.mentee)
    _html, data = download(client)
    assert [h["asked_on"][:10] for h in data["help_requests"]] == [
        timezone.localtime(mine.created_at).date().isoformat()
    ]
    assert data["help_requests"][0]["channel"] == "Par e-mail"


def test_the_notes_about_my_application_are_mine_to_read(client, personas):
    application = Application.objects.get(user=personas.mentee)
    ApplicationNote.objects.create(
        application=application, author=personas.coordinator, text="Rappeler en mars."
    )
    client.force_login(personas.mentee)
    _html, data = download(client)
    assert data["applications"][0]["notes"][0]["text"] == "Rappeler en mars."
    assert personas.coordinator.email not in json.dumps(data)


def test_someone_elses_pair_is_not_in_my_data(client, personas, pair):
    other = PairFactory(programme=personas.programme)
    client.force_login(personas.mentee)
    _html, data = download(client)
    assert other.mentor.user.display_name not in json.dumps(data)


def test_the_download_is_written_in_the_persons_language(client, personas, pair):
    personas.mentee.language = "en"
    personas.mentee.save()
    client.force_login(personas.mentee)
    html, data = download(client)
    assert "My data on Mentorat" in html
    assert data["meetings"][0]["mode"] == "Video call"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.post(DOWNLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_the_download_is_only_posted(client, personas):
    client.force_login(personas.mentee)
    assert client.get(DOWNLOAD).status_code == 405


def test_the_download_is_built_in_a_fixed_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.mentor)
    mentor = Application.objects.get(user=personas.mentor)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            download(client)
        return len(captured)

    pair = accepted_pair(personas.programme, mentor=mentor)
    meeting_held(pair, days_ago=3)
    few = count()
    for _ in range(4):
        pair = accepted_pair(personas.programme, mentor=mentor)
        meeting_held(pair, days_ago=3)
        help_requested(pair, "mentor")
        charter_accepted(pair, "mentor")
    assert count() == few


# --- Large: built by a worker -------------------------------------------------------------------


@pytest.fixture
def large(settings):
    settings.PERSONAL_DATA_INLINE_MAX_ROWS = 1


def test_a_large_download_is_built_by_a_task_and_shown_when_ready(
    client, personas, pair, large, django_capture_on_commit_callbacks
):
    client.force_login(personas.mentee)
    with django_capture_on_commit_callbacks(execute=True) as published:
        response = client.post(DOWNLOAD)
    assert len(published) == 1
    download_row = DataDownload.objects.get(user=personas.mentee)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "rights:data_download_status", kwargs={"token": download_row.token}
    )
    # Tasks run inline in the tests: the file is built once the request's transaction commits.
    download_row.refresh_from_db()
    assert download_row.status == JobStatus.DONE
    assert default_storage.exists(download_row.file.name)
    page = client.get(response["Location"]).content.decode()
    assert "Votre fichier est prêt" in page
    file_url = reverse("rights:data_download_file", kwargs={"token": download_row.token})
    assert file_url in page
    content = client.get(file_url)
    assert content["Content-Type"] == "application/zip"
    _html, data = unzip(b"".join(content.streaming_content))
    assert data["pairs"][0]["partner"] == personas.mentor.display_name


def test_someone_elses_download_does_not_exist_for_them(client, personas, pair, large):
    client.force_login(personas.mentee)
    client.post(DOWNLOAD)
    token = DataDownload.objects.get(user=personas.mentee).token
    for persona in ("mentor", "coordinator", "staff", "outsider"):
        client.force_login(getattr(personas, persona))
        for name in ("rights:data_download_status", "rights:data_download_file"):
            assert client.get(reverse(name, kwargs={"token": token})).status_code == 404


def test_a_second_click_gives_back_the_download_being_built(client, personas, large, settings):
    client.force_login(personas.mentee)
    pending = DataDownload.objects.create(user=personas.mentee)
    response = client.post(DOWNLOAD)
    assert response["Location"].endswith(f"/{pending.token}/")
    assert DataDownload.objects.filter(user=personas.mentee).count() == 1


def test_with_the_broker_down_the_download_waits_and_is_built_once_it_is_back(
    client, personas, pair, large, monkeypatch, django_capture_on_commit_callbacks
):
    from rights import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.build_data_download, "delay", broker_down)
    client.force_login(personas.mentee)
    with django_capture_on_commit_callbacks(execute=True) as published:
        response = client.post(DOWNLOAD)
    assert len(published) == 1
    assert response.status_code == 302
    download_row = DataDownload.objects.get(user=personas.mentee)
    assert download_row.status == JobStatus.PENDING
    page = client.get(response["Location"]).content.decode()
    assert "inutile de le redemander" in page

    monkeypatch.undo()
    DataDownload.objects.filter(pk=download_row.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    assert data_downloads_sweep() == {"deleted": 0, "enqueued": 1}
    download_row.refresh_from_db()
    assert download_row.status == JobStatus.DONE


def test_building_twice_builds_once(personas, pair):
    download_row = DataDownload.objects.create(user=personas.mentee)
    assert data_export.data_download_build(download_id=download_row.pk) == "done"
    assert data_export.data_download_build(download_id=download_row.pk) == "skipped"


def test_a_download_is_deleted_after_its_days_by_the_sweep(
    personas, pair, settings, django_capture_on_commit_callbacks
):
    settings.PERSONAL_DATA_DOWNLOAD_DAYS = 7
    download_row = DataDownload.objects.create(user=personas.mentee)
    data_export.data_download_build(download_id=download_row.pk)
    download_row.refresh_from_db()
    name = download_row.file.name
    DataDownload.objects.filter(pk=download_row.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert data_downloads_sweep()["deleted"] == 1
    assert not DataDownload.objects.exists()
    assert not default_storage.exists(name)


def test_an_expired_download_is_deleted_when_opened(client, personas, pair):
    download_row = DataDownload.objects.create(user=personas.mentee)
    DataDownload.objects.filter(pk=download_row.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    client.force_login(personas.mentee)
    url = reverse("rights:data_download_status", kwargs={"token": download_row.token})
    assert client.get(url).status_code == 404
    assert not DataDownload.objects.exists()


# --- A real worker (PostgreSQL and Redis) ---------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_large_download_once_it_is_committed(
    personas, large, worker, published_for_real
):
    from django.db import transaction

    from rights.services.data_export import data_download_request
    from tests.waiting import wait_until

    pair = accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )
    meeting_held(pair, days_ago=5, minutes=45)
    with transaction.atomic():
        asked = data_download_request(user=personas.mentee)
    assert asked.content is None
    built = wait_until(
        lambda: DataDownload.objects.filter(
            pk=asked.download.pk, status__in=(JobStatus.DONE, JobStatus.FAILED)
        ).first(),
        what="the download built",
        diagnostic=worker.log,
    )
    assert built.status == JobStatus.DONE, worker.log()
    worker.wait_for_log("rights.tasks.build_data_download", "succeeded")
    # The worker's MEDIA_ROOT is this test's (both under tmp_path): read it through the storage.
    with built.file.open("rb") as handle:
        _html, data = unzip(handle.read())
    assert data["meetings"][0]["duration_minutes"] == 45
    assert data["pairs"][0]["partner"] == personas.mentor.display_name


def test_the_beat_sweeps_the_downloads(settings):
    from rights.tasks import sweep_data_downloads

    entry = settings.CELERY_BEAT_SCHEDULE["rights-data-downloads"]
    assert entry["task"] == sweep_data_downloads.name
    assert entry["schedule"] <= 600


def test_the_invitations_to_apply_sent_to_my_address_are_in_my_data(client, personas):
    from programmes.models import Invitation, Role

    Invitation.objects.create(
        programme=personas.programme, email="MENTEE@exemple.fr", role=Role.MENTEE,
        sent_at=timezone.now(),
    )  # fmt: skip
    Invitation.objects.create(
        programme=personas.programme, email="autre@exemple.fr", role=Role.MENTOR
    )
    client.force_login(personas.mentee)
    html, data = download(client)
    assert [i["programme"] for i in data["invitations_to_apply"]] == ["Programme de test"]
    assert "autre@exemple.fr" not in html
    assert "envoyée le" in html


def test_my_pending_download_is_listed_on_my_account(client, personas):
    pending = DataDownload.objects.create(user=personas.mentee)
    DataDownload.objects.create(user=personas.mentor)
    client.force_login(personas.mentee)
    html = client.get(reverse("rights:account")).content.decode()
    assert reverse("rights:data_download_status", kwargs={"token": pending.token}) in html
    assert html.count("/compte/mes-donnees/") == 2  # the form's target and my download


def test_erasing_the_person_deletes_the_files_of_their_downloads(
    personas, pair, django_capture_on_commit_callbacks
):
    download_row = DataDownload.objects.create(user=personas.mentee)
    data_export.data_download_build(download_id=download_row.pk)
    download_row.refresh_from_db()
    name = download_row.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        # However the row goes: here by the cascade from the person's account.
        DataDownload.objects.filter(user=personas.mentee).delete()
    assert not default_storage.exists(name)


def test_a_rolled_back_deletion_keeps_the_file(personas, pair):
    from django.db import transaction

    download_row = DataDownload.objects.create(user=personas.mentee)
    data_export.data_download_build(download_id=download_row.pk)
    download_row.refresh_from_db()
    with transaction.atomic():
        download_row.delete()
        transaction.set_rollback(True)
    assert default_storage.exists(download_row.file.name)
