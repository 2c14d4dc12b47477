"""Benchmark of the coordinator's mentee page (the mentee, their proposed mentor and the best
other mentors for them) at 2,000 mentees × 1,000 mentors.

    .venv/bin/python bench/bench_mentee_page.py [CSV] [--repeat N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorat_menteebench \
        .venv/bin/python bench/bench_mentee_page.py

Without DATABASE_URL it works on a throwaway SQLite file. The CSV (default:
tests/data/participants-2000x1000.csv) is imported through the import service and one proposal
computed (neither timed). Then the page of a matched mentee and of an unmatched one are opened
N times each as the coordinator, through the test client: median and 95th percentile time,
number of queries and of model objects built per request. Target: median under 50 ms.
"""

import csv
import os
import shutil
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT / "tests" / "data" / "participants-2000x1000.csv"
SLUG = "bench-page-filleul"
REPEAT = 30
TARGET_MS = 50

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
from django.db import connection  # noqa: E402
from django.db.models.signals import post_init  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from matching.models import MatchingRun, ProposedPair, UnmatchedMentee  # noqa: E402
from programmes.imports import participants_import  # noqa: E402
from programmes.models import Membership, Programme, Role, Topic  # noqa: E402


def load(path: Path) -> Programme:
    """A fresh programme holding the file's participants (accepted, as imports are)."""
    programme = Programme.objects.create(name="Banc d'essai de la page filleul", slug=SLUG)
    names = set()
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            names.update(t for t in row["thematiques"].split("|") if t)
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=i) for i, name in enumerate(sorted(names))
    )
    report = participants_import(programme=programme, data=path.read_bytes(), filename=path.name)
    if not report.written:
        sys.exit(f"import refused: {report.as_dict()['errors'][:3]}")
    return programme


class Instances:
    """Counts the model objects Django builds (every model's post_init)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, sender, **kwargs) -> None:
        self.count += 1


def measure(client: Client, url: str, repeat: int) -> dict:
    counter = Instances()
    post_init.connect(counter, weak=False)
    times, queries, objects = [], 0, 0
    try:
        for _ in range(repeat):
            counter.count = 0
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, secure=True)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            queries, objects = len(captured), counter.count
    finally:
        post_init.disconnect(counter)
    times.sort()
    return {
        "median": statistics.median(times) * 1000,
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000,
        "queries": queries,
        "objects": objects,
    }


def main() -> None:
    arguments = sys.argv[1:]
    repeat = REPEAT
    if "--repeat" in arguments:
        at = arguments.index("--repeat")
        repeat = int(arguments[at + 1])
        del arguments[at : at + 2]
    path = Path(arguments[0]) if arguments else DEFAULT_CSV
    print(f"database             {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    call_command("migrate", verbosity=0)
    programme = load(path)
    call_command("run_matching", SLUG, stdout=StringIO(), stderr=StringIO())
    run = MatchingRun.objects.filter(programme=programme).latest()
    print(f"mentors / mentees    {run.summary['mentors']} / {run.summary['mentees']}")

    user, _ = get_user_model().objects.get_or_create(email="coordination-bench@exemple.fr")
    Membership.objects.get_or_create(programme=programme, user=user, role=Role.COORDINATOR)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    pages = {
        "matched mentee": ProposedPair.objects.filter(run=run).values_list("mentee_id", flat=True),
        "unmatched mentee": UnmatchedMentee.objects.filter(run=run).values_list(
            "mentee_id", flat=True
        ),
    }
    # No collectstatic here: plain static URLs instead of the production manifest's.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        for label, ids in pages.items():
            mentee_id = ids.order_by("mentee_id").first()
            if mentee_id is None:
                print(f"{label:<20} none in this proposal")
                continue
            url = reverse("matching:mentee", kwargs={"slug": SLUG, "application_id": mentee_id})
            client.get(url, secure=True)  # warm: templates compiled, caches filled
            f = measure(client, url, repeat)
            print(
                f"{label:<20} median {f['median']:.1f} ms   p95 {f['p95']:.1f} ms   "
                f"{f['queries']} queries   {f['objects']} model objects   "
                f"({repeat} requests, target median < {TARGET_MS} ms)"
            )


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)
