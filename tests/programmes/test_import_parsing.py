"""Reading participants files: separators, encodings, workbooks, and files that are not
spreadsheets at all. Pure functions: no database."""

import io
import tracemalloc

import pytest
from django.utils import translation
from openpyxl import Workbook

from programmes.imports.parsing import (
    MAX_COLUMNS,
    MAX_ROWS,
    UnreadableFile,
    normalise_header,
    read_table,
)

from . import hostile_files
from .recruitment_helpers import SAME_PEOPLE, SAMPLES

LIMIT = 5 * 1024 * 1024


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def read(data: bytes, filename: str = "participants.csv"):
    return read_table(data, filename, max_size=LIMIT)


@pytest.mark.parametrize("name", SAME_PEOPLE)
def test_every_encoding_separator_and_workbook_gives_the_same_cells(name):
    reference = read((SAMPLES / "participants-comma.csv").read_bytes())
    table = read((SAMPLES / name).read_bytes(), name)
    assert table.columns == reference.columns
    assert [cells for _line, cells in table.rows] == [cells for _line, cells in reference.rows]
    assert table.rows[0][1]["prenom"] == "Philippe"
    assert any(cells["prenom"] == "Léa" for _line, cells in table.rows)  # accents survive


def test_lines_are_the_file_s_own_line_numbers_header_first():
    table = read(b"email;prenom\n\na@exemple.fr;Anne\nb@exemple.fr;Bruno\n")
    assert [line for line, _cells in table.rows] == [3, 4]  # the blank line 2 is skipped


def test_a_quoted_cell_over_two_lines_is_reported_at_its_first_line():
    table = read(b'email;prenom\n"a@exemple.fr";"Anne\nMarie"\nb@exemple.fr;Bruno\n')
    assert [line for line, _cells in table.rows] == [2, 4]


def test_the_separator_is_detected_on_the_header_line():
    assert read(b"email,prenom\na@exemple.fr,Anne;Marie\n").rows[0][1]["prenom"] == "Anne;Marie"
    assert read(b"email;prenom\na@exemple.fr;Anne,Marie\n").rows[0][1]["prenom"] == "Anne,Marie"


def test_headers_ignore_case_accents_and_spaces():
    assert normalise_header(" Département ") == "departement"
    assert normalise_header("\ufeffEmail") == "email"
    assert normalise_header("Ancienneté ans") == "anciennete_ans"


