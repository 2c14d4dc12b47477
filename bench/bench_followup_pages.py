"""Benchmark of the coordination's follow-up pages — the dashboard and the list of all pairs —
for a programme of 1,000 pairs with 12 months of meetings.

    .venv/bin/python bench/bench_followup_pages.py [--pairs N] [--repeat N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorat_followupbench \
        .venv/bin/python bench/bench_followup_pages.py

Without DATABASE_URL it works on a throwaway SQLite file; with one, its programme "bench-suivi"
is rebuilt there. The programme is written with bulk_create (not timed): 1,000 pairs from two
published rounds (most meeting, some accepted, completed, ended or declined), their transitions,
charter acceptances, a meeting about every month for a year (some pairs stopped a while ago),
planned meetings and open help requests. Then each page is opened N times as the coordinator
through the test client: median and 95th percentile time, median CPU time of the process (the
cost of a request whatever the machine's load; with PostgreSQL the database's own time is not
in it) and number of queries. Target: under 300 ms.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-suivi"
PAIRS = 1000
REPEAT = 20
TARGET_MS = 300

WORKDIR = Path(tempfile.mkdtemp(prefix="mentorat-bench-"))
os.environ.setdefault("MENTORAT_VAR_DIR", str(WORKDIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
# Production-like: no query log kept in memory (DEBUG keeps every query).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorat.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from followup.models import (  # noqa: E402
    CharterAcceptance,
    HelpRequest,
    Meeting,
    PlannedMeeting,
)
from matching.models import MatchingRun, Pair, PairStatus, PairTransition, RunStatus  # noqa: E402
from programmes.models import (  # noqa: E402
    Application,
    ApplicationStatus,
    Membership,
    Organisation,
    Programme,
    Role,
    normalise_name,
)

User = get_user_model()


def status_of(i: int) -> str:
    # 80 % meeting, then accepted (charter pending), completed, ended early, declined.
    return {0: PairStatus.ACCEPTED, 1: PairStatus.COMPLETED, 2: PairStatus.ENDED}.get(
        i % 20, PairStatus.DECLINED if i % 20 == 3 else PairStatus.ACTIVE
    )


@transaction.atomic
def build(pairs: int) -> Programme:
    # A previous run's programme (PostgreSQL keeps it): its pairs first, they protect people.
    Pair.objects.filter(programme__slug=SLUG).delete()
    Programme.objects.filter(slug=SLUG).delete()
    Organisation.objects.filter(name__startswith="Entreprise banc ").delete()
    programme = Programme.objects.create(name="Banc d'essai du suivi", slug=SLUG)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Entreprise banc {i:03d}",
            name_key=normalise_name(f"Entreprise banc {i:03d}"),
            sector="Industrie",
            departement="25",
        )
        for i in range(60)
    )
    programme.organisations.set(organisations)
    mentors = pairs // 2
    User.objects.filter(email__endswith="@banc-suivi.fr").delete()
    users = User.objects.bulk_create(
        User(
            email=f"personne{i}@banc-suivi.fr",
            first_name=f"Prénom{i}",
            last_name=f"Nom{i:05d}",
            password="!",
        )
        for i in range(mentors + pairs)
    )
    applications = Application.objects.bulk_create(
        Application(
            programme=programme,
            user=user,
            role=Role.MENTOR if i < mentors else Role.MENTEE,
            status=ApplicationStatus.ACCEPTED,
            organisation=organisations[i % len(organisations)],
            departement="25",
            capacity=2 if i < mentors else None,
        )
        for i, user in enumerate(users)
    )
    now = timezone.now()
    runs = [
        MatchingRun.objects.create(
            programme=programme, status=RunStatus.DONE, published_at=now - timedelta(days=days)
        )
        for days in (372, 300)
    ]
    created = Pair.objects.bulk_create(
        Pair(
            programme=programme,
            run=runs[0] if i < pairs * 9 // 10 else runs[1],
            mentor=applications[(i // 2) % mentors],
            mentee=applications[mentors + i],
            status=status_of(i),
            criteria=[],
        )
        for i in range(pairs)
    )
    transitions, meetings, charters, planned, helps = [], [], [], [], []
    for i, pair in enumerate(created):
        status = pair.status
        start = 365 if pair.run_id == runs[0].pk else 290
        steps = [(PairStatus.PROPOSED, start + 7)]
        if status == PairStatus.DECLINED:
            steps.append((PairStatus.DECLINED, start))
        else:
            steps.append((PairStatus.ACCEPTED, start))
        if status in (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED):
            steps.append((PairStatus.ACTIVE, start - 5))
            for role in ("mentor", "mentee"):
                charters.append(CharterAcceptance(pair=pair, role=role))
        if status == PairStatus.COMPLETED:
            steps.append((PairStatus.COMPLETED, 10))
        if status == PairStatus.ENDED:
            steps.append((PairStatus.ENDED, 120))
        previous = ""
        for to, days in steps:
            transitions.append(
                PairTransition(
                    pair=pair, from_status=previous, to_status=to, at=now - timedelta(days=days)
                )
            )
            previous = to
        if status in (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED):
            # About one meeting a month; a tenth stopped 11 weeks ago, another tenth 7 weeks ago.
            stopped = {4: 77, 5: 49}.get(i % 10, 0)
            for days in range(start - 10, stopped, -30):
                meetings.append(
                    Meeting(
                        pair=pair,
                        held_on=(now - timedelta(days=days)).date(),
                        duration_minutes=60,
                        mode="video",
                    )
                )
            if i % 7 == 0:
                planned.append(
                    PlannedMeeting(
                        pair=pair, starts_at=now + timedelta(days=(i % 21) - 7), mode="phone"
                    )
                )
            if i % 25 == 0:
                helps.append(
                    HelpRequest(
                        pair=pair, requested_by=pair.mentee.user, role="mentee", channel="phone"
                    )
                )
    PairTransition.objects.bulk_create(transitions, batch_size=2000)
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    CharterAcceptance.objects.bulk_create(charters, batch_size=2000)
    # auto_now_add dated them now: the charters were accepted when the pairs started.
    CharterAcceptance.objects.filter(pair__programme=programme).update(
        accepted_at=now - timedelta(days=360)
    )
    PlannedMeeting.objects.bulk_create(planned)
    HelpRequest.objects.bulk_create(helps)
    print(
        f"built                {pairs} pairs, {len(transitions)} transitions, "
        f"{len(meetings)} meetings, {len(planned)} planned, {len(helps)} help requests"
    )
    return programme


def measure(client: Client, url: str, repeat: int) -> dict:
    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    times.sort()
    return {
        "median": statistics.median(times) * 1000,
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000,
        "queries": queries,
        # The process's own CPU time (SQLite runs in it): what the request costs whatever else
        # the machine is doing; the wall time above grows with the machine's load.
        "cpu": statistics.median(cpu) * 1000,
    }


def main() -> None:
    arguments = sys.argv[1:]
    options = {"--pairs": PAIRS, "--repeat": REPEAT}
    for name in options:
        if name in arguments:
            at = arguments.index(name)
            options[name] = int(arguments[at + 1])
    pairs, repeat = options["--pairs"], options["--repeat"]
    print(f"database             {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average         {load} ({os.cpu_count()} cores)")
    call_command("migrate", verbosity=0)
    programme = build(pairs)
    user, _ = User.objects.get_or_create(email="coordination-bench@banc-suivi.fr")
    Membership.objects.get_or_create(programme=programme, user=user, role=Role.COORDINATOR)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    some_organisation = programme.organisations.order_by("name").first()
    pages = {
        "dashboard": reverse("followup:dashboard", kwargs={"slug": SLUG}),
        "all pairs, page 1": reverse("followup:pairs", kwargs={"slug": SLUG}),
        "all pairs, filtered": reverse("followup:pairs", kwargs={"slug": SLUG})
        + f"?status=active&health=amber&organisation={some_organisation.pk}&sort=-meetings",
        "all pairs, page 10": reverse("followup:pairs", kwargs={"slug": SLUG}) + "?page=10",
        "export CSV": reverse("followup:pairs_export", kwargs={"slug": SLUG, "fmt": "csv"}),
    }
    # No collectstatic here: plain static URLs instead of the production manifest's.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        for label, url in pages.items():
            client.get(url, secure=True)  # warm: templates compiled, caches filled
            f = measure(client, url, repeat)
            print(
                f"{label:<20} median {f['median']:.1f} ms   p95 {f['p95']:.1f} ms   "
                f"cpu median {f['cpu']:.1f} ms   {f['queries']} queries   "
                f"({repeat} requests, target < {TARGET_MS} ms)"
            )


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)
