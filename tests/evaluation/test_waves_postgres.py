"""Two sweeps of the waves at the same moment on PostgreSQL, each in its own thread with its own
connection: each wave opens once (its people invited once), closes once (its results frozen
once), and one pulse wave is made, not two. One connection would hide the races."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from evaluation.models import Kind, SurveyInvitation, Wave, WaveStatus
from evaluation.services.waves import SweepResult, wave_close, waves_sweep
from matching.models import PairStatus
from programmes.models import Phase
from tests.factories import PairFactory, ProgrammeFactory, questionnaire_for, wave_of

TODAY = timezone.localdate()


def _in_threads(count: int, work) -> list:
    start = threading.Barrier(count)
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(timeout=30)
            results.append(work())
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) + len(errors) == count
    return results + errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_open_each_wave_once_and_make_one_pulse_wave():
    programme = ProgrammeFactory(current_phase=Phase.RUNNING)
    for _ in range(3):
        PairFactory(programme=programme, status=PairStatus.ACTIVE)
    baseline = wave_of(programme, Kind.BASELINE, status=WaveStatus.SCHEDULED)
    questionnaire_for(programme, Kind.PULSE)
    outcomes = _in_threads(2, lambda: waves_sweep(today=TODAY))
    assert all(isinstance(o, SweepResult) for o in outcomes), outcomes
    assert sum(o.opened for o in outcomes) == 2  # the baseline and one pulse wave
    assert Wave.objects.filter(questionnaire__kind=Kind.PULSE).count() == 1
    assert SurveyInvitation.objects.filter(wave=baseline).count() == 6
    assert SurveyInvitation.objects.count() == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_closings_at_once_close_and_freeze_once():
    programme = ProgrammeFactory(current_phase=Phase.RUNNING)
    wave = wave_of(programme, Kind.BASELINE)
    Wave.objects.filter(pk=wave.pk).update(closes_on=TODAY - timedelta(days=1))
    outcomes = _in_threads(2, lambda: wave_close(wave=Wave.objects.get(pk=wave.pk)))
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert "déjà clôturée" in str(refused[0])
    wave.refresh_from_db()
    assert (wave.status, wave.closed_on) == (WaveStatus.CLOSED, TODAY)
    assert wave.results is not None
