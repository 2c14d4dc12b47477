"""``manage.py build_report SLUG [--pdf FILE] [--csv FILE]``: the same report as the workers
build, written to the files asked for, in French, and a clear error on an unknown programme."""

import subprocess

import pytest
from django.core.management import CommandError, call_command

from .reports_helpers import evaluated

pytestmark = pytest.mark.django_db


def test_it_writes_the_pdf_and_the_csv_asked_for(personas, tmp_path, capsys):
    evaluated(personas.programme, small_group=2)
    pdf, csv = tmp_path / "comite.pdf", tmp_path / "agregats.csv"
    call_command("build_report", "programme-test", "--pdf", str(pdf), "--csv", str(csv))
    out = capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(
        next(line for line in pages.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    assert f"PDF écrit dans {pdf} : {count} pages" in out
    text = csv.read_text(encoding="utf-8")
    assert text.startswith(
        "\ufeffquestionnaire;question;ventilation;groupe;statistique;valeur;n;masque"
    )
    rows = len(text.strip().splitlines()) - 1
    assert f"CSV écrit dans {csv} : {rows} chiffres." in out
    assert "Rapport de « Programme de test » construit en" in out
    assert not list(tmp_path.glob("*.partiel"))


def test_only_the_csv_when_only_the_csv_is_asked_for(personas, tmp_path, capsys):
    csv = tmp_path / "agregats.csv"
    call_command("build_report", "programme-test", "--csv", str(csv))
    assert csv.exists()
    assert list(tmp_path.iterdir()) == [csv]
    assert "PDF" not in capsys.readouterr().out


def test_without_a_file_both_are_written_here_under_their_usual_names(
    personas, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    call_command("build_report", "programme-test")
    names = sorted(path.name for path in tmp_path.iterdir())
    assert [name.split("-programme-test-")[0] for name in names] == ["agregats", "rapport"]
    assert names[1].endswith(".pdf") and names[0].endswith(".csv")


def test_an_unknown_programme_is_a_clear_error_in_french(db):
    with pytest.raises(CommandError, match="Aucun programme n’a le nom court « nexiste-pas »."):
        call_command("build_report", "nexiste-pas")


def test_an_unwritable_file_is_a_clear_error(personas, tmp_path):
    with pytest.raises(CommandError, match="Impossible d’écrire"):
        call_command("build_report", "programme-test", "--csv", str(tmp_path / "absent" / "a.csv"))
