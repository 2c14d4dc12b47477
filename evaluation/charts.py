"""Server-rendered SVG charts for the report page and the PDF: horizontal stacked bars for the
distribution of an item's answers, horizontal bars for means (and the pulse over time).

Accessible by construction: ``role="img"`` with a ``<title>`` and a ``<desc>`` it is labelled
by, every value also written as text, colours of at least 4.5:1 against white (so that bars
read at 3:1 and the white figures written on them at 4.5:1), a masked bar drawn hatched grey with
"< k" written beside it. No ``style`` attribute and no ``<style>`` element (the
Content-Security-Policy refuses inline styles): presentation attributes only. Every text given
is escaped here; the page and the PDF always show the table behind the chart as well.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape

WIDTH = 640
LABEL_WIDTH = 190
BAR_X = LABEL_WIDTH + 10
BAR_WIDTH = 330
ROW_HEIGHT = 30
BAR_HEIGHT = 20
TOP = 10
TEXT = "#1a1a1a"  # 17:1 on white
GRID = "#595959"  # 7:1 on white
MASK_FILL = "#d9d9d9"
FONT = 'font-family="Marianne, Arial, Helvetica, sans-serif" font-size="12"'

# Each at least 4.5:1 against white (tests/evaluation/test_charts.py checks them).
AGREEMENT_COLOURS = ("#a4161a", "#c2410c", "#5c5c5c", "#2563a8", "#14365f")
SCALE4_COLOURS = ("#a4161a", "#c2410c", "#2563a8", "#14365f")
CATEGORY_COLOURS = (
    "#1d4e89",
    "#c2410c",
    "#0f5132",
    "#6d28d9",
    "#7a4b00",
    "#9d2449",
    "#0b5f73",
    "#555555",
)
BAR_COLOUR = "#1d4e89"
LABEL_MAX = 30


@dataclass
class DistributionRow:
    """One bar of a distribution: a group, its answer counts per option (None where masked)
    and its respondents (None where masked)."""

    label: str
    counts: Sequence[int | None]
    n: int | None
    masked: bool = False


@dataclass
class BarRow:
    """One bar of means: its label, its value (None where masked) and the value as written."""

    label: str
    value: float | None
    text: str
    masked: bool = False


def colours_for(kind: str, count: int) -> tuple[str, ...]:
    if kind == "agreement" and count == len(AGREEMENT_COLOURS):
        return AGREEMENT_COLOURS
    if kind == "scale4" and count == len(SCALE4_COLOURS):
        return SCALE4_COLOURS
    return tuple(CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i in range(count))


def _id(value: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", value.lower())[:60] or "chart"


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _open(chart_id: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        "<defs>"
        f'<pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{MASK_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{GRID}" stroke-width="2"/>'
        "</pattern></defs>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _label(y: float, text: str) -> str:
    return (
        f'<text x="{LABEL_WIDTH}" y="{y:.1f}" text-anchor="end" fill="{TEXT}" '
        f'dominant-baseline="middle">{escape(_short(text))}</text>'
    )


def _masked_bar(chart_id: str, x: float, y: float, width: float, text: str) -> list[str]:
    return [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}" '
        f'fill="url(#{chart_id}-hatch)" stroke="{GRID}" stroke-width="1"/>',
        f'<text x="{BAR_X + BAR_WIDTH + 8}" y="{y + BAR_HEIGHT / 2:.1f}" fill="{TEXT}" '
        f'dominant-baseline="middle">{escape(text)}</text>',
    ]


def distribution_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    options: Sequence[str],
    rows: Sequence[DistributionRow],
    kind: str,
    masked_text: str,
    n_text: str = "n = %(n)s",
) -> str:
    """Horizontal stacked bars, one per group: the share of each answer option (written on the
    segment when it is wide enough), the respondents at the end; a masked group or option is
    hatched grey with ``masked_text`` ("< 5"). A legend names the options."""
    chart_id = _id(chart_id)
    colours = colours_for(kind, len(options))
    legend_rows = (len(options) + 1) // 2
    height = TOP + ROW_HEIGHT * len(rows) + 14 + 20 * legend_rows + 6
    parts = _open(chart_id, title, desc, height)
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        middle = y + BAR_HEIGHT / 2
        parts.append(_label(middle, row.label))
        if row.masked or not row.n:
            parts.extend(_masked_bar(chart_id, BAR_X, y, BAR_WIDTH, masked_text))
            continue
        x = float(BAR_X)
        known = 0
        for option_index, count in enumerate(row.counts):
            if count is None or count == 0:
                continue
            known += count
            width = BAR_WIDTH * count / row.n
            share = round(100 * count / row.n)
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colours[option_index]}" stroke="#ffffff" stroke-width="1">'
                f"<title>{escape(options[option_index])}: {share} %</title></rect>"
            )
            if width >= 30:
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{middle:.1f}" text-anchor="middle" '
                    f'dominant-baseline="middle" fill="#ffffff">{share} %</text>'
                )
            x += width
        if any(count is None for count in row.counts) and known < row.n:
            # The options masked in this group, together: hatched, their total not given.
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{BAR_X + BAR_WIDTH - x:.1f}" '
                f'height="{BAR_HEIGHT}" fill="url(#{chart_id}-hatch)" stroke="{GRID}" '
                f'stroke-width="1"><title>{escape(masked_text)}</title></rect>'
            )
        parts.append(
            f'<text x="{BAR_X + BAR_WIDTH + 8}" y="{middle:.1f}" fill="{TEXT}" '
            f'dominant-baseline="middle">{escape(n_text % {"n": row.n})}</text>'
        )
    legend_y = TOP + ROW_HEIGHT * len(rows) + 14
    for index, option in enumerate(options):
        x = 10 + (index % 2) * (WIDTH // 2)
        y = legend_y + (index // 2) * 20
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colours[index]}"/>'
            f'<text x="{x + 20}" y="{y + 7}" dominant-baseline="middle" fill="{TEXT}">'
            f"{escape(_short(option) if len(str(option)) > 45 else option)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[BarRow],
    max_value: float,
) -> str:
    """Horizontal bars on a scale from 0 to ``max_value``, each with its value written at its
    end; a masked bar is hatched grey with its text ("< 5")."""
    chart_id = _id(chart_id)
    height = TOP + ROW_HEIGHT * len(rows) + 10
    parts = _open(chart_id, title, desc, height)
    parts.append(
        f'<line x1="{BAR_X}" y1="{TOP - 4}" x2="{BAR_X}" y2="{height - 6}" '
        f'stroke="{GRID}" stroke-width="1"/>'
    )
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        middle = y + BAR_HEIGHT / 2
        parts.append(_label(middle, row.label))
        if row.masked or row.value is None:
            parts.extend(_masked_bar(chart_id, BAR_X, y, BAR_WIDTH, row.text))
            continue
        share = 0.0 if max_value <= 0 else max(0.0, min(1.0, row.value / max_value))
        parts.append(
            f'<rect x="{BAR_X}" y="{y}" width="{BAR_WIDTH * share:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{BAR_X + BAR_WIDTH * share + 6:.1f}" y="{middle:.1f}" fill="{TEXT}" '
            f'dominant-baseline="middle">{escape(row.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
