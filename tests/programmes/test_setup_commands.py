"""manage.py export_programme and import_programme."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from programmes.models import Programme
from programmes.services import programme_create
from tests.factories import UserFactory


@pytest.fixture
def programme(db):
    return programme_create(by=UserFactory(is_staff=True), name="Mentorat BFC", slug="mentorat-bfc")


def test_export_writes_the_configuration_to_a_file(programme, tmp_path):
    path = tmp_path / "bfc.json"
    out = StringIO()
    call_command("export_programme", "mentorat-bfc", str(path), stdout=out)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format_version"], data["slug"]) == (1, "mentorat-bfc")
    assert "Prise de poste de manager" in data["topics"]
    assert "Programme « Mentorat BFC » écrit dans" in out.getvalue()


def test_export_to_the_standard_output(programme):
    out = StringIO()
    call_command("export_programme", "mentorat-bfc", "-", stdout=out)
    assert json.loads(out.getvalue())["name"] == "Mentorat BFC"


def test_export_of_an_unknown_programme_fails_in_french(db, tmp_path):
    with pytest.raises(CommandError, match="Aucun programme n’a le nom court « inconnu »"):
        call_command("export_programme", "inconnu", str(tmp_path / "x.json"))


def test_import_creates_then_updates_the_programme_of_the_files_slug(db, tmp_path):
    path = tmp_path / "jura.json"
    path.write_text(
        json.dumps({"slug": "mentorat-jura", "name": "Jura", "topics": ["Animer une équipe"]}),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_programme", str(path), stdout=out)
    assert "Programme « Jura » (mentorat-jura) créé." in out.getvalue()
    path.write_text(
        json.dumps({"slug": "mentorat-jura", "name": "Jura 2027", "topics": ["Animer une équipe"]}),
        encoding="utf-8",
    )
    call_command("import_programme", str(path), stdout=out)
    assert "Programme « Jura 2027 » (mentorat-jura) mis à jour." in out.getvalue()
    assert Programme.objects.get().name == "Jura 2027"


def test_export_then_import_round_trips_through_the_commands(programme, tmp_path):
    path = tmp_path / "bfc.json"
    call_command("export_programme", "mentorat-bfc", str(path), stdout=StringIO())
    path.write_text(
        path.read_text(encoding="utf-8").replace('"mentorat-bfc"', '"copie-bfc"'), encoding="utf-8"
    )
    call_command("import_programme", str(path), stdout=StringIO())
    copy = Programme.objects.get(slug="copie-bfc")
    assert list(copy.topics.values_list("name", flat=True)) == list(
        programme.topics.values_list("name", flat=True)
    )


@pytest.mark.parametrize(
    "content,message",
    [
        (b"pas du json", "n’est pas du JSON valide"),
        (b'{"slug": "x", "name": "X", "topics": ["A"], "min_group_size": 2}', "min_group_size"),
        (b'{"slug": "x", "name": "X", "topics": ["A"], "calendar": [{"phase": "?"}]}', "phase"),
        (b'{"slug": "x", "name": "X", "topics": "A"}', "topics : doit être une liste"),
    ],
)
def test_import_of_a_bad_file_fails_in_french_and_writes_nothing(db, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_programme", str(path))
    assert "n’a pas été importé, rien n’a été modifié" in str(error.value)
    assert message in str(error.value)
    assert not Programme.objects.exists()


def test_import_of_an_oversized_file_is_refused(db, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(
        json.dumps({"slug": "x", "name": "X", "topics": ["A"], "description": "x" * 2_000_000})
    )
    with pytest.raises(CommandError, match="trop volumineux"):
        call_command("import_programme", str(path))
    assert not Programme.objects.exists()


def test_import_of_a_missing_file_fails_in_french(db, tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_programme", str(tmp_path / "absent.json"))


def test_a_bad_file_makes_the_command_exit_with_a_non_zero_status(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"slug": "x"}', encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "import_programme", str(path)],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "MENTORAT_VAR_DIR": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode != 0
    assert "name : ce champ est obligatoire" in result.stderr
