# ruff: noqa: E501 — the parts of a workbook are XML strings that read best on one line each.
"""Files built to hurt the import: a zip bomb, a sheet of empty rows, broken XML, a zip that is
not a workbook, text with a NUL far in, mixed encodings, and the largest file that is accepted.
Shared by tests/programmes/test_import_parsing.py and bench/import_files.py."""

import io
import zipfile

from openpyxl import Workbook

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:XFD1048576"/><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>'
NO_STRINGS = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'


def _workbook(sheet: str | None = None, strings: str = NO_STRINGS, *, write_parts=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if sheet is not None:
            archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", strings)
        if write_parts:
            write_parts(archive)
    return buffer.getvalue()


def shared_strings_bomb(megabytes: int = 1024) -> bytes:
    """One shared string of ``megabytes`` MB: about 1 MB on disk for 1 GB once opened."""

    def write(archive):
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst count="1" uniqueCount="1"><si><t>'
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</t></si></sst>")

    sheet = SHEET_START + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_END
    return _workbook(sheet, strings=None, write_parts=write)


def empty_rows(rows: int = 1_000_000) -> bytes:
    """A header, then a million empty rows under a dimension of 16,384 columns."""
    body = "".join(f'<row r="{index}"/>' for index in range(2, rows + 2))
    return _workbook(SHEET_START + HEADER_ROW + body + SHEET_END)


def last_row_far_away() -> bytes:
    """A header and a single cell on row 1,048,576: a million missing rows in between."""
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _workbook(SHEET_START + HEADER_ROW + far + SHEET_END)


def broken_sheet() -> bytes:
    """A sheet whose XML stops in the middle of a cell."""
    return _workbook(SHEET_START + HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>a@')


def entity_expansion() -> bytes:
    """The « billion laughs »: entities that expand to gigabytes."""
    lol = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + lol
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + SHEET_END
    )
    return _workbook(sheet)


def zip_not_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def wide_row(columns: int = 16_384) -> bytes:
    """A header row of 16,384 cells."""
    cells = "".join(f'<c t="inlineStr"><is><t>c{index}</t></is></c>' for index in range(columns))
    return _workbook(SHEET_START + f'<row r="1">{cells}</row>' + SHEET_END)


def nul_far_in(lines: int = 5_000) -> bytes:
    body = b"".join(b"p%d@exemple.fr;Pr\xc3\xa9nom\n" % index for index in range(lines))
    return b"email;prenom\n" + body + b"x@exemple.fr;A\x00B\n"


def mixed_encodings() -> bytes:
    """UTF-8 lines, then a line pasted from a Windows-1252 export."""
    return "email;prenom\nlea@exemple.fr;Léa\n".encode() + "zoe@exemple.fr;Zoé\n".encode("cp1252")


HEADER = [
    "email",
    "prenom",
    "nom",
    "role",
    "organisation",
    "siret",
    "departement",
    "secteur",
    "taille",
    "fonction",
    "anciennete_ans",
    "sujets",
    "disponibilite",
    "attentes",
]


def largest_accepted(rows: int = 20_000) -> bytes:
    """A workbook of 20,000 people (the row limit) with the columns of a real file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for index in range(rows):
        sheet.append(
            [
                f"personne{index}@exemple.fr",
                f"Prénom{index}",
                f"Nom{index}",
                "mentor" if index % 3 == 0 else "mentore",
                f"Entreprise {index % 700}",
                f"{index:014d}",
                "21",
                "Industrie",
                "10-49",
                "Responsable d’équipe",
                index % 30,
                "management;qvt",
                "mensuelle",
                "Progresser dans mon rôle de manager " * 3,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HOSTILE = {
    "zip bomb (1 GB shared string)": shared_strings_bomb,
    "1,000,000 empty rows": empty_rows,
    "one cell on row 1,048,576": last_row_far_away,
    "broken sheet1.xml": broken_sheet,
    "entity expansion (billion laughs)": entity_expansion,
    "zip that is not a workbook": zip_not_a_workbook,
    "16,384 columns": wide_row,
    "NUL byte on the last line": nul_far_in,
    "UTF-8 and Windows-1252 lines": mixed_encodings,
}
