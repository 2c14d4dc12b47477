"""The CSV of the aggregates: one row per published figure, exactly the columns
``questionnaire;question;ventilation;groupe;statistique;valeur;n;masque``, `;`-separated,
UTF-8 with a BOM (so that a French spreadsheet reads it), decimal commas, formula-safe
(``mentorat.core.spreadsheets``). A masked figure has ``valeur`` and ``n`` empty and ``masque``
"oui": the file holds no figure under k, like the page and the PDF.

Used by the report page's download, the PDF's build and ``manage.py build_report``: always in
French (the platform's language), whatever the language of the person asking.
"""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TextIO

from django.conf import settings
from django.utils import translation

from mentorat.core.spreadsheets import csv_text

from .report_data import ReportData
from .selectors.results import FrozenWave, group_label
from .stats import WHOLE, Figure

COLUMNS = (
    "questionnaire",
    "question",
    "ventilation",
    "groupe",
    "statistique",
    "valeur",
    "n",
    "masque",
)


def decimal_comma(value: float | int | None) -> str:
    """ "3,4" for 3.4, "12" for 12 (and 12.0), "" for None."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def published_figures(waves: Iterable[FrozenWave]) -> list[Figure]:
    """The frozen figures of ``waves`` as the CSV writes them: the question's text rather than
    its key, the group's French label rather than its code ("ensemble" for the whole)."""
    figures = []
    with translation.override(settings.LANGUAGE_CODE):
        for wave in waves:
            for figure in wave.figures:
                question = wave.questions.get(figure.question, {}).get("label", figure.question)
                group = (
                    WHOLE
                    if figure.ventilation == WHOLE
                    else group_label(figure.ventilation, figure.group)
                )
                figures.append(replace(figure, question=question, group=group))
    return figures


def figure_row(figure: Figure) -> list[str]:
    masked = figure.masked
    return [
        figure.questionnaire,
        figure.question,
        figure.ventilation,
        figure.group,
        figure.statistic,
        "" if masked else decimal_comma(figure.value),
        "" if masked or figure.n is None else str(figure.n),
        "oui" if masked else "non",
    ]


def figure_rows(figures: Iterable[Figure]) -> list[list[str]]:
    return [figure_row(figure) for figure in figures]


def csv_rows(report_data: ReportData) -> list[list[str]]:
    """The rows (header apart) of the report's CSV (its figures are already labelled, see
    ``published_figures``)."""
    return figure_rows(report_data.figures)


def csv_content(figures: Sequence[Figure]) -> str:
    """The whole file, BOM included."""
    return csv_text(COLUMNS, figure_rows(figures), bom=True)


def write_csv(figures: Sequence[Figure], stream: TextIO) -> None:
    """Write the CSV of ``figures`` to a text stream (opened with ``newline=""``)."""
    stream.write(csv_content(figures))
