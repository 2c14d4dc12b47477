"""The CSV of the aggregates: exactly its columns, `;`-separated, UTF-8 with a BOM, decimal
commas, formula-safe, one row per published figure and none under k."""

import csv
import io
from collections import defaultdict

import pytest

from evaluation.csv_export import COLUMNS, csv_content, decimal_comma
from evaluation.selectors.reports import report_csv_figures, report_data
from evaluation.stats import Figure
from tests.evaluation.reports_helpers import closed_wave, frozen, invite, respond
from tests.factories import ProgrammeFactory

K = 5


def _parse(content: str) -> list[dict]:
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def _programme(*, small: int = 0):
    programme = ProgrammeFactory(min_group_size=K)
    wave = closed_wave(programme, "baseline")
    respond(
        wave,
        10,
        answers={"mentee-change": [4, 5], "mentee-hours": [35, 40]},
        sector_group="industrie",
        departement="25",
        size_band="10-49",
    )
    respond(
        wave,
        10,
        answers={"mentee-change": [2, 4], "mentee-hours": 38},
        sector_group="services",
        departement="21",
        size_band="1-9",
    )
    respond(wave, 10, role="mentor", answers={"mentor-expects-to-learn": [4, 5]})
    if small:
        respond(wave, small, answers={"mentee-change": 1}, sector_group="sante-social")
    invite(wave, 40, answered=30 + small)
    frozen(wave)
    return programme


def test_the_header_is_exactly_the_columns_after_a_bom():
    content = csv_content([])
    header = "questionnaire;question;ventilation;groupe;statistique;valeur;n;masque"
    assert content == "\ufeff" + header + "\n"
    assert COLUMNS == tuple(content.removeprefix("\ufeff").strip().split(";"))


def test_values_have_a_decimal_comma():
    assert decimal_comma(3.4) == "3,4"
    assert decimal_comma(12) == "12"
    assert decimal_comma(12.0) == "12"
    assert decimal_comma(None) == ""


def test_a_text_that_looks_like_a_formula_is_made_inert():
    figure = Figure("=HYPERLINK(1)", "+q", "ensemble", "ensemble", "répondants", 10, 10, False)
    row = _parse(csv_content([figure]))[0]
    assert row["questionnaire"] == "'=HYPERLINK(1)"
    assert row["question"] == "'+q"


@pytest.mark.django_db
def test_it_parses_back_with_the_groups_of_each_ventilation_summing_to_the_whole():
    rows = _parse(csv_content(report_csv_figures(_programme())))
    respondents = [r for r in rows if r["statistique"] == "répondants"]
    whole = next(r for r in respondents if r["ventilation"] == "ensemble")
    assert whole["groupe"] == "ensemble" and whole["valeur"] == "30" and whole["masque"] == "non"
    sums = defaultdict(int)
    for row in respondents:
        if row["ventilation"] != "ensemble":
            assert row["masque"] == "non", row
            sums[row["ventilation"]] += int(row["n"])
    assert dict(sums) == {"rôle": 30, "secteur": 30, "département": 30, "taille": 30}
    labels = {r["groupe"] for r in rows}
    assert {"Mentor", "Industrie et construction", "25 – Doubs", "10 à 49 salariés"} <= labels
    means = [r for r in rows if r["statistique"] == "moyenne" and r["masque"] == "non"]
    assert any("," in r["valeur"] for r in means)
    assert {r["statistique"].split(":")[0] for r in rows} == {
        "répondants",
        "effectif",
        "moyenne",
        "part_accord",
    }


@pytest.mark.django_db
def test_no_published_figure_rests_on_fewer_than_k():
    rows = _parse(csv_content(report_csv_figures(_programme(small=2))))
    small = [r for r in rows if r["groupe"] == "Santé, social et économie solidaire"]
    assert small and all(r["masque"] == "oui" for r in small)
    for row in rows:
        if row["masque"] == "oui":
            assert row["valeur"] == "" and row["n"] == ""
        else:
            assert row["masque"] == "non" and int(row["n"]) >= K, row
            if row["statistique"].startswith("effectif:"):
                assert int(row["valeur"]) == 0 or int(row["valeur"]) >= K, row


@pytest.mark.django_db
def test_the_csv_rows_are_the_report_figures(personas):
    wave = closed_wave(personas.programme, "baseline")
    respond(wave, 10, answers={"mentee-change": [4, 5]})
    frozen(wave)
    data = report_data(personas.programme, viewer=personas.coordinator)
    assert data.figures == report_csv_figures(personas.programme)
    assert len(data.figures) == len(wave.results["figures"])


@pytest.mark.django_db
def test_the_download_is_an_attachment_for_those_who_may(client, personas):
    wave = closed_wave(personas.programme, "baseline")
    respond(wave, 10, answers={"mentee-change": [4, 5]})
    frozen(wave)
    url = f"/evaluation/{personas.programme.slug}/rapport/agregats.csv"
    client.force_login(personas.coordinator)
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert _parse(response.content.decode("utf-8"))[0]["valeur"] == "10"
    for persona, status in (("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)):
        client.force_login(getattr(personas, persona))
        assert client.get(url).status_code == status, persona
