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
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# A spreadsheet has at most this many rows, blank ones included (blank rows cost time to read
# too): beyond, the file is refused. A bench file has 3,000.
MAX_ROWS = 20_000
# Columns read from each row: a participants file has about fifteen.
MAX_COLUMNS = 200

# A workbook is a zip: its parts are checked on their declared sizes before anything is
# decompressed (zipfile never reads past a part's declared size). The largest accepted file,
# 20,000 rows of 20 columns, holds about 12 MB of XML; a zip bomb declares gigabytes.
MAX_UNCOMPRESSED = 64 * 1024 * 1024
# Openpyxl loads the shared strings whole, before the first row: they get their own limit.
MAX_SHARED_STRINGS = 16 * 1024 * 1024
# Spreadsheet XML compresses about 10 to 1; only a part built to explode compresses 1,000 to 1.
MAX_RATIO = 200
MAX_PARTS = 1_000

# Control characters that no text file holds (tab, line feed and carriage return are fine).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A multi-byte UTF-8 sequence: in a file that is not valid UTF-8, it says that some lines are.
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

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


def _line_of(text, position: int) -> int:
    return text.count("\n" if isinstance(text, str) else b"\n", 0, position) + 1


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encodings = ["utf-8"]
    else:
        # Windows-1252 is what Excel in French writes for « CSV (séparateur: point-virgule) ».
        encodings = ["utf-8", "cp1252"]
    text = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8":
                _refuse_mixed_encodings(data, error.start)
            continue
        break
    if text is None:
        raise _not_a_spreadsheet()
    control = CONTROL.search(text)
    if control:
        # Binaries have control characters from the start; a text file with one further on
        # was damaged (or built to be): both are refused, the second with its line.
        if control.start() < 4096 and _line_of(text, control.start()) <= 2:
            raise _not_a_spreadsheet()
        raise UnreadableFile(
            Problem(
                _line_of(text, control.start()),
                None,
                _(
                    "the line holds an invisible control character (code %(code)s): the file is "
                    "damaged. Save it again from your spreadsheet as « CSV (séparateur: "
                    "point-virgule) »."
                )
                % {"code": ord(control.group())},
            )
        )
    return text


def _refuse_mixed_encodings(data: bytes, invalid_at: int) -> None:
    """A file that is partly UTF-8 and partly Windows-1252 (two exports pasted together) would
    read with « Ã© » for « é » on its UTF-8 lines: refuse it, naming one line of each."""
    sequence = UTF8_SEQUENCE.search(data)
    if sequence is None:
        return
    raise UnreadableFile(
        Problem(
            None,
            None,
            _(
                "The file mixes two encodings: line %(utf8)s is in UTF-8 and line %(other)s in "
                "Windows-1252, so accents would be garbled. Open it in your spreadsheet and save "
                "it again as one file, « CSV UTF-8 » or « CSV (séparateur: point-virgule) »."
            )
            % {"utf8": _line_of(data, sequence.start()), "other": _line_of(data, invalid_at)},
        )
    )


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
            _check_row_count(line)
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

    _check_workbook_parts(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile) as exc:
        # A zip that is no workbook (a .docx, an .odt…).
        raise _not_a_spreadsheet() from exc
    except Exception as exc:
        raise _damaged_workbook(exc) from exc
    try:
        if not workbook.worksheets:
            raise _not_a_spreadsheet()
        sheet = workbook.worksheets[0]
        # The declared dimension (up to XFD1048576) would pad every row to 16,384 cells.
        sheet.reset_dimensions()
        table = None
        # Lines are the sheet's own row numbers, the ones people see in Excel.
        # (max_col would pad every row to that width: cut each row instead.)
        for line, values in enumerate(sheet.iter_rows(values_only=True), 1):
            _check_row_count(line)
            cells = [_cell_text(value) for value in values[:MAX_COLUMNS]]
            if table is None:
                if not any(cells):
                    continue
                table = _table_from_header(cells)
                continue
            _add_row(table, line, cells)
    except UnreadableFile:
        raise
    except Exception as exc:
        # A hostile or damaged part (broken XML, a forbidden entity, a wrong type) can raise
        # anything from inside openpyxl: for the person, it is one damaged file, never a 500.
        raise _damaged_workbook(exc) from exc
    finally:
        workbook.close()
    if table is None:
        raise UnreadableFile(Problem(None, None, _("The file is empty.")))
    return table


def _damaged_workbook(exc: Exception) -> UnreadableFile:
    logger.info("Unreadable workbook: %s: %s", type(exc).__name__, str(exc)[:200])
    return UnreadableFile(
        Problem(
            None,
            None,
            _(
                "This workbook is damaged and cannot be read. Open it in Excel and save it "
                "again as « Classeur Excel (.xlsx) » or « CSV (séparateur: point-virgule) »."
            ),
        )
    )


def _check_workbook_parts(data: bytes) -> None:
    """Refuse, before decompressing anything, a zip that is not a workbook or that declares
    more than a participants file can hold (a zip bomb)."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_a_spreadsheet() from exc
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names or len(parts) > MAX_PARTS:
        raise _not_a_spreadsheet()
    total = sum(part.file_size for part in parts)
    strings = sum(part.file_size for part in parts if part.filename == "xl/sharedStrings.xml")
    exploding = any(
        part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if total > MAX_UNCOMPRESSED or strings > MAX_SHARED_STRINGS or exploding:
        raise UnreadableFile(
            Problem(
                None,
                None,
                _(
                    "This workbook would take %(size)s once opened, more than a participants "
                    "file holds (the limit is %(limit)s of text). Check that it is the right "
                    "file, or save it as « CSV (séparateur: point-virgule) »."
                )
                % {
                    "size": filesizeformat(total),
                    "limit": filesizeformat(MAX_UNCOMPRESSED),
                },
            )
        )


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
    labels = [str(cell).replace("\ufeff", "").strip() for cell in cells[:MAX_COLUMNS]]
    return Table(columns=[normalise_header(label) for label in labels], labels=labels)


def _check_row_count(line: int) -> None:
    # Line 1 is the header: MAX_ROWS rows of people after it, blank rows counted.
    if line > MAX_ROWS + 1:
        raise UnreadableFile(
            Problem(
                line,
                None,
                _("The file has more than %(max)s rows: split it into several files.")
                % {"max": MAX_ROWS},
            )
        )


def _add_row(table: Table, line: int, cells: list[str]) -> None:
    if not any(str(cell).strip() for cell in cells):
        return  # Blank lines (often at the end of an export) are not rows.
    row = {}
    for index, column in enumerate(table.columns):
        if column and column not in row:
            row[column] = str(cells[index]).strip() if index < len(cells) else ""
    table.rows.append((line, row))
