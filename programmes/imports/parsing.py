"""Reading a participants file into a table of text cells: pure functions, no database.

Accepts what coordinators export from their tools (see ``../shared/data/README.md``): CSV with
``;`` or ``,`` (detected on the header line), UTF-8 with or without a byte-order mark or
Windows-1252 (Excel's French "CSV (séparateur: point-virgule)"), and ``.xlsx`` workbooks (first
sheet). Anything else is refused with a French message, never a traceback.
"""

import codecs
import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A spreadsheet has at most this many rows: beyond, the file is refused (a bench file has 3,000).
MAX_ROWS = 20_000

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), Word .doc…


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file: where (the file's line, header = line 1; the column's header)
    and what, in the active language. ``line`` and ``column`` are None for the whole file."""

    line: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        if self.line is not None and self.column:
            return _("Line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line is not None:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read: nothing in it can be checked further."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Table:
    """The cells of a file. ``columns`` are normalised header names (``departement`` for
    « Département »), ``labels`` the headers as written; each row is (line number, cells)."""

    columns: list[str]
    labels: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def normalise_header(header: str) -> str:
    """« Département » → ``departement``, « Ancienneté ans » → ``anciennete_ans``."""
    text = unicodedata.normalize("NFKD", str(header or "").replace("\ufeff", ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "_".join(text.strip().lower().replace("-", " ").split())


def read_table(data: bytes, filename: str, *, max_size: int, size: int | None = None) -> Table:
    """The table in ``data`` (the file's bytes, or only its beginning when ``size``, the real
    size, is given). Raises ``UnreadableFile`` when the file is too big, empty, or not a CSV or
    .xlsx spreadsheet. The content decides what the file is: a workbook is a zip, whatever its
    name; a file named .xlsx that is not one is refused, never read as CSV."""
    size = len(data) if size is None else size
    if size > max_size:
        raise UnreadableFile(
            Problem(
                None,
                None,
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(max_size)},
            )
        )
    if not data.strip():
        raise UnreadableFile(Problem(None, None, _("The file is empty.")))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(
            Problem(
                None,
                None,
                _(
                    "This file is not a spreadsheet: it is named .xlsx but is not an Excel "
                    "workbook. Open it in Excel and save it as « Classeur Excel (.xlsx) » or "
                    "« CSV (séparateur: point-virgule) »."
                ),
            )
        )
    if data.startswith(OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise UnreadableFile(
            Problem(
                None,
                None,
                _(
                    "Old Excel files (.xls) are not supported: in Excel, save the file as "
                    "« Classeur Excel (.xlsx) » or « CSV (séparateur: point-virgule) »."
                ),
            )
        )
    return _read_csv(_decode(data))


def _not_a_spreadsheet() -> UnreadableFile:
    return UnreadableFile(
        Problem(
            None,
            None,
            _(
                "This file is not a spreadsheet: send a CSV file (separated by ; or ,) or an "
                "Excel workbook (.xlsx)."
            ),
        )
    )


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encodings = ["utf-8"]
    else:
        # Windows-1252 is what Excel in French writes for « CSV (séparateur: point-virgule) ».
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Text files have no control characters other than tabs and line ends: binaries do.
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text[:4096]):
            raise _not_a_spreadsheet()
        return text
    raise _not_a_spreadsheet()


def _separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _read_csv(text: str) -> Table:
    header_line = text.splitlines()[0] if text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(header_line))
    table = None
    previous_end = 0
    try:
        for cells in reader:
            # A quoted cell may span lines: report the line where the record starts.
            line = previous_end + 1
            previous_end = reader.line_num
            if table is None:
                table = _table_from_header(cells)
                continue
            _add_row(table, line, cells)
    except csv.Error as exc:
        raise UnreadableFile(
            Problem(
                previous_end + 1,
                None,
                _("The file cannot be read as CSV (%(error)s).") % {"error": exc},
            )
        ) from None
    if table is None:
        raise UnreadableFile(Problem(None, None, _("The file is empty.")))
    return table


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        # A zip that is no workbook (a .docx, an .odt…) or a damaged one.
        raise _not_a_spreadsheet() from exc
    try:
        if not workbook.worksheets:
            raise _not_a_spreadsheet()
        table = None
        # Lines are the sheet's own row numbers, the ones people see in Excel.
        for line, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            cells = [_cell_text(value) for value in values]
            if table is None:
                if not any(cells):
                    continue
                table = _table_from_header(cells)
                continue
            _add_row(table, line, cells)
    finally:
        workbook.close()
    if table is None:
        raise UnreadableFile(Problem(None, None, _("The file is empty.")))
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _table_from_header(cells: list[str]) -> Table:
    labels = [str(cell).replace("\ufeff", "").strip() for cell in cells]
    return Table(columns=[normalise_header(label) for label in labels], labels=labels)


def _add_row(table: Table, line: int, cells: list[str]) -> None:
    if not any(str(cell).strip() for cell in cells):
        return  # Blank lines (often at the end of an export) are not rows.
    if len(table.rows) >= MAX_ROWS:
        raise UnreadableFile(
            Problem(
                line,
                None,
                _("The file has more than %(max)s rows: split it into several files.")
                % {"max": MAX_ROWS},
            )
        )
    row = {}
    for index, column in enumerate(table.columns):
        if column and column not in row:
            row[column] = str(cells[index]).strip() if index < len(cells) else ""
    table.rows.append((line, row))
