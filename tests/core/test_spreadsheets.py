"""The one writer of CSV and workbooks: text a spreadsheet would run as a formula is inert."""

import csv
import io

import pytest
from openpyxl import load_workbook

from mentorat.core.spreadsheets import FORMULA_START, csv_text, safe_cell, xlsx_bytes

HOSTILE = [start + 'HYPERLINK("http://x")' for start in FORMULA_START]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_cell_starting_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [3, -2, 1.5, True, "Anne", "a=b", "marie@exemple.fr"])
def test_numbers_and_ordinary_text_are_written_as_they_are(value):
    assert safe_cell(value) == value


def test_the_csv_is_semicolon_separated_with_a_bom_for_french_excel_and_reads_back():
    text = csv_text(["nom", "score"], [["=1+1", 12], ["Zoé; Anne", None]], bom=True)
    assert text.startswith("\ufeffnom;score\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["nom", "score"], ["'=1+1", "12"], ["Zoé; Anne", ""]]


def test_the_workbook_stores_formula_like_text_as_text_not_as_a_formula():
    data = xlsx_bytes(["nom", "score"], [["=1+1", 12], ["@SOMME(A1)", -3]])
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [(cell.value, cell.data_type) for row in sheet.iter_rows(min_row=2) for cell in row]
    assert cells == [("=1+1", "s"), (12, "n"), ("@SOMME(A1)", "s"), (-3, "n")]
