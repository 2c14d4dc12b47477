"""Writing CSV and .xlsx files that are safe to open in a spreadsheet: every export of the
platform goes through here.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel
and LibreOffice as a formula (CSV injection: ``=HYPERLINK(...)`` in a name). In a CSV such a
text cell is written with a leading apostrophe, which the spreadsheet shows as text; in a
workbook it is stored as text, so the person sees exactly what was typed. Numbers stay numbers.
"""

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def safe_cell(value) -> object:
    """The value to write in a cell: text that a spreadsheet would run is made inert."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if starts_like_a_formula(text) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False) -> str:
    """A `;`-separated CSV, as French Excel reads it; with ``bom``, Excel also knows it is UTF-8."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Export") -> bytes:
    """A workbook of one sheet; text cells are typed as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def cells(values: Sequence) -> list:
        written = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # openpyxl would store "=..." as a formula: typed as a string it is shown as is.
                cell.data_type = "s"
            written.append(cell)
        return written

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
