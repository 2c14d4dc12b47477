"""The steering committee's PDF: a ``ReportData`` rendered by WeasyPrint, in the active language.

The HTML (``evaluation/report_pdf.html``) is given to WeasyPrint only, never served to a
browser: the charts' SVG markup is inline in it. WeasyPrint fetches nothing: the fonts are the
system's (DejaVu, fontconfig) and the URL fetcher turns down every URL but an inline ``data:``
one (``_fetcher``), so that a report cannot make the worker reach the network or read a
local file.

Every figure of a ``ReportData`` is already masked under k and formatted: the PDF shows what it
is given and computes nothing.
"""

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .report_data import ReportData, Table

logger = logging.getLogger(__name__)

STYLESHEET = "evaluation/report_pdf.css"

# A cell that reads as a number, a percentage, a masked figure ("< 5") or a dash: right-aligned.
_NUMBER = r"[<>≤≥]?\s*[-+−]?[\d\s\u202f\u00a0.,]*\d[\d\s\u202f\u00a0.,]*\s*%?"
_NUMERIC = re.compile(rf"^\s*(?:{_NUMBER}|[—–-])\s*$")
_MASKED = re.compile(r"^\s*<\s*\d+\s*$")


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    masked: bool


def render(data: ReportData) -> RenderedPdf:
    """The PDF of ``data`` and its number of pages (counted on the laid-out document)."""
    from weasyprint import CSS, HTML

    html = render_to_string("evaluation/report_pdf.html", _context(data))
    fetcher = _fetcher()
    stylesheet = Path(_stylesheet()).read_text(encoding="utf-8")
    document = HTML(string=html, base_url=str(_static_dir()), url_fetcher=fetcher).render(
        stylesheets=[CSS(string=stylesheet, url_fetcher=fetcher), _page_css()]
    )
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))


def render_pdf(data: ReportData) -> bytes:
    """The PDF of ``data``, as bytes starting with ``%PDF``."""
    return render(data).content


def _context(data: ReportData) -> dict:
    sections = [
        {
            "section": section,
            # A chart writes its values as text: its table (the page's text alternative) would
            # only say it again on paper.
            "charts": section.charts,
            "tables": [_table(table) for table in section.tables],
            "has_masked": any(table.has_masked for table in section.tables)
            or any(chart.table.has_masked for chart in section.charts)
            or any(figure.masked for figure in section.key_figures),
        }
        for section in data.sections
    ]
    return {
        "data": data,
        "sections": sections,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }


def _table(table: Table) -> dict:
    """A table with each column told whether it holds numbers (right-aligned, its heading too)
    and each cell whether it is masked."""
    numeric = [
        position > 0
        and any(position < len(row) for row in table.rows)
        and all(_NUMERIC.match(str(row[position])) for row in table.rows if position < len(row))
        for position in range(max([len(table.columns), *map(len, table.rows)]))
    ]
    return {
        "table": table,
        "columns": list(zip(table.columns, numeric, strict=False)),
        "rows": [
            [
                Cell(str(text), numeric=numeric[position], masked=bool(_MASKED.match(str(text))))
                for position, text in enumerate(row)
            ]
            for row in table.rows
        ],
    }


def _page_css():
    """The page's margins text, in the active language: "Page 3 sur 12" through the page
    counters (a translated phrase cannot sit in the static stylesheet)."""
    from weasyprint import CSS

    marker = "\x00"
    phrase = _("Page %(page)s of %(pages)s") % {"page": marker + "page", "pages": marker + "pages"}
    parts = []
    for piece in re.split(f"({marker}pages|{marker}page)", phrase):
        if piece == marker + "page":
            parts.append("counter(page)")
        elif piece == marker + "pages":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    content = " ".join(parts)
    return CSS(
        string=f"@page {{ @bottom-right {{ content: {content}; }} }}\n"
        "@page :first { @bottom-right { content: none; } }"
    )


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def _static_dir() -> Path:
    return Path(settings.BASE_DIR) / "static"


def _stylesheet() -> str:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    return found


def _fetcher():
    """WeasyPrint's URL fetcher: only inline ``data:`` URLs; anything else (http, file...) is
    refused, the resource is then left out of the PDF and a warning logged."""
    from weasyprint.urls import URLFetcher

    class OnlyInlineData(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                logger.warning("The PDF asked for %s: refused.", url[:200])
                raise ValueError(f"no fetch while building a PDF: {url[:200]}")
            return super().fetch(url, headers)

    return OnlyInlineData(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
