"""The demo programmes have a believable calendar (seeded by mentorat/front/demo.py; this test
lives with the programmes app, whose model it checks, as tests/core/ is not ours to edit)."""

import pytest
from django.utils import timezone

from mentorat.front.demo import NEXT_SLUG, PILOT_SLUG, seed_demo
from programmes.models import PhaseDates, Programme
from programmes.services.setup import CALENDAR_PHASES
from rights.demo import CLOSED_SLUG

pytestmark = pytest.mark.django_db


def test_the_demo_programmes_have_every_phase_dated_in_order():
    seed_demo()
    for programme in Programme.objects.all():
        dates = {d.phase: d for d in programme.calendar.all()}
        assert list(dates) and set(dates) == set(CALENDAR_PHASES), programme.slug
        previous_end = None
        for phase in CALENDAR_PHASES:
            starts_on, ends_on = dates[phase].starts_on, dates[phase].ends_on
            assert starts_on <= ends_on, (programme.slug, phase)
            assert previous_end is None or previous_end < starts_on, (programme.slug, phase)
            # The pilot's are counted back from today; the closed 2024 promotion is over.
            if programme.slug not in (PILOT_SLUG, CLOSED_SLUG):
                assert {starts_on.year, ends_on.year} <= {2026, 2027}
            previous_end = ends_on
    # The next promotion recruits now: its recruitment is the phase under way in the demo.
    next_recruitment = PhaseDates.objects.get(programme__slug=NEXT_SLUG, phase="recruitment")
    assert next_recruitment.starts_on.year == 2026
    # The pilot's pairs meet today: its running phase is the one under way.
    running = PhaseDates.objects.get(programme__slug=PILOT_SLUG, phase="running")
    assert running.starts_on < timezone.localdate() < running.ends_on


def test_seeding_the_demo_twice_keeps_one_date_row_per_phase():
    seed_demo()
    seed_demo()
    rows = list(PhaseDates.objects.values_list("programme_id", "phase"))
    # One row per (programme, phase), never two, and every phase for each programme dated.
    assert len(rows) == len(set(rows))
    programmes = {programme for programme, _ in rows}
    assert len(programmes) >= 4
    assert len(rows) == len(programmes) * len(CALENDAR_PHASES)
