"""Freezing a wave's results at closing: computed once from the anonymous responses with the
programme's k, stored on the wave, never recomputed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation.models import Response, Wave, WaveStatus
from evaluation.selectors.reports import report_csv_figures, report_data
from evaluation.services.results import wave_results_freeze
from tests.evaluation.reports_helpers import closed_wave, frozen, invite, respond
from tests.factories import ProgrammeFactory, wave_of

pytestmark = pytest.mark.django_db


def _whole(results, statistic, question=""):
    return next(
        f
        for f in results["figures"]
        if f["ventilation"] == "ensemble"
        and f["statistic"] == statistic
        and f["question"] == question
    )


def test_it_stores_the_figures_the_participation_k_and_the_day():
    programme = ProgrammeFactory(min_group_size=5)
    wave = closed_wave(programme, "baseline")
    respond(wave, 15, answers={"mentee-change": [4, 5, 2]})
    invite(wave, 20, answered=15)
    results = wave_results_freeze(wave=wave)
    wave.refresh_from_db()
    assert wave.results == results
    assert results["k"] == 5
    assert results["computed_on"] == timezone.localdate().isoformat()
    assert _whole(results, "répondants")["value"] == 15
    change = next(key for key, q in results["questions"].items() if q["code"] == "mentee-change")
    assert results["questions"][change]["agree_from"] == 4
    assert [label for _v, label in results["questions"][change]["options"]][
        0
    ] == "Pas du tout d’accord"
    assert _whole(results, "moyenne", change)["value"] == pytest.approx(3.7)
    assert results["participation"]


def test_it_masks_a_wave_answered_by_fewer_than_k():
    programme = ProgrammeFactory(min_group_size=5)
    wave = frozen_wave = closed_wave(programme, "baseline")
    respond(wave, 3, answers={"mentee-change": 4})
    results = wave_results_freeze(wave=frozen_wave)
    assert _whole(results, "répondants")["masked"] is True
    assert _whole(results, "répondants")["value"] is None


def test_it_refuses_a_wave_that_is_not_closed():
    wave = wave_of(ProgrammeFactory(), "baseline", status=WaveStatus.OPEN)
    with pytest.raises(ValidationError) as error:
        wave_results_freeze(wave=wave)
    assert error.value.code == "wave_not_closed"
    wave.refresh_from_db()
    assert wave.results is None


def test_it_refuses_to_compute_a_wave_twice():
    wave = closed_wave(ProgrammeFactory(), "baseline")
    respond(wave, 6, answers={"mentee-change": 4})
    first = frozen(wave).results
    respond(wave, 6, answers={"mentee-change": 1})
    with pytest.raises(ValidationError) as error:
        wave_results_freeze(wave=wave)
    assert error.value.code == "results_frozen"
    assert Wave.objects.get(pk=wave.pk).results == first


def test_a_response_added_after_freezing_changes_nothing_in_the_report(personas):
    programme = personas.programme
    wave = closed_wave(programme, "baseline")
    respond(wave, 10, answers={"mentee-change": [4, 5]})
    frozen(wave)
    before = report_data(programme, viewer=personas.coordinator)
    csv_before = report_csv_figures(programme)
    # Straight into the table, as a late or forged write would: the report does not move.
    respond(wave, 7, answers={"mentee-change": 1}, sector_group="industrie")
    assert Response.objects.filter(wave=wave).count() == 17
    after = report_data(programme, viewer=personas.coordinator)
    assert after.figures == before.figures
    assert report_csv_figures(programme) == csv_before
    assert [s.tables for s in after.sections] == [s.tables for s in before.sections]


def test_a_final_wave_freezes_its_difference_with_the_baseline():
    programme = ProgrammeFactory(min_group_size=5)
    baseline = closed_wave(programme, "baseline")
    respond(baseline, 10, answers={"mentee-change": [2, 3]})
    frozen(baseline)
    final = closed_wave(programme, "final")
    respond(final, 10, answers={"mentee-change": [4, 5]})
    results = frozen(final).results
    difference = next(d for d in results["differences"] if d["code"] == "mentee-change")
    assert difference["masked"] is False
    assert difference["baseline_wave"] == baseline.pk
    values = [v for k, v in difference.items() if isinstance(v, float)]
    assert pytest.approx(2.0) in values  # 4.5 − 2.5


def test_a_difference_over_fewer_than_k_answers_is_masked():
    programme = ProgrammeFactory(min_group_size=5)
    baseline = closed_wave(programme, "baseline")
    respond(baseline, 3, answers={"mentee-change": 2})
    frozen(baseline)
    final = closed_wave(programme, "final")
    respond(final, 10, answers={"mentee-change": 4})
    difference = next(
        d for d in frozen(final).results["differences"] if d["code"] == "mentee-change"
    )
    assert difference["masked"] is True
