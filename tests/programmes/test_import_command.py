"""``manage.py import_participants``: the JSON report on the last line, the exit code, the
dry run."""

import json

import pytest
from django.core.management import CommandError, call_command

from programmes.models import Application

from .recruitment_helpers import SAMPLES, csv_file, programme_with_topics, row

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, list[str]]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_participants", *args, stdout=out)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue().splitlines()


def test_json_prints_the_counts_as_the_last_line_and_exits_zero():
    programme = programme_with_topics()
    code, lines = run(programme.slug, str(SAMPLES / "participants-demo.csv"), "--json")
    assert code == 0
    assert json.loads(lines[-1]) == {
        "created": 90,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
        "warnings": [],
    }
    code, lines = run(programme.slug, str(SAMPLES / "participants-demo.csv"), "--json")
    assert json.loads(lines[-1])["unchanged"] == 90


def test_a_refused_file_prints_its_errors_in_french_and_exits_non_zero(tmp_path):
    programme = programme_with_topics()
    path = tmp_path / "participants.csv"
    path.write_bytes(csv_file(row("jean@"), row("jean@")))
    code, lines = run(programme.slug, str(path), "--json")
    assert code == 1
    report = json.loads(lines[-1])
    assert report["errors"] == [
        {"line": 2, "column": "email", "message": "adresse e-mail invalide « jean@ »"},
        {"line": 3, "column": "email", "message": "adresse e-mail invalide « jean@ »"},
    ]
    assert not Application.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_reported_for_the_whole_file(tmp_path):
    programme = programme_with_topics()
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, lines = run(programme.slug, str(path), "--json")
    assert code == 1
    [error] = json.loads(lines[-1])["errors"]
    assert (error["line"], error["column"]) == (None, None)


def test_an_oversized_file_is_refused(tmp_path, settings):
    settings.MAX_UPLOAD_SIZE = 100
    programme = programme_with_topics()
    path = tmp_path / "gros.csv"
    path.write_bytes(csv_file(*[row(f"p{i}@exemple.fr") for i in range(10)]))
    code, lines = run(programme.slug, str(path), "--json")
    assert code == 1
    assert "trop volumineux" in json.loads(lines[-1])["errors"][0]["message"]


def test_dry_run_writes_nothing():
    programme = programme_with_topics()
    code, lines = run(programme.slug, str(SAMPLES / "participants.xlsx"), "--json", "--dry-run")
    assert (code, json.loads(lines[-1])["created"]) == (0, 27)
    assert not Application.objects.exists()


def test_without_json_it_prints_a_french_summary():
    programme = programme_with_topics()
    code, lines = run(programme.slug, str(SAMPLES / "participants-comma.csv"))
    assert lines[-1] == "Import terminé : 27 créé(s), 0 mis à jour, 0 inchangé(s)."


def test_an_unknown_programme_or_file_is_a_command_error_in_french(tmp_path):
    programme = programme_with_topics()
    with pytest.raises(CommandError, match="Aucun programme n’a le nom court « nexiste-pas »"):
        call_command("import_participants", "nexiste-pas", str(SAMPLES / "participants.xlsx"))
    with pytest.raises(CommandError, match="Il n’y a pas de fichier à .*absent.csv"):
        call_command("import_participants", programme.slug, str(tmp_path / "absent.csv"))


def test_with_json_an_unknown_programme_or_file_still_ends_with_the_json_report(tmp_path):
    programme = programme_with_topics()
    code, lines = run("nexiste-pas", str(SAMPLES / "participants.xlsx"), "--json")
    assert code == 1
    assert json.loads(lines[-1]) == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": [
            {
                "line": None,
                "column": None,
                "message": "Aucun programme n’a le nom court « nexiste-pas ».",
            }
        ],
        "warnings": [],
    }
    code, lines = run(programme.slug, str(tmp_path / "absent.csv"), "--json")
    assert code == 1
    [error] = json.loads(lines[-1])["errors"]
    assert error["message"].startswith("Il n’y a pas de fichier à ")


def test_an_oversized_file_is_reported_with_its_real_size(tmp_path, settings):
    from django.template.defaultfilters import filesizeformat
    from django.utils import translation

    settings.MAX_UPLOAD_SIZE = 1024
    programme = programme_with_topics()
    path = tmp_path / "gros.csv"
    path.write_bytes(csv_file(*[row(f"p{i}@exemple.fr") for i in range(40)]))
    assert path.stat().st_size > 2 * 1024  # well over the limit, so the sizes differ
    code, lines = run(programme.slug, str(path), "--json")
    assert code == 1
    with translation.override("fr"):
        real, limit = filesizeformat(path.stat().st_size), filesizeformat(1024)
    message = json.loads(lines[-1])["errors"][0]["message"]
    assert f"({real})" in message
    assert limit in message
