"""Benchmark of the daily reminder sweep over 5,000 participants (2,500 pairs).

    .venv/bin/python bench/bench_reminder_sweep.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorat_reminders_bench \
        .venv/bin/python bench/bench_reminder_sweep.py

Without DATABASE_URL it works on a throwaway SQLite file; on PostgreSQL it deletes its own
programmes and people first (``bench-rappels-*``). Five programmes of 500 pairs, in every state
(proposed, accepted, active, completed, ended), with a year of meetings for the active ones and
planned meetings (some tomorrow), built in bulk (not timed). Then the sweep of one day, as the
beat runs it: a first run that sends, a second that sends nothing; time and queries of each.
Publishing each e-mail to the broker is replaced by a counter (in production it is one Redis
command per e-mail, after the transaction commits); the rows (Reminder, SentEmail) are written.
Target: each run under 30 s.
"""

import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 30
PAIRS_PER_PROGRAMME = 500
PROGRAMMES = 5
TODAY = date(2026, 12, 3)
PARIS = ZoneInfo("Europe/Paris")
PREFIX = "bench-rappels"
PAIR_ROLES = ("mentor", "mentee")

WORKDIR = Path(tempfile.mkdtemp(prefix="mentorat-bench-"))
os.environ.setdefault("MENTORAT_VAR_DIR", str(WORKDIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorat.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
# No broker: nothing is published (see _publish below).
os.environ.pop("REDIS_URL", None)
os.environ.pop("CELERY_BROKER_URL", None)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from followup.models import (  # noqa: E402
    CharterAcceptance,
    Meeting,
    MeetingMode,
    PlannedMeeting,
    Reminder,
)
from followup.reminders import reminders_sweep  # noqa: E402
from matching.models import Pair, PairStatus, PairTransition, Response  # noqa: E402
from mentorat.core import emails  # noqa: E402
from mentorat.core.models import SentEmail  # noqa: E402
from programmes.models import (  # noqa: E402
    Application,
    ApplicationStatus,
    Organisation,
    Programme,
    Role,
)

PUBLISHED = []


def _publish(email_id: int) -> bool:
    PUBLISHED.append(email_id)
    return True


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, clock(hour), tzinfo=PARIS)


def clean() -> None:
    programmes = Programme.objects.filter(slug__startswith=PREFIX)
    Pair.objects.filter(programme__in=programmes).delete()
    programmes.delete()
    Organisation.objects.filter(name__startswith=PREFIX).delete()
    get_user_model().objects.filter(email__startswith=PREFIX).delete()
    SentEmail.objects.filter(to__startswith=PREFIX).delete()


def build(rng: random.Random) -> dict[str, int]:
    """Five programmes of 500 pairs each, 5,000 participants, in varied states."""
    User = get_user_model()
    organisations = [
        Organisation(name=f"{PREFIX} {i}", name_key=f"{PREFIX}-{i}") for i in range(50)
    ]
    Organisation.objects.bulk_create(organisations)
    organisations = list(Organisation.objects.filter(name__startswith=PREFIX))
    states: dict[str, int] = {}
    for p in range(PROGRAMMES):
        programme = Programme.objects.create(
            name=f"Programme banc d'essai {p}",
            slug=f"{PREFIX}-{p}",
            charter_within_days=7 + 7 * (p % 2),
            attention_after_weeks=4 + p,
            alert_after_weeks=10 + p,
        )
        users = User.objects.bulk_create(
            User(
                email=f"{PREFIX}-{p}-{i}@exemple.fr",
                first_name=f"Prénom{i}",
                last_name=f"Nom{p}",
                wants_reminders=rng.random() > 0.1,
                language="en" if rng.random() < 0.05 else "fr",
            )
            for i in range(2 * PAIRS_PER_PROGRAMME)
        )
        applications = Application.objects.bulk_create(
            Application(
                programme=programme,
                user=user,
                role=Role.MENTOR if i % 2 == 0 else Role.MENTEE,
                status=ApplicationStatus.ACCEPTED,
                organisation=rng.choice(organisations),
                capacity=1 if i % 2 == 0 else None,
            )
            for i, user in enumerate(users)
        )
        pairs, steps = [], []
        for i in range(PAIRS_PER_PROGRAMME):
            status = rng.choices(
                [
                    PairStatus.PROPOSED,
                    PairStatus.ACCEPTED,
                    PairStatus.ACTIVE,
                    PairStatus.COMPLETED,
                    PairStatus.ENDED,
                ],
                weights=[15, 15, 55, 10, 5],
            )[0]
            states[status] = states.get(status, 0) + 1
            answered = status != PairStatus.PROPOSED
            pairs.append(
                Pair(
                    programme=programme,
                    mentor=applications[2 * i],
                    mentee=applications[2 * i + 1],
                    status=status,
                    mentor_response=Response.ACCEPTED if answered or rng.random() < 0.4 else "",
                    mentee_response=Response.ACCEPTED if answered else "",
                )
            )
        pairs = Pair.objects.bulk_create(pairs)
        acceptances, meetings, planned = [], [], []
        for pair in pairs:
            if pair.status == PairStatus.PROPOSED:
                steps.append((pair, PairStatus.PROPOSED, TODAY - timedelta(rng.randint(0, 10))))
                continue
            published = TODAY - timedelta(rng.randint(60, 300))
            steps.append((pair, PairStatus.PROPOSED, published))
            if pair.status == PairStatus.ACCEPTED:
                steps.append((pair, PairStatus.ACCEPTED, TODAY - timedelta(rng.randint(0, 30))))
                if rng.random() < 0.3:
                    acceptances.append(CharterAcceptance(pair=pair, role=Role.MENTOR))
                continue
            began = published + timedelta(rng.randint(5, 20))
            steps.append((pair, PairStatus.ACTIVE, began))
            acceptances += [
                CharterAcceptance(pair=pair, role=r) for r in (Role.MENTOR, Role.MENTEE)
            ]
            if pair.status != PairStatus.ACTIVE:
                steps.append((pair, pair.status, TODAY - timedelta(rng.randint(1, 30))))
            # Up to a year of meetings, every 2 to 8 weeks; some pairs stop meeting.
            held = began + timedelta(rng.randint(7, 40))
            stop = TODAY - timedelta(rng.choice([0, 0, 0, 30, 60, 120]))
            while held < stop:
                meetings.append(
                    Meeting(pair=pair, held_on=held, duration_minutes=60, mode=MeetingMode.VIDEO)
                )
                held += timedelta(rng.randint(14, 56))
            if pair.status == PairStatus.ACTIVE and rng.random() < 0.5:
                day = TODAY + timedelta(rng.choice([1, 1, 2, 5, 10, 20]))
                planned.append(
                    PlannedMeeting(pair=pair, starts_at=at(day, rng.randint(8, 18)), mode="phone")
                )
        PairTransition.objects.bulk_create(
            PairTransition(pair=pair, to_status=status, at=at(day)) for pair, status, day in steps
        )
        CharterAcceptance.objects.bulk_create(acceptances)
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        PlannedMeeting.objects.bulk_create(planned)
    return states


def sweep() -> tuple[float, int, dict]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = reminders_sweep(today=TODAY)
        elapsed = time.perf_counter() - started
    return elapsed, len(captured), result


def main() -> int:
    print(f"database             {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    call_command("migrate", verbosity=0)
    clean()
    emails._publish = _publish
    started = time.perf_counter()
    states = build(random.Random(20261203))
    participants = get_user_model().objects.filter(email__startswith=PREFIX).count()
    print(f"built in             {time.perf_counter() - started:.1f} s (not timed below)")
    print(f"participants         {participants}")
    print(f"pairs                {sum(states.values())}: " + ", ".join(
        f"{n} {s}" for s, n in sorted(states.items())
    ))  # fmt: skip
    meetings = Meeting.objects.filter(pair__programme__slug__startswith=PREFIX).count()
    print(f"meetings             {meetings}")
    print(f"planned meetings     {PlannedMeeting.objects.count()}")
    failures = 0
    for label in ("first run (sends)", "second run (nothing)"):
        elapsed, queries, result = sweep()
        failures += elapsed > TARGET_S
        print(
            f"{label:20} {elapsed:6.2f} s  {queries:6} queries  sent {result.sent}, "
            f"skipped {result.skipped}{'  << over target' if elapsed > TARGET_S else ''}"
        )
        for code, counts in result.by_kind.items():
            print(f"    {code:24} sent {counts['sent']:5}  skipped {counts['skipped']:5}")
    print(f"reminders recorded   {Reminder.objects.count()}, e-mails {SentEmail.objects.count()}, "
          f"published {len(PUBLISHED)}")  # fmt: skip
    print(f"target               < {TARGET_S} s a run")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
