"""``report_data``: what the report holds, built from the frozen results and the follow-up
only: key figures, indicators against their targets, the pulse in order, baseline vs final,
the activity of the pairs, open waves without figures, and a referent's organisation-only
view. The frozen figures pass the audit."""

import pytest

from evaluation import stats
from evaluation.models import Question
from evaluation.selectors.reports import report_data
from evaluation.selectors.results import closed_wave_items
from followup.models import HelpRequest, Meeting
from matching.models import PairStatus
from mentorat.core.french import long_date
from programmes.models import Indicator, Role
from tests.evaluation.reports_helpers import closed_wave, evaluated, frozen, invite, respond
from tests.factories import PairFactory, accepted_participant, wave_of

pytestmark = pytest.mark.django_db


def _section(data, title):
    return next(s for s in data.sections if s.title == title)


def _figures(key_figures) -> dict[str, str]:
    return {f.label: f.value for f in key_figures}


def test_the_frozen_figures_of_a_programme_pass_the_audit(personas):
    waves = evaluated(personas.programme, small_group=2)
    for name in ("baseline", "final"):
        wave = waves[name]
        figures = [stats.Figure(**f) for f in wave.results["figures"]]
        report = stats.audit(figures, closed_wave_items(wave), k=5)
        assert report.ok, report.failures
        assert report.suppressed_counts > 0  # the small group is masked, and audited


def test_indicators_read_the_final_wave_against_their_targets(personas):
    programme = personas.programme
    reached = Indicator.objects.create(programme=programme, name="Satisfaction", target="≥ 80 %")
    missed = Indicator.objects.create(programme=programme, name="Confiance", target="90 %")
    Indicator.objects.create(programme=programme, name="Sans question", target="50 %")
    wave = closed_wave(programme, "final")
    Question.objects.filter(questionnaire=wave.questionnaire, code="satisfaction").update(
        indicator=reached
    )
    Question.objects.filter(questionnaire=wave.questionnaire, code="mentee-change").update(
        indicator=missed
    )
    respond(wave, 10, answers={"satisfaction": [4, 5], "mentee-change": [2, 4]})
    frozen(wave)
    indicators = {i.name: i for i in report_data(programme, viewer=personas.coordinator).indicators}
    assert (indicators["Satisfaction"].result, indicators["Satisfaction"].status) == (
        "100 %",
        "reached",
    )
    assert indicators["Satisfaction"].status_label == "Atteint"
    assert (indicators["Confiance"].result, indicators["Confiance"].status) == (
        "50 %",
        "not_reached",
    )
    assert indicators["Sans question"].status == "no_data"
    assert indicators["Sans question"].result == "—"


def test_an_indicator_over_fewer_than_k_is_masked(personas):
    programme = personas.programme
    indicator = Indicator.objects.create(programme=programme, name="Satisfaction", target="80 %")
    wave = closed_wave(programme, "final")
    Question.objects.filter(questionnaire=wave.questionnaire, code="satisfaction").update(
        indicator=indicator
    )
    respond(wave, 3, answers={"satisfaction": 5})
    frozen(wave)
    (result,) = report_data(programme, viewer=personas.coordinator).indicators
    assert (result.result, result.status) == ("< 5", "masked")


def test_the_pulse_reads_wave_after_wave(personas):
    programme = personas.programme
    for number, answers in ((2, [4, 4]), (1, [2, 3])):
        wave = closed_wave(programme, "pulse", number=number)
        respond(wave, 10, answers={"pulse-useful": answers})
        frozen(wave)
    small = closed_wave(programme, "pulse", number=3)
    respond(small, 2, answers={"pulse-useful": 4})
    frozen(small)
    pulse = _section(
        report_data(programme, viewer=personas.coordinator), "Le pouls du programme au fil du temps"
    )
    useful = pulse.charts[0]
    assert [row[0] for row in useful.table.rows] == [
        "Point d’étape, vague 1",
        "Point d’étape, vague 2",
        "Point d’étape, vague 3",
    ]
    assert [row[3] for row in useful.table.rows] == ["2,5", "4,0", "< 5"]
    assert "< 5" in useful.alt and 'role="img"' in useful.svg


