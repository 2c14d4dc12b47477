"""Benchmark of the whole `run_matching` command: read the database, score, solve, store.

    .venv/bin/python bench/bench_matching_run.py [CSV]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorat_matchbench \
        .venv/bin/python bench/bench_matching_run.py

Without DATABASE_URL it works on a throwaway SQLite file. The CSV (default:
tests/data/participants-2000x1000.csv, a copy of ../shared/data) is imported into a programme
through the import service (not timed). Targets: the whole command under 5 s, scoring and
solving under 1 s, peak memory under 1 GiB. Also prints the candidates CSV's time and size,
the greedy baseline's time and score gap, and the time and size of the coordinator's pages on
that proposal (GET as a logged-in coordinator; target < 300 ms).

    .venv/bin/python bench/bench_matching_run.py --pages-only [CSV]

times only the pages (one run computed first), without the engine's figures.
"""

import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT / "tests" / "data" / "participants-2000x1000.csv"  # copy of ../shared/data
SLUG = "bench-appariement"
REPEAT = 3

WORKDIR = Path(tempfile.mkdtemp(prefix="mentorat-bench-"))
os.environ.setdefault("MENTORAT_VAR_DIR", str(WORKDIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
# Production-like: no query log kept in memory (DEBUG keeps every query).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorat.settings")
# The pages are read through Django's test client, over HTTPS as in production.
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from matching import engine  # noqa: E402
from matching.management.commands.run_matching import write_candidates  # noqa: E402
from matching.models import MatchingRun  # noqa: E402
from matching.problem import build_problem, parameters_for  # noqa: E402
from matching.services import _store as store  # noqa: E402
from matching.services import run_start  # noqa: E402
from programmes.imports import participants_import  # noqa: E402
from programmes.models import Programme, Topic  # noqa: E402


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def load(path: Path) -> Programme:
    """A fresh programme holding the file's participants (accepted, as imports are)."""
    Programme.objects.filter(slug=SLUG).delete()
    programme = Programme.objects.create(name="Banc d'essai de l'appariement", slug=SLUG)
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


def pages(programme: Programme) -> None:
    """GET the coordinator's pages on the latest proposal, each PAGE_REPEAT times: median time,
    size, and number of queries."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from matching.models import ProposedPair, UnmatchedMentee
    from programmes.models import Membership, Role

    user, _ = get_user_model().objects.get_or_create(email="coordination-bench@exemple.fr")
    Membership.objects.get_or_create(programme=programme, user=user, role=Role.COORDINATOR)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    run = MatchingRun.objects.filter(programme=programme).latest()
    matched = ProposedPair.objects.filter(run=run).values_list("mentee_id", flat=True).first()
    unmatched = UnmatchedMentee.objects.filter(run=run).values_list("mentee_id", flat=True).first()
    proposal = reverse("matching:proposal", kwargs={"slug": SLUG})
    urls = {
        "proposal page": proposal,
        "  last pages": proposal + "?page=40&unmatched_page=6&loads_page=20",
        "  filtered": proposal + "?search=ma&min_score=50&sort=mentee",
    }
    for label, mentee_id in (("mentee page", matched), ("  unmatched mentee", unmatched)):
        if mentee_id:
            urls[label] = reverse(
                "matching:mentee", kwargs={"slug": SLUG, "application_id": mentee_id}
            )
    # No collectstatic here: plain static URLs instead of the production manifest's.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        for label, url in urls.items():
            _time_page(client, label, url)


def _time_page(client, label: str, url: str) -> None:
    from django.test.utils import CaptureQueriesContext

    times, size, queries = [], 0, 0
    for _ in range(PAGE_REPEAT):
        with CaptureQueriesContext(connection) as captured:
            response, seconds = timed(client.get, url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        times.append(seconds)
        size, queries = len(response.content), len(captured)
    print(
        f"{label:<20} {statistics.median(times) * 1000:.0f} ms   {size / 1024:.0f} KiB   "
        f"{queries} queries   (median of {PAGE_REPEAT}, target < 300 ms)"
    )


PAGE_REPEAT = 5


def main() -> None:
    arguments = [a for a in sys.argv[1:] if a != "--pages-only"]
    path = Path(arguments[0]) if arguments else DEFAULT_CSV
    vendor = connection.vendor
    print(f"database             {vendor} ({settings.DATABASES['default']['NAME']})")
    _, seconds = timed(call_command, "migrate", verbosity=0)
    print(f"migrate              {seconds:.1f} s (not timed below)")
    programme, seconds = timed(load, path)
    print(f"import               {seconds:.1f} s (not timed below)")
    if "--pages-only" in sys.argv:
        call_command("run_matching", SLUG, stdout=StringIO(), stderr=StringIO())
        pages(programme)
        return

    # The whole command, as a coordinator runs it (read, score, solve, store), and its parts
    # one by one; each REPEAT times, the median shown (the machine is shared: figures vary).
    figures: dict[str, list[float]] = {}
    for _ in range(REPEAT):
        _, seconds = timed(call_command, "run_matching", SLUG, stdout=StringIO(), stderr=StringIO())
        figures.setdefault("command", []).append(seconds)
        built, seconds = timed(build_problem, programme, parameters_for(programme))
        figures.setdefault("reading", []).append(seconds)
        matrix, seconds = timed(engine.score_matrix, built.problem)
        figures.setdefault("scoring", []).append(seconds)
        result, seconds = timed(engine.solve, built.problem)  # scores again, then solves
        figures.setdefault("scoring + solving", []).append(seconds)
        run = run_start(programme=programme, by=None, enqueue=False)
        issues = engine.validate(built.problem)
        _, seconds = timed(store, run, built, result, issues)
        figures.setdefault("storing", []).append(seconds)
    # As a process of its own: Python, Django, numpy and scipy start too.
    _, process = timed(
        subprocess.run,
        [sys.executable, str(ROOT / "manage.py"), "run_matching", SLUG],
        check=True,
        capture_output=True,
        env=os.environ,
    )
    median = {name: statistics.median(values) for name, values in figures.items()}
    problem = built.problem
    s = MatchingRun.objects.filter(programme=programme).latest().summary
    print(f"file                 {path}")
    print(f"mentors / mentees    {s['mentors']} / {s['mentees']}   slots {s['slots']}")
    print(
        f"settings             proximity required {programme.proximity_required}, "
        f"sector {programme.sector_preference}"
    )
    print(
        f"run_matching         {median['command']:.3f} s   (target < 5 s; "
        f"median of {REPEAT}, min {min(figures['command']):.3f} s)"
    )
    print(f"  as a process       {process:.3f} s (interpreter and Django start included)")
    print(f"  reading the DB     {median['reading']:.3f} s")
    print(f"  scoring            {median['scoring']:.3f} s")
    print(f"  solving            {median['scoring + solving'] - median['scoring']:.3f} s")
    print(f"  scoring + solving  {median['scoring + solving']:.3f} s   (target < 1 s)")
    print(f"  storing            {median['storing']:.3f} s")
    print(f"matched              {s['matched']}   unmatched {s['unmatched']}")
    print(f"mean / lowest score  {s['mean_score']} / {s['lowest_score']}")

    csv_path = WORKDIR / "candidates.csv"
    rows, writing = timed(write_candidates, built, csv_path)
    size = csv_path.stat().st_size / 2**20
    print(f"candidates CSV       {writing:.3f} s for {rows} rows, {size:.0f} MiB")
    assert rows == int(matrix.allowed.sum())

    baseline, greedy_seconds = timed(engine.greedy, problem)
    optimal, greedy_total = result.summary.total_score, baseline.summary.total_score
    gap = 100.0 * (optimal - greedy_total) / optimal
    print(
        f"greedy               {greedy_seconds:.3f} s   matched {baseline.summary.matched}   "
        f"total {greedy_total:.1f} vs {optimal:.1f}: {gap:.2f} % below optimal"
    )
    del matrix, result, baseline, built, problem

    # Memory: what the command allocates at its peak (tracemalloc slows it, hence apart), and
    # the whole process's peak (interpreter, Django, numpy and scipy included).
    tracemalloc.start()
    call_command("run_matching", SLUG, stdout=StringIO(), stderr=StringIO())
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"peak memory, command {traced:.0f} MiB allocated (tracemalloc)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak memory, process {peak:.0f} MiB RSS   (target < 1024 MiB)")
    pages(programme)


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)  # the SQLite file and a 150 MiB CSV
