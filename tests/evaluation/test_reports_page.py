"""The report page: who may open it, what it shows (key figures, indicators, charts with their
text and table, methodology and the small-group rule), an open wave without figures, a
referent's organisation-only view, no figure under k, and queries that do not grow."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followup.models import HelpRequest, Meeting
from matching.models import PairStatus
from mentorat.core.french import long_date
from programmes.models import Indicator, Role
from tests.evaluation.reports_helpers import closed_wave, evaluated, frozen, invite, respond
from tests.factories import PairFactory, accepted_participant

pytestmark = pytest.mark.django_db


def _url(programme) -> str:
    return f"/evaluation/{programme.slug}/rapport/"


def _page(client, user, programme) -> str:
    client.force_login(user)
    response = client.get(_url(programme))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _rows_of(html: str, label: str) -> list[list[str]]:
    """The cells of every table row whose header is ``label``."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        if label in cells:
            rows.append(cells)
    return rows


def test_the_coordinator_sees_figures_charts_tables_and_the_rule(client, personas):
    programme = personas.programme
    waves = evaluated(programme)
    satisfaction = waves["final"].questionnaire.questions.get(code="satisfaction")
    indicator = Indicator.objects.create(programme=programme, name="Satisfaction", target="80 %")
    satisfaction.indicator = indicator
    satisfaction.save()
    # The final's results were frozen before the question was tied: tie it in the frozen copy
    # too, as it would have been at closing.
    final = waves["final"]
    final.results["questions"][str(satisfaction.pk)]["indicator"] = indicator.pk
    final.save(update_fields=["results"])

    html = _page(client, personas.coordinator, programme)
    text = _text(html)
    assert "Chiffres clés" in text
    assert "Questionnaire de départ" in text and "Questionnaire final" in text
    # Charts: an image with its title and description, its text alternative and its table.
    assert html.count('role="img"') >= 3
    assert re.search(r'<svg[^>]*aria-labelledby="[^"]+-title [^"]+-desc"', html)
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "Satisfaction" in _rows_of(html, "Satisfaction")[0]
    assert _rows_of(html, "Satisfaction")[0][-1] in ("Atteint", "Non atteint")
    # The comparison baseline/final and the pulse over time.
    assert "intervalle de confiance à 95 %" in text
    assert "Point d’étape, vague 2" in text
    assert "Méthodologie" in text and "Aucun chiffre ne repose sur moins de 5 personnes" in text
    assert f'href="/evaluation/{programme.slug}/rapport/agregats.csv"' in html
    assert not re.search(r"\sstyle\s*=|<style\b", html)


def test_an_open_wave_shows_no_figure_but_the_day_of_its_results(client, personas):
    programme = personas.programme
    wave = closed_wave(programme, "baseline")
    respond(wave, 10, answers={"mentee-change": 4})
    frozen(wave)
    from tests.factories import wave_of

    final = wave_of(programme, "final", status="open")
    respond(final, 12, answers={"mentee-change": 5, "satisfaction": 5})
    text = _text(_page(client, personas.coordinator, programme))
    assert f"Résultats publiés à la clôture, le {long_date(final.closes_on)}." in text
    assert "Questionnaire final" in text
    # Its twelve answers are nowhere: no respondents count, no satisfaction.
    assert "Satisfaits du programme" not in text
    assert " 12 " not in text


