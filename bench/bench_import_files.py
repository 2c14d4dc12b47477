"""Benchmark of reading participants files: the largest file accepted and each hostile file.

    .venv/bin/python bench/bench_import_files.py

Each file is read in its own Python process, so that its peak memory (the process's maximum
resident size, less what Django and openpyxl take before reading) is its own; "process" is
the whole process's peak, Django included.
Targets: each hostile file refused in under 2 s and under 200 MB.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TIME_TARGET_S = 2.0
MEMORY_TARGET_MB = 200

CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorat.settings")
import django
django.setup()
import openpyxl  # noqa: F401 — loaded before the baseline, as in a running web process
from django.utils import translation
from programmes.imports.parsing import UnreadableFile, read_table
translation.activate("fr")
data = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    table = read_table(data, {name!r}, max_size=len(data))
    outcome = f"accepted, {{len(table.rows)}} rows"
except UnreadableFile as refused:
    outcome = "refused: " + str(refused.problem)[:70]
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{{elapsed:.3f}}\\t{{(peak - before) / 1024:.1f}}\\t{{peak / 1024:.0f}}\\t{{outcome}}")
"""


def measure(name: str, data: bytes, workdir: Path) -> tuple[float, float, float, str]:
    filename = "participants.xlsx" if data[:2] == b"PK" else "participants.csv"
    path = workdir / filename
    path.write_bytes(data)
    code = CHILD.format(root=str(ROOT), path=str(path), name=filename)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    elapsed, memory, total, outcome = result.stdout.strip().splitlines()[-1].split("\t")
    return float(elapsed), float(memory), float(total), outcome


def main() -> int:
    from tests.programmes import hostile_files

    failures = 0
    with tempfile.TemporaryDirectory() as workdir:
        os.environ["MENTORAT_VAR_DIR"] = workdir
        files = {"largest accepted (20,000 rows, .xlsx)": hostile_files.largest_accepted}
        files.update(hostile_files.HOSTILE)
        print(f"{'file':42} {'size':>9} {'time':>8} {'memory':>9} {'process':>8}  outcome")
        for name, make in files.items():
            data = make()
            elapsed, memory, total, outcome = measure(name, data, Path(workdir))
            hostile = name in hostile_files.HOSTILE
            slow = hostile and (elapsed > TIME_TARGET_S or memory > MEMORY_TARGET_MB)
            failures += slow
            print(
                f"{name:42} {len(data) / 1024:>7.0f} K {elapsed:>7.2f}s {memory:>7.1f} MB "
                f"{total:>5.0f} MB  "
                f"{outcome}{'  << over target' if slow else ''}"
            )
    print(f"targets for hostile files: < {TIME_TARGET_S} s and < {MEMORY_TARGET_MB} MB each")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