def test_baseline_and_final_are_compared_with_their_interval(personas):
    programme = personas.programme
    evaluated(programme)
    data = report_data(programme, viewer=personas.coordinator)
    table = _section(
        data, "Ce qui a changé entre le questionnaire de départ et le questionnaire final"
    ).tables[0]
    change = next(row for row in table.rows if row[0].startswith("Je me sens en confiance"))
    baseline_mean, final_mean, difference, interval = change[1:5]
    # 2, 3, 4 in turn over ten mentees of each group: 2,9; then 4, 5, 3: 4,0.
    assert (baseline_mean, final_mean) == ("2,9", "4,0")
    assert difference == "1,10"
    assert interval.startswith("de ") and " à " in interval


def test_the_activity_counts_the_pairs_and_masks_under_k(personas):
    programme = personas.programme
    for i in range(6):
        pair = PairFactory(programme=programme, status=PairStatus.ACTIVE)
        for _ in range(i % 3):
            Meeting.objects.create(
                pair=pair, held_on="2026-11-02", duration_minutes=60, mode="video"
            )
    ended = PairFactory(programme=programme, status=PairStatus.ENDED)
    HelpRequest.objects.create(pair=ended, role=Role.MENTEE, channel="phone")
    PairFactory(programme=programme, status=PairStatus.DECLINED)  # never formed
    figures = _figures(report_data(programme, viewer=personas.coordinator).key_figures)
    assert figures["Binômes formés"] == "7"
    assert figures["Rencontres par binôme"] == "0,9"  # 6 meetings over 7 pairs
    # One ended early and one help request: under k, masked (and what would give them away).
    assert figures["Binômes arrêtés avant terme"] == "< 5"
    assert figures["Demandes d’aide"] == "< 5"
    assert figures["Binômes en cours"] == "< 5"


def test_an_open_wave_publishes_nothing(personas):
    programme = personas.programme
    wave = wave_of(programme, "baseline", status="open")
    respond(wave, 20, answers={"mentee-change": 4})
    invite(wave, 20, answered=20)
    data = report_data(programme, viewer=personas.coordinator)
    assert data.figures == []
    pending = _section(data, "Questionnaire de départ")
    assert pending.intro.startswith("Résultats publiés à la clôture, le ")
    assert pending.intro.endswith(" 20 personnes ont répondu à ce jour.")
    assert not pending.tables and not pending.charts and not pending.key_figures


def test_an_open_wave_answered_by_fewer_than_k_does_not_say_how_many(personas):
    programme = personas.programme
    wave = wave_of(programme, "baseline", status="open")
    invite(wave, 20, answered=4)
    data = report_data(programme, viewer=personas.coordinator)
    assert _section(data, "Questionnaire de départ").intro == (
        f"Résultats publiés à la clôture, le {long_date(wave.closes_on)}. "
        "Moins de 5 personnes ont répondu à ce jour."
    )


def test_a_referent_gets_no_questionnaire_figure(personas):
    programme = personas.programme
    evaluated(programme)
    ours = [accepted_participant(programme, Role.MENTEE, personas.organisation) for _ in range(2)]
    wave = closed_wave(programme, "midterm", number=2)
    invite(wave, 2, answered=2, users=[a.user for a in ours])
    frozen(wave)
    data = report_data(programme, viewer=personas.referent)
    assert data.figures == [] and data.indicators == []
    titles = [s.title for s in data.sections]
    assert titles[0] == "Ce que voit un référent d’entreprise"
    assert "Questionnaire final" not in titles
    # Two of their people invited and answered: under k, the count is masked.
    (table,) = _section(data, "La participation de votre organisation").tables
    assert all("< 5" in row[3] for row in table.rows)


def test_a_distribution_with_a_masked_option_still_says_how_many_answered(personas):
    # 20 mentees: 2 "strongly disagree" (masked, and so is a partner and the mean), the other
    # options published: the bar shows the published shares and n, not a bar masked whole.
    wave = closed_wave(personas.programme, "baseline")
    invite(wave, 20, answered=20)
    respond(wave, 20, answers={"mentee-change": [1, 1, *[2] * 6, *[3] * 6, *[4] * 6]})
    frozen(wave)
    data = report_data(personas.programme, viewer=personas.coordinator)
    chart = next(
        c
        for section in data.sections
        for c in section.charts
        if c.title == "Je me sens en confiance pour conduire un changement dans mon équipe."
    )
    whole = chart.table.rows[0]
    assert whole[-1] == "20"  # n of the whole
    assert "< 5" in whole  # the rare option stays masked
    assert "n = 20" in chart.svg
