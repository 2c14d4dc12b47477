"""``manage.py send_reminders`` and the beat task run the same sweep: French output, a JSON last
line for scripts, a French error for a date that is not one."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from followup.models import Reminder
from followup.tasks import send_reminders
from matching.models import PairStatus

from .reminders_helpers import pair_since

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 5)


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_command_sends_the_reminders_of_the_day_it_is_given_and_says_so_in_french():
    pair_since(PairStatus.PROPOSED, DAY)
    lines = run("--date", (DAY + timedelta(days=3)).isoformat())
    assert "proposal-unanswered : 2 envoyé(s), 0 ignoré(s)" in lines
    assert lines[-1] == "Rappels : 2 envoyé(s), 0 ignoré(s) (déjà envoyés ou refusés)."
    assert Reminder.objects.count() == 2


def test_with_json_the_last_line_counts_what_was_sent_and_skipped():
    pair_since(PairStatus.PROPOSED, DAY)
    day = (DAY + timedelta(days=3)).isoformat()
    assert json.loads(run("--date", day, "--json")[-1]) == {"sent": 2, "skipped": 0}
    assert json.loads(run("--date", day, "--json")[-1]) == {"sent": 0, "skipped": 2}


def test_without_a_date_the_command_sweeps_today():
    assert json.loads(run("--json")[-1]) == {"sent": 0, "skipped": 0}


@pytest.mark.parametrize("value", ["2026-13-01", "03/12/2026", "demain"])
def test_a_date_that_is_not_one_is_refused_in_french(value):
    with pytest.raises(CommandError) as error:
        run("--date", value)
    assert str(error.value) == (
        f"« {value} » n’est pas une date : écrivez-la AAAA-MM-JJ, par exemple 2026-12-03."
    )


def test_the_beat_task_runs_the_same_sweep():
    pair_since(PairStatus.PROPOSED, DAY)
    day = (DAY + timedelta(days=3)).isoformat()
    assert send_reminders.delay(day).get() == {"sent": 2, "skipped": 0}
    assert send_reminders.delay(day).get() == {"sent": 0, "skipped": 2}


def test_the_beat_sends_the_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry["task"] == "followup.tasks.send_reminders"
    schedule = entry["schedule"]
    assert schedule.hour == {settings.REMINDERS_HOUR} and schedule.minute == {0}
    assert schedule.day_of_week == set(range(7))
