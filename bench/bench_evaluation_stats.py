"""Benchmark of the evaluation's statistics: the figures of a programme's waves, masked, and the
audit that proves the masking safe.

    .venv/bin/python bench/bench_evaluation_stats.py [--k 5] [--seed 1]

A programme of 2,000 participants (1,200 mentees, 800 mentors) and 6,000 anonymous responses:
the baseline, a pulse check-in and the final questionnaire, about 2,000 each, with realistic
coarse attributes (4 sector groups and "autre", 8 départements of Bourgogne-Franche-Comté and
"autre", 4 size bands, 2 roles) and the default bank's items (agreement 1-5, choices with 3 or 4
options, a whole number). Target: compute_wave and audit under 1 s for the lot. Sets up no
Django.
"""

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.stats import Item, Option, Record, audit, compute_wave  # noqa: E402

AGREEMENT = tuple(
    Option(v, label)
    for v, label in enumerate(
        (
            "Pas du tout d'accord",
            "Plutôt pas d'accord",
            "Ni d'accord ni pas d'accord",
            "Plutôt d'accord",
            "Tout à fait d'accord",
        ),
        start=1,
    )
)
SCALE4 = tuple(
    Option(v, label)
    for v, label in enumerate(("Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"), start=1)
)
PRACTICE = (Option(1, "Oui"), Option(2, "Pas encore, mais j'en ai l'intention"), Option(3, "Non"))
RECOMMEND = (
    Option(1, "Oui, certainement"),
    Option(2, "Oui, probablement"),
    Option(3, "Probablement pas"),
    Option(4, "Certainement pas"),
)
YES_NO = (Option(1, "Oui"), Option(2, "Non"))


def agreement(key: str, audience: str = "both") -> tuple[Item, str]:
    return Item(key, key, "agreement", AGREEMENT, agree_from=4), audience


def scale4(key: str) -> tuple[Item, str]:
    return Item(key, key, "scale4", SCALE4, agree_from=3), "both"


MENTEE = [
    agreement("mentee-change", "mentee"),
    agreement("mentee-psychosocial-risks", "mentee"),
    agreement("mentee-isolation", "mentee"),
    (Item("mentee-new-practice", "", "choice", PRACTICE), "mentee"),
    agreement("mentee-balance", "mentee"),
    (Item("mentee-hours", "", "number"), "mentee"),
]
QUESTIONNAIRES = {
    "baseline": MENTEE
    + [
        agreement("mentor-expects-to-learn", "mentor"),
        agreement("expectations-clear"),
        agreement("time-available"),
        (Item("heard-of", "", "choice", RECOMMEND), "both"),
    ],
    "pulse": [scale4("pulse-useful"), scale4("pulse-rhythm")]
    + [agreement(f"pulse-{n}") for n in ("climate", "workload", "support")]
    + [(Item("pulse-meetings", "", "number"), "both")]
    + [agreement(f"pulse-{n}") for n in ("trust", "progress", "listening", "goals")],
    "final": MENTEE
    + [
        agreement("mentor-learned", "mentor"),
        (Item("mentor-took-back", "", "choice", YES_NO), "mentor"),
        agreement("satisfaction"),
        (Item("recommend", "", "choice", RECOMMEND), "both"),
    ],
}
SECTORS = (
    ("industrie", 30),
    ("commerce-transport", 25),
    ("services", 25),
    ("sante-social", 15),
    ("autre", 5),
)
DEPARTEMENTS = (
    ("21", 22),
    ("25", 20),
    ("39", 9),
    ("58", 7),
    ("70", 8),
    ("71", 17),
    ("89", 10),
    ("90", 5),
    ("autre", 2),
)
SIZES = (("1-9", 25), ("10-49", 35), ("50-249", 25), ("250+", 15))


def pick(rng: random.Random, weighted) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def people(rng: random.Random, count: int = 2000) -> list[tuple[str, str, str, str]]:
    return [
        (
            "mentee" if i < count * 3 // 5 else "mentor",
            pick(rng, SECTORS),
            pick(rng, DEPARTEMENTS),
            pick(rng, SIZES),
        )
        for i in range(count)
    ]


def answer(rng: random.Random, item: Item, lean: float) -> int:
    if not item.options:
        return rng.randint(30, 55)
    values = [o.value for o in item.options]
    if item.kind == "choice":
        return rng.choices(values, [len(values) - i for i in range(len(values))])[0]
    # agreement leaning to the top, a few at the bottom
    weights = [max(0.2, 1 + lean * (v - 1) ** 1.5) for v in values]
    return rng.choices(values, weights)[0]


def responses(rng: random.Random, cohort, name: str, rate: float = 1.0) -> list[Record]:
    records = []
    for role, sector, departement, size in cohort:
        if rng.random() > rate:
            continue
        answers = {}
        for item, audience in QUESTIONNAIRES[name]:
            if audience not in ("both", role) or rng.random() < 0.03:  # a few skip a question
                continue
            answers[item.key] = answer(rng, item, 1.2 if name == "final" else 0.8)
        records.append(Record(role, sector, departement, size, answers))
    return records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cohort = people(rng)
    waves = {name: responses(rng, cohort, name) for name in QUESTIONNAIRES}
    items = {name: [item for item, _a in QUESTIONNAIRES[name]] for name in QUESTIONNAIRES}
    started, cpu_started = time.perf_counter(), time.process_time()
    figures = {name: compute_wave(name, items[name], waves[name], k=args.k) for name in waves}
    computed, cpu_computed = time.perf_counter(), time.process_time()
    reports = {name: audit(figures[name], items[name], k=args.k) for name in waves}
    done, cpu_done = time.perf_counter(), time.process_time()
    # Memory in a second run: tracemalloc slows everything down several times.
    tracemalloc.start()
    for name in waves:
        audit(compute_wave(name, items[name], waves[name], k=args.k), items[name], k=args.k)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"responses            {sum(len(r) for r in waves.values())} "
        f"({', '.join(f'{n} {len(r)}' for n, r in waves.items())}), k = {args.k}"
    )
    print(f"items                {', '.join(f'{n} {len(i)}' for n, i in items.items())}")
    everything = [f for fs in figures.values() for f in fs]
    print(f"figures              {len(everything)}, masked {sum(f.masked for f in everything)}")
    print(
        f"compute_wave         {computed - started:.3f} s (CPU {cpu_computed - cpu_started:.3f} s)"
    )
    print(f"audit                {done - computed:.3f} s (CPU {cpu_done - cpu_computed:.3f} s)")
    print(
        f"compute_wave + audit {done - started:.3f} s (CPU {cpu_done - cpu_started:.3f} s)"
        "   (target < 1 s)"
    )
    tables = sum(r.tables_audited for r in reports.values())
    counts = sum(r.suppressed_counts for r in reports.values())
    widths = [r.smallest_width for r in reports.values() if r.smallest_width is not None]
    failures = sum(len(r.failures) for r in reports.values())
    print(f"tables audited       {tables}")
    print(f"suppressed counts    {counts}")
    print(f"smallest width       {min(widths) if widths else '-'}   (k = {args.k})")
    print(f"audit failures       {failures}")
    print(f"peak memory          {peak / 2**20:.1f} MiB (tracemalloc)")


if __name__ == "__main__":
    main()
