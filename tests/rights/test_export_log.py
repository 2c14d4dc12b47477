"""The export log: every export of personal data by a coordinator or staff (the pairs as CSV or
.xlsx, the command line's pairs and candidates) writes who, when, what, which programme and how
many rows; staff read it on /journal-des-exports/, nobody else."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorat.core.signals import personal_data_exported
from programmes.models import Application
from rights.models import ExportLog
from tests.factories import ProgrammeFactory, UserFactory, accepted_pair

pytestmark = pytest.mark.django_db

LOG = reverse("rights:exports_log")


@pytest.fixture
def pair(personas):
    return accepted_pair(
        personas.programme,
        mentor=Application.objects.get(user=personas.mentor),
        mentee=Application.objects.get(user=personas.mentee),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_the_pairs_writes_a_row_of_the_log(client, personas, pair, fmt):
    client.force_login(personas.coordinator)
    url = reverse("followup:pairs_export", kwargs={"slug": "programme-test", "fmt": fmt})
    assert client.get(url).status_code == 200
    [entry] = ExportLog.objects.all()
    assert entry.user == personas.coordinator
    assert entry.programme == personas.programme
    assert entry.what == f"pairs.{fmt}"
    assert entry.rows == 1


def test_a_refused_export_writes_nothing(client, personas, pair):
    client.force_login(personas.mentee)
    url = reverse("followup:pairs_export", kwargs={"slug": "programme-test", "fmt": "csv"})
    assert client.get(url).status_code == 403
    assert not ExportLog.objects.exists()


def test_the_command_line_export_of_pairs_is_logged_without_an_author(personas, pair, tmp_path):
    call_command("export_pairs", "programme-test", str(tmp_path / "binomes.csv"), "--published")
    [entry] = ExportLog.objects.all()
    assert entry.user is None
    assert entry.programme == personas.programme
    assert entry.what == "pairs.csv (command)"
    assert entry.rows == 1


def test_the_staff_read_the_log_in_french(client, personas, pair):
    client.force_login(personas.coordinator)
    client.get(reverse("followup:pairs_export", kwargs={"slug": "programme-test", "fmt": "csv"}))
    client.force_login(personas.staff)
    html = client.get(LOG).content.decode()
    assert "Exports de données personnelles" in html
    assert personas.coordinator.display_name in html
    assert "Les binômes (CSV)" in html
    assert "Programme de test" in html


@pytest.mark.parametrize("persona", ["coordinator", "referent", "mentor", "mentee", "outsider"])
def test_nobody_but_staff_reads_the_log(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(LOG).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(LOG)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def _log(n: int) -> None:
    for _ in range(n):
        personal_data_exported.send(
            sender=None, user=UserFactory(), programme=ProgrammeFactory(), what="pairs.csv", rows=2
        )


def test_the_log_is_paginated_and_its_queries_do_not_grow_with_it(client, personas):
    client.force_login(personas.staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LOG).status_code == 200
        return len(captured)

    _log(2)
    few = queries()
    _log(60)
    assert queries() == few
    html = client.get(LOG).content.decode()
    assert "62 exports." in html
    assert 'aria-label="Pages"' in html
