"""The report's SVG charts: accessible (role, title, description, contrast), values written as
text, masked bars hatched with "< k", every text escaped, nothing the CSP refuses."""

import re
import xml.etree.ElementTree as ET

from evaluation.charts import (
    AGREEMENT_COLOURS,
    BAR_COLOUR,
    CATEGORY_COLOURS,
    GRID,
    SCALE4_COLOURS,
    TEXT,
    BarRow,
    DistributionRow,
    bar_chart,
    distribution_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
OPTIONS = ["Pas du tout", "Plutôt pas", "Plutôt oui", "Tout à fait"]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _distribution(**overrides):
    arguments = {
        "chart_id": "distribution-1",
        "title": "Ces échanges vous sont-ils utiles ?",
        "desc": "Répartition des réponses",
        "options": OPTIONS,
        "rows": [
            DistributionRow("ensemble", [5, 5, 10, 20], 40),
            DistributionRow("Mentor", [None, None, 5, 10], 17),
            DistributionRow("Autre", [None] * 4, None, masked=True),
        ],
        "kind": "scale4",
        "masked_text": "< 5",
        "n_text": "n = %(n)s",
    }
    return distribution_chart(**{**arguments, **overrides})


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_every_colour_reads_on_white_and_under_white_text():
    for colour in (*AGREEMENT_COLOURS, *SCALE4_COLOURS, *CATEGORY_COLOURS, BAR_COLOUR, GRID, TEXT):
        # Bars at 3:1 against the white page; the white shares written on them at 4.5:1.
        assert contrast(colour, "#ffffff") >= 4.5, colour


def test_a_chart_is_an_image_labelled_by_its_title_and_description():
    root = ET.fromstring(_distribution())
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Ces échanges vous sont-ils utiles ?"
    assert desc.text == "Répartition des réponses"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_shares_and_respondents_are_written_as_text():
    texts = _texts(_distribution())
    assert "50 %" in texts  # 20 of 40
    assert "n = 40" in texts and "n = 17" in texts
    assert {"ensemble", "Mentor", "Autre", *OPTIONS} <= set(texts)


def test_a_masked_group_is_hatched_with_less_than_k_and_no_number():
    svg = _distribution()
    root = ET.fromstring(svg)
    hatched = [r for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(#")]
    # The masked group, and the two masked options of the mentors together.
    assert len(hatched) == 2
    assert "< 5" in _texts(svg)
    assert root.find(f".//{SVG}pattern") is not None


def test_every_text_given_is_escaped():
    svg = _distribution(
        title="<script>alert(1)</script>",
        options=['"><img src=x>', "b", "c", "d"],
        rows=[DistributionRow("</text><svg onload=x>", [5, 5, 5, 5], 20)],
    )
    assert "<script>" not in svg and "<img" not in svg and "<svg onload" not in svg
    ET.fromstring(svg)  # still well-formed


def test_no_inline_style_a_policy_would_refuse():
    bars = bar_chart(chart_id="b", title="t", desc="d", rows=[BarRow("a", 1, "1")], max_value=4)
    for svg in (_distribution(), bars):
        assert not re.search(r"\sstyle\s*=|<style\b|\son[a-z]+\s*=", svg)


def test_a_bar_chart_writes_each_value_and_hatches_a_masked_one():
    svg = bar_chart(
        chart_id="pulse-1",
        title="Utilité, vague après vague",
        desc="Moyenne par vague",
        rows=[
            BarRow("Vague 1", 3.2, "3,2"),
            BarRow("Vague 2", None, "< 5", masked=True),
        ],
        max_value=4,
    )
    root = ET.fromstring(svg)
    assert {"Vague 1", "3,2", "Vague 2", "< 5"} <= set(_texts(svg))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("fill") == BAR_COLOUR]
    assert widths == [330 * 3.2 / 4]


def test_two_charts_of_a_page_have_distinct_ids():
    first = _distribution(chart_id="distribution-1")
    second = _distribution(chart_id="distribution-2")
    ids = lambda svg: {e.get("id") for e in ET.fromstring(svg).iter() if e.get("id")}  # noqa: E731
    assert not ids(first) & ids(second)
