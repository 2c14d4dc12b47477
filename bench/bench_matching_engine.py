"""Benchmark of the matching engine on a participants CSV (the import format, `;`-separated).

    .venv/bin/python bench/bench_matching_engine.py [CSV]

Default CSV: tests/data/participants-2000x1000.csv (a copy of ../shared/data). Targets: scoring
and solving under 1 s, peak memory under 1 GiB.
"""

import csv
import resource
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

# Run as a plain script from anywhere: make the repository root importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching.engine import (  # noqa: E402
    Mentee,
    Mentor,
    Problem,
    candidates,
    greedy,
    score_matrix,
    solve,
)

DEFAULT_CSV = ROOT / "tests" / "data" / "participants-2000x1000.csv"  # copy of ../shared/data
DEFAULT_CAPACITY = 2  # the format's "empty = programme default"


def load(path: Path) -> Problem:
    organisations: dict[str, int] = {}
    mentors, mentees = [], []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for number, row in enumerate(csv.DictReader(f, delimiter=";"), start=1):
            common = {
                "id": number,
                "organisation_id": organisations.setdefault(
                    row["organisation"], len(organisations)
                ),
                "departement": row["departement"],
                "sector": row["secteur"],
                "experience_years": int(row["anciennete_ans"]) if row["anciennete_ans"] else None,
                "topics": frozenset(t for t in row["thematiques"].split("|") if t),
                "mode": row["modalite"],
            }
            if row["role"] == "mentor":
                capacity = int(row["capacite"]) if row["capacite"] else DEFAULT_CAPACITY
                mentors.append(Mentor(**common, capacity=capacity))
            else:
                mentees.append(Mentee(**common))
    return Problem(mentors=mentors, mentees=mentees)


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def report(label: str, problem: Problem) -> None:
    result, seconds = timed(solve, problem)
    s = result.summary
    print(
        f"{label:<28} {seconds:6.3f} s   matched {s.matched}   total {s.total_score:.1f}   "
        f"mean {s.mean_score:.2f}   min {s.lowest_score:.2f}"
    )


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    problem = load(path)
    slots = sum(m.capacity for m in problem.mentors)

    matrix, scoring = timed(score_matrix, problem)
    result, total = timed(solve, problem)
    pairs, export = timed(candidates, problem)
    baseline, greedy_seconds = timed(greedy, problem)

    s, g = result.summary, baseline.summary
    gap = 100.0 * (s.total_score - g.total_score) / s.total_score
    print(f"file                 {path}")
    print(f"mentors / mentees    {len(problem.mentors)} / {len(problem.mentees)}")
    print(f"slots                {slots}")
    print(f"allowed pairs        {int(matrix.allowed.sum())}")
    print(f"scoring              {scoring:.3f} s")
    print(f"solving              {total - scoring:.3f} s")
    print(f"scoring + solving    {total:.3f} s   (target < 1 s)")
    print(f"candidates()         {export:.3f} s for {len(pairs.scores)} rows")
    print(f"matched              {s.matched}   unmatched {s.unmatched}")
    print(f"total score          {s.total_score:.1f}")
    print(f"mean / min score     {s.mean_score:.2f} / {s.lowest_score:.2f}")
    print(f"greedy               {greedy_seconds:.3f} s   matched {g.matched}")
    print(f"greedy total         {g.total_score:.1f}")
    print(f"greedy gap           {gap:.2f} % below optimal   (min score {g.lowest_score:.2f})")
    reasons: dict[str, int] = {}
    for u in result.unmatched:
        reasons[u.code] = reasons.get(u.code, 0) + 1
    print(f"unmatched reasons    {reasons}")

    print("variants (solve, scoring included):")
    settings = problem.settings
    report("  fairness", replace(problem, settings=replace(settings, fairness=True)))
    report(
        "  proximity required",
        replace(problem, settings=replace(settings, proximity_required=True)),
    )
    report(
        "  sector different",
        replace(problem, settings=replace(settings, sector_preference="different")),
    )

    # What solve() itself allocates at its peak (numpy arrays included; timed runs above are
    # kept free of tracemalloc's overhead).
    tracemalloc.start()
    solve(problem)
    solve_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"peak memory, solve() {solve_peak:.0f} MiB allocated (tracemalloc)")
    # ru_maxrss is in KiB on Linux: the whole process, interpreter, numpy and scipy included.
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory, process {peak_mib:.0f} MiB RSS   (target < 1024 MiB)")


if __name__ == "__main__":
    main()
