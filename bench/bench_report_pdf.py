"""Benchmark of the steering committee's PDF for a programme of 2,000 participants and 6,000
anonymous responses.

    .venv/bin/python bench/bench_report_pdf.py [--participants N] [--responses N] [--keep FILE]

On a throwaway SQLite file (or DATABASE_URL's database, where its programme "bench-rapport" is
rebuilt): 2,000 people invited to a baseline, a mid-term and a final questionnaire and to pulse
check-ins, 6,000 responses spread over them with their coarse attributes (four sector groups,
six départements, four size bands, some "autre"), every wave closed and frozen as at closing
(not timed). Then, timed, what a worker does: ``report_data`` (the figures, charts and tables)
and ``evaluation.pdf.render`` (WeasyPrint). Prints the time of each (wall clock, and the
process's CPU time, which does not depend on the machine's load), the PDF's size and its page
count. Targets: the PDF under 20 s and under 5 MB.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-rapport"
TARGET_SECONDS = 20
TARGET_BYTES = 5 * 1024 * 1024

WORKDIR = Path(tempfile.mkdtemp(prefix="mentorat-bench-"))
os.environ.setdefault("MENTORAT_VAR_DIR", str(WORKDIR))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorat.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from evaluation.models import (  # noqa: E402
    QuestionKind,
    Response,
    SurveyInvitation,
    Wave,
    WaveStatus,
)
from evaluation.services.questionnaires import questionnaires_ensure  # noqa: E402
from evaluation.services.results import wave_results_freeze  # noqa: E402
from programmes.models import Membership, Programme, Role  # noqa: E402

User = get_user_model()

SECTORS = ["industrie", "services", "commerce-transport", "sante-social", "autre"]
DEPARTEMENTS = ["21", "25", "39", "58", "70", "89", "autre"]
SIZES = ["1-9", "10-49", "50-249", "250+", "autre"]
# (kind, wave number, share of the responses)
WAVES = [("baseline", 1, 0.30), ("midterm", 1, 0.20), ("final", 1, 0.25), ("pulse", 1, 0.12),
         ("pulse", 2, 0.13)]  # fmt: skip


def _answer(question, rng: random.Random) -> int:
    if question.kind == QuestionKind.AGREEMENT:
        return rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 5, 4])[0]
    if question.kind == QuestionKind.SCALE4:
        return rng.choices([1, 2, 3, 4], weights=[1, 2, 5, 4])[0]
    if question.kind == QuestionKind.CHOICE:
        return rng.randint(1, max(len(question.options), 1))
    low, high = question.min_value or 0, question.max_value or 60
    return rng.randint(low, min(high, low + 60))


def _pick(rng: random.Random, values: list[str]) -> str:
    # Most people in the big groups, a few in the last ones ("autre" included).
    return rng.choices(values, weights=[8, 6, 4, 2, 1, 1, 1][: len(values)])[0]


@transaction.atomic
def build(participants: int, responses: int) -> Programme:
    Response.objects.filter(wave__questionnaire__programme__slug=SLUG).delete()
    Programme.objects.filter(slug=SLUG).delete()
    User.objects.filter(email__endswith="@banc-rapport.fr").delete()
    programme = Programme.objects.create(
        name="Mentorat des managers de PME — banc d’essai", slug=SLUG, current_phase="evaluation"
    )
    coordinator = User.objects.create(email="pilote@banc-rapport.fr", first_name="Pilote")
    Membership.objects.create(programme=programme, user=coordinator, role=Role.COORDINATOR)
    users = User.objects.bulk_create(
        User(email=f"personne{i}@banc-rapport.fr", password="!") for i in range(participants)
    )
    rng = random.Random(2026)
    people = [
        {
            "user": user,
            "role": Role.MENTOR if i % 2 else Role.MENTEE,
            "sector": _pick(rng, SECTORS),
            "departement": _pick(rng, DEPARTEMENTS),
            "size": _pick(rng, SIZES),
        }
        for i, user in enumerate(users)
    ]
    questionnaires = questionnaires_ensure(programme=programme)
    today = timezone.localdate()
    for kind, number, share in WAVES:
        questionnaire = questionnaires[kind]
        questionnaire.enabled = True
        questionnaire.save(update_fields=["enabled"])
        wave = Wave.objects.create(
            questionnaire=questionnaire,
            number=number,
            opens_on=today - timedelta(days=60 - 10 * number),
            closes_on=today - timedelta(days=40 - 10 * number),
            status=WaveStatus.CLOSED,
            closed_on=today - timedelta(days=40 - 10 * number),
        )
        questions = list(questionnaire.questions.all())
        count = round(responses * share)
        answering = rng.sample(people, min(count, len(people)))
        answered = {id(person) for person in answering}
        SurveyInvitation.objects.bulk_create(
            SurveyInvitation(
                wave=wave,
                user=person["user"],
                role=person["role"],
                sector_group=person["sector"],
                departement=person["departement"],
                size_band=person["size"],
                answered=id(person) in answered,
                invited_on=wave.opens_on,
            )
            for person in people
        )
        Response.objects.bulk_create(
            Response(
                wave=wave,
                role=person["role"],
                sector_group=person["sector"],
                departement=person["departement"],
                size_band=person["size"],
                answers={
                    str(q.pk): _answer(q, rng)
                    for q in questions
                    if q.audience in ("both", person["role"])
                },
            )
            for person in answering
        )
        wave_results_freeze(wave=wave)
    return programme


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--responses", type=int, default=6000)
    parser.add_argument("--keep", metavar="FILE", help="write the PDF there")
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        started = time.monotonic()
        programme = build(args.participants, args.responses)
        print(
            f"Programme built (not timed): {args.participants} participants, "
            f"{Response.objects.filter(wave__questionnaire__programme=programme).count()} "
            f"responses, {Wave.objects.filter(questionnaire__programme=programme).count()} "
            f"closed waves, in {time.monotonic() - started:.1f} s."
        )
        from evaluation.pdf import render
        from evaluation.selectors.reports import report_data
        from evaluation.services.reports import report_viewer

        viewer = report_viewer(programme)
        with translation.override("fr"):
            wall, cpu = time.monotonic(), time.process_time()
            data = report_data(programme, viewer=viewer)
            data_wall, data_cpu = time.monotonic() - wall, time.process_time() - cpu
            wall, cpu = time.monotonic(), time.process_time()
            rendered = render(data)
            pdf_wall, pdf_cpu = time.monotonic() - wall, time.process_time() - cpu
        size = len(rendered.content)
        charts = sum(len(section.charts) for section in data.sections)
        tables = sum(len(section.tables) for section in data.sections)
        print(f"report_data: {data_wall:.2f} s (CPU {data_cpu:.2f} s): "
              f"{len(data.sections)} sections, {charts} charts, {tables} tables, "
              f"{len(data.figures)} figures")  # fmt: skip
        print(f"PDF: {pdf_wall:.2f} s (CPU {pdf_cpu:.2f} s), {size / 1024 / 1024:.2f} MB "
              f"({size} bytes), {rendered.pages} pages")  # fmt: skip
        total = data_wall + pdf_wall
        print(
            f"Targets: under {TARGET_SECONDS} s: {'yes' if total < TARGET_SECONDS else 'NO'} "
            f"({total:.1f} s); under 5 MB: {'yes' if size < TARGET_BYTES else 'NO'}"
        )
        if args.keep:
            Path(args.keep).write_bytes(rendered.content)
            print(f"PDF written to {args.keep}")
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
