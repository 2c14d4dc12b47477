"""What a report shows, as plain data: built by ``evaluation.selectors.reports.report_data`` from
the frozen results of the closed waves and the follow-up's activity, rendered by the report page,
the PDF (``evaluation.pdf``) and the CSV. Every text is already translated and every number
already formatted in the active language when it is built; every figure under k is already
masked (a masked cell reads "< k" and is flagged)."""

from dataclasses import dataclass, field

from .stats import Figure


@dataclass
class KeyFigure:
    label: str
    value: str  # formatted ("42", "78 %", "< 5")
    note: str = ""
    masked: bool = False


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""
    has_masked: bool = False


@dataclass
class Chart:
    """A server-rendered SVG chart with its text alternative and the table behind it."""

    title: str
    svg: str  # markup, built by evaluation.charts (escaped there)
    alt: str
    table: Table


@dataclass
class IndicatorResult:
    name: str
    target: str
    result: str  # formatted, or "< k" / "—"
    status: str  # "reached" | "not_reached" | "no_target" | "no_data" | "masked"
    status_label: str = ""


@dataclass
class Section:
    title: str
    intro: str = ""
    key_figures: list[KeyFigure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportData:
    programme_name: str
    programme_slug: str
    period: str  # "du 5 janvier 2026 au 4 décembre 2026"
    generated_on: str  # "3 décembre 2026 à 14 h 30"
    k: int
    key_figures: list[KeyFigure] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    methodology: list[str] = field(default_factory=list)  # paragraphs
    privacy: list[str] = field(default_factory=list)  # paragraphs
    figures: list[Figure] = field(default_factory=list)  # the CSV's rows