@pytest.mark.parametrize("persona, status", [("mentor", 403), ("mentee", 403), ("outsider", 404)])
def test_participants_and_outsiders_may_not_open_it(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(_url(personas.programme)).status_code == status


def test_staff_open_it_too(client, personas):
    assert "Chiffres clés" in _text(_page(client, personas.staff, personas.programme))


def test_a_referent_sees_only_their_organisation_s_figures(client, personas):
    programme = personas.programme
    organisation = personas.organisation
    ours = [accepted_participant(programme, Role.MENTEE, organisation) for _ in range(6)]
    for application in ours[:5]:
        pair = PairFactory(programme=programme, mentee=application, status=PairStatus.ACTIVE)
        Meeting.objects.create(pair=pair, held_on="2026-11-02", duration_minutes=60, mode="video")
    for _ in range(5):
        PairFactory(programme=programme, status=PairStatus.COMPLETED)  # other organisations
    wave = closed_wave(programme, "baseline")
    respond(wave, 30, answers={"mentee-change": [4, 5]})
    invite(wave, 6, answered=5, users=[a.user for a in ours])
    invite(wave, 30, answered=25)
    frozen(wave)

    html = _page(client, personas.referent, programme)
    text = _text(html)
    assert "Ce que voit un référent d’entreprise" in text
    assert "ne portent aucune organisation" in text
    # Their five pairs meeting (not the programme's ten), their six people invited, five answered.
    assert _rows_of(html, "Mentoré")[0][2:] == ["6", "5", "83 %"]
    assert "Je me sens en confiance" not in text  # no questionnaire figure
    assert "agregats.csv" not in html
    figures = dict(re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html))
    assert figures["Binômes formés"] == "5"


def test_a_small_group_has_no_figure_anywhere_on_the_page(client, personas):
    evaluated(personas.programme, small_group=2)
    html = _page(client, personas.coordinator, personas.programme)
    rows = _rows_of(html, "Santé, social et économie solidaire")
    assert rows
    for cells in rows:
        figures = cells[cells.index("Santé, social et économie solidaire") + 1 :]
        assert figures and all(cell in ("< 5", "—") for cell in figures), cells
    # Not in a chart either: the charts break down by role only, and their text says "< 5".
    assert "Santé" not in "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))


def _grow(programme, start: int, waves: int, pairs: int):
    for number in range(start, start + waves):
        wave = closed_wave(programme, "pulse", number=number)
        respond(wave, 6, answers={"pulse-useful": [3, 4], "pulse-rhythm": 3})
        frozen(wave)
        Indicator.objects.create(programme=programme, name=f"Indicateur {number}", target="3")
    for _ in range(pairs):
        pair = PairFactory(programme=programme, status=PairStatus.ACTIVE)
        Meeting.objects.create(pair=pair, held_on="2026-11-02", duration_minutes=60, mode="video")
        HelpRequest.objects.create(pair=pair, role=Role.MENTEE, channel="phone")


@pytest.mark.parametrize("persona", ["coordinator", "referent"])
def test_the_queries_do_not_grow_with_the_waves_pairs_and_indicators(client, personas, persona):
    programme = personas.programme
    user = getattr(personas, persona)
    client.force_login(user)
    _grow(programme, 1, 1, 2)
    client.get(_url(programme))  # the session, the roles' cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(programme)).status_code == 200
    _grow(programme, 2, 4, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(_url(programme)).status_code == 200
    # Session and user, roles, calendar, the waves (frozen results inside), the pending waves,
    # the indicators, the pairs with their counts (one query); a referent: their organisations
    # and their people's invitations.
    assert len(large) == len(small), [q["sql"][:80] for q in large.captured_queries]
    assert len(small) <= 12


def test_the_programme_s_k_is_the_one_written_everywhere(client, personas):
    programme = personas.programme
    programme.min_group_size = 3
    programme.save(update_fields=["min_group_size"])
    wave = closed_wave(programme, "baseline")
    respond(wave, 4, answers={"mentee-change": 4}, sector_group="industrie")
    respond(wave, 4, answers={"mentee-change": 2}, sector_group="services")
    respond(wave, 2, answers={"mentee-change": 5}, sector_group="sante-social")
    frozen(wave)
    html = _page(client, personas.coordinator, programme)
    text = _text(html)
    assert "Aucun chiffre ne repose sur moins de 3 personnes" in text
    assert "< 5" not in text
    rows = _rows_of(html, "Santé, social et économie solidaire")
    assert rows and all(set(row[2:]) == {"< 3"} for row in rows), rows