def test_workbook_numbers_become_text_without_a_decimal_part():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["email", "departement", "anciennete_ans"])
    sheet.append(["a@exemple.fr", 21, 4.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read(buffer.getvalue(), "participants.xlsx")
    cells = {"email": "a@exemple.fr", "departement": "21", "anciennete_ans": "4"}
    assert table.rows == [(2, cells)]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00not really a workbook",
    ],
    ids=["image", "pdf", "zip-that-is-no-workbook"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_in_french(data):
    with pytest.raises(UnreadableFile) as refused:
        read(data, "participants.xlsx")
    assert "n’est pas un tableur" in refused.value.problem.message


def test_an_old_excel_file_is_refused_with_what_to_do():
    with pytest.raises(UnreadableFile) as refused:
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "participants.xls")
    assert ".xlsx" in refused.value.problem.message


def test_an_oversized_file_is_refused_with_its_size_and_the_limit():
    with pytest.raises(UnreadableFile) as refused:
        read_table(b"email;prenom\n" + b"a" * 2048, "gros.csv", max_size=1024)
    assert "trop volumineux" in refused.value.problem.message
    assert "1,0" in refused.value.problem.message  # the limit, in French number format


def test_an_empty_file_is_refused():
    with pytest.raises(UnreadableFile) as refused:
        read(b"  \n")
    assert refused.value.problem.message == "Le fichier est vide."


def test_a_file_with_too_many_rows_is_refused(settings):
    data = b"email\n" + b"a@exemple.fr\n" * (MAX_ROWS + 1)
    with pytest.raises(UnreadableFile) as refused:
        read_table(data, "enorme.csv", max_size=len(data))
    assert refused.value.problem.line == MAX_ROWS + 2


def test_a_text_file_named_xlsx_is_refused_as_not_a_workbook_rather_than_read_as_csv():
    with pytest.raises(UnreadableFile) as refused:
        read(b"email;prenom;nom;role;organisation\na@exemple.fr;A;B;mentor;X\n", "liste.xlsx")
    message = refused.value.problem.message
    assert "Ce fichier n’est pas un tableur" in message
    assert ".xlsx" in message


def test_a_real_zip_that_is_no_workbook_is_refused_in_french():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(UnreadableFile) as refused:
        read(buffer.getvalue(), "participants.xlsx")
    assert "n’est pas un tableur" in refused.value.problem.message


def test_a_workbook_is_recognised_by_its_content_whatever_its_name():
    data = (SAMPLES / "participants.xlsx").read_bytes()
    assert read(data, "participants.csv").rows == read(data, "participants.xlsx").rows


def test_the_size_reported_is_the_file_s_real_size_when_only_its_beginning_was_read():
    with pytest.raises(UnreadableFile) as refused:
        read_table(b"a" * 1025, "gros.csv", max_size=1024, size=3 * 1024 * 1024)
    assert "(3,0\xa0Mio)" in refused.value.problem.message


# --- Hostile files: refused with a French message, within a bounded memory ---------------------

REFUSALS = {
    "zip bomb (1 GB shared string)": "Ce classeur prendrait",
    "1,000,000 empty rows": "Le fichier a plus de 20000 lignes",
    "one cell on row 1,048,576": "Le fichier a plus de 20000 lignes",
    "broken sheet1.xml": "Ce classeur est endommagé",
    "entity expansion (billion laughs)": "Ce classeur est endommagé",
    "zip that is not a workbook": "Ce fichier n’est pas un tableur",
    "NUL byte on the last line": "caractère de contrôle invisible",
    "UTF-8 and Windows-1252 lines": "mélange deux encodages",
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_a_hostile_file_is_refused_in_french_without_using_much_memory(name):
    make = hostile_files.HOSTILE[name]
    # 200 MB is enough to be refused, and quick to build; the bench builds the 1 GB one.
    data = make(200) if "bomb" in name else make()
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile) as refused:
            read_table(data, "participants.xlsx" if data[:2] == b"PK" else "p.csv", max_size=LIMIT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert REFUSALS[name] in str(refused.value.problem)
    assert peak < 50 * 1024 * 1024, f"{name}: {peak / 2**20:.0f} MB"


def test_the_row_limit_counts_blank_rows_too():
    data = b"email\n" + b"\n" * MAX_ROWS + b"a@exemple.fr\n"
    with pytest.raises(UnreadableFile) as refused:
        read(data)
    assert refused.value.problem.line == MAX_ROWS + 2


def test_a_file_of_exactly_the_row_limit_is_accepted():
    data = b"email\n" + b"a@exemple.fr\n" * MAX_ROWS
    assert len(read(data).rows) == MAX_ROWS


def test_a_nul_byte_far_in_the_file_is_refused_with_its_line():
    with pytest.raises(UnreadableFile) as refused:
        read(hostile_files.nul_far_in(lines=3))
    assert refused.value.problem.line == 5


def test_mixed_encodings_name_a_line_of_each():
    with pytest.raises(UnreadableFile) as refused:
        read(hostile_files.mixed_encodings())
    message = refused.value.problem.message
    assert "la ligne 2 est en UTF-8" in message and "la ligne 3 en Windows-1252" in message


def test_a_windows_1252_file_alone_is_still_read():
    table = read("email;prenom\nzoe@exemple.fr;Zoé\n".encode("cp1252"))
    assert table.rows[0][1]["prenom"] == "Zoé"


def test_a_row_wider_than_a_participants_file_is_cut_at_the_column_limit():
    table = read(hostile_files.wide_row(columns=1_000), "large.xlsx")
    assert len(table.columns) == MAX_COLUMNS


def test_a_binary_file_is_still_not_a_spreadsheet():
    with pytest.raises(UnreadableFile) as refused:
        read(b"\x00\x01\x02binary" * 10, "photo.csv")
    assert "Ce fichier n’est pas un tableur" in refused.value.problem.message
