"""Benchmark of recruitment: importing 3,000 participants, then the coordinators' review list.

    .venv/bin/python bench/bench_recruitment.py [CSV]

Runs on a throwaway SQLite file, or, when DATABASE_URL is set, on a throwaway test database of
that server (``test_<name>``, dropped at the end). Default CSV:
tests/data/participants-2000x1000.csv (a copy of ../shared/data).

Targets on a 2-core machine: the import under 5 s; the review list under 200 ms at any page,
with a number of queries that does not grow with the number of applications.
"""

import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CSV = ROOT / "tests" / "data" / "participants-2000x1000.csv"  # copy of ../shared/data
IMPORT_TARGET_S = 5.0
PAGE_TARGET_MS = 200.0
REPEAT = 5


def setup_django(workdir: Path) -> bool:
    """Configure Django; True when a test database must be created on DATABASE_URL's server."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorat.settings")
    os.environ["MENTORAT_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_DEBUG", "1")
    on_server = bool(os.getenv("DATABASE_URL"))
    if not on_server:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    return on_server


def file_topics(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        first = file.readline()
        file.seek(0)
        rows = csv.DictReader(file, delimiter=";" if first.count(";") >= first.count(",") else ",")
        return sorted({name for row in rows for name in row["thematiques"].split("|") if name})


def main(path: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="mentorat-bench-") as workdir:
        on_server = setup_django(Path(workdir))
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host, e-mails kept in memory
        if on_server:
            test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
            where = f"PostgreSQL test database {test_name}"
        else:
            call_command("migrate", verbosity=0)
            where = "SQLite file in a temporary folder"
        try:
            return run(path, where)
        finally:
            if on_server:
                connection.creation.destroy_test_db(test_name, verbosity=0)


def run(path: Path, where: str) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from programmes.imports import participants_import
    from programmes.models import Membership, Phase, Role, Topic
    from programmes.services import programme_create

    User = get_user_model()
    staff = User.objects.create_user("bench-staff@exemple.fr", "x", is_staff=True)
    coordinator = User.objects.create_user("bench-coordination@exemple.fr", "x")
    programme = programme_create(by=staff, name="Banc d'essai", slug="banc-essai")
    programme.current_phase = Phase.RECRUITMENT
    programme.save(update_fields=["current_phase"])
    Membership.objects.create(programme=programme, user=coordinator, role=Role.COORDINATOR)
    known = set(programme.topics.values_list("name", flat=True))
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=100 + i)
        for i, name in enumerate(n for n in file_topics(path) if n not in known)
    )

    data = path.read_bytes()
    print(f"Recruitment benchmark on {where}; file {path.name} ({len(data) / 1024:.0f} KiB)")
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        report = participants_import(programme=programme, data=data, filename=path.name)
    import_s = time.perf_counter() - start
    if report.refused:
        print("The file was refused:", *report.errors[:10], sep="\n  ")
        return 1
    print(
        f"import: {import_s:.2f} s, {len(captured)} queries "
        f"({report.created} created, {report.updated} updated, {report.unchanged} unchanged)"
        f" — target < {IMPORT_TARGET_S:.0f} s"
    )
    start = time.perf_counter()
    again = participants_import(programme=programme, data=data, filename=path.name)
    print(
        f"same file again: {time.perf_counter() - start:.2f} s "
        f"({again.created} created, {again.unchanged} unchanged)"
    )

    client = Client()
    client.force_login(coordinator)
    base = reverse("programmes:applications", kwargs={"slug": programme.slug})
    count = programme.applications.count()
    last = (count + 49) // 50
    pages = {
        "page 1": f"{base}",
        f"page {last // 2}": f"{base}?page={last // 2}",
        f"page {last} (last)": f"{base}?page={last}",
        "filtered (mentees, accepted, page 2)": f"{base}?role=mentee&status=accepted&page=2",
    }
    print(f"review list over {count} applications (median of {REPEAT}, test client):")
    worst_ms, query_counts = 0.0, set()
    client.get(base)  # warm the caches of templates and translations
    for label, url in pages.items():
        timings = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        median = statistics.median(timings)
        worst_ms = max(worst_ms, median)
        query_counts.add(len(captured))
        print(f"  {label:<40} {median:6.1f} ms  {len(captured):2d} queries")

    ok = import_s < IMPORT_TARGET_S and worst_ms < PAGE_TARGET_MS and len(query_counts) == 1
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV))
