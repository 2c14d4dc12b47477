"""``manage.py run_matching SLUG [--fairness] [--candidates-csv FILE]``: compute and store a new
proposal (not published), then print its summary; optionally write every allowed pair."""

from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from matching import engine
from matching.explanations import describe_issue
from matching.models import RunStatus
from matching.problem import Built, build_problem
from matching.services import run_execute, run_start
from mentorat.core.signals import personal_data_exported
from mentorat.core.spreadsheets import safe_cell
from programmes.models import Programme

CSV_HEADER = "mentor_email;mentee_email;score\n"
CHUNK = 200_000  # rows formatted at once: bounds the memory of the text being written


class Command(BaseCommand):
    help = (
        "Compute a new matching proposal for a programme (not published) and print its summary. "
        "--candidates-csv also writes every allowed (mentor, mentee) pair with its score."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the programme's short name")
        parser.add_argument(
            "--fairness",
            action="store_true",
            help="maximise the lowest score first, then the total",
        )
        parser.add_argument(
            "--candidates-csv",
            metavar="FILE",
            help="write every allowed pair (mentor_email;mentee_email;score) to FILE",
        )

    def handle(self, *args, slug: str, fairness: bool, candidates_csv: str | None, **options):
        # Messages go to French coordinators, whatever the machine's locale.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(slug, fairness=fairness, candidates_csv=candidates_csv)

    def _handle(self, slug: str, *, fairness: bool, candidates_csv: str | None) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(_("No programme has the short name « %(slug)s ».") % {"slug": slug})
        path = Path(candidates_csv) if candidates_csv else None
        if path is not None and not path.parent.is_dir():
            raise CommandError(
                _("The folder of « %(path)s » does not exist.") % {"path": candidates_csv}
            )
        try:
            run = run_start(programme=programme, by=None, fairness=fairness, enqueue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        built = build_problem(programme, run.parameters)
        run = run_execute(run=run, built=built)

        warnings = [issue for issue in run.issues if not issue["blocking"]]
        if run.status != RunStatus.DONE:
            for issue in run.issues:
                self.stderr.write(describe_issue(issue["code"], issue["params"]))
            raise CommandError(
                _("The matching could not be computed (run %(id)d).") % {"id": run.pk}
            )
        for issue in warnings:
            self.stderr.write(_("Warning: %(issue)s") % {"issue": describe_issue(**_issue(issue))})
        self.stdout.write(summary_text(run.pk, run.summary))
        if path is not None:
            try:
                rows = write_candidates(built, path)
            except OSError as exc:
                raise CommandError(
                    _("Could not write « %(path)s »: %(error)s")
                    % {"path": path, "error": exc.strerror or exc}
                ) from None
            personal_data_exported.send(
                sender=Command, user=None, programme=programme, what="candidates.csv (command)",
                rows=rows,
            )  # fmt: skip
            self.stdout.write(
                _("%(rows)s allowed pairs written to %(path)s.")
                % {"rows": number_format(rows, force_grouping=True), "path": path}
            )


def _issue(issue: dict) -> dict:
    return {"code": issue["code"], "params": issue["params"]}


def summary_text(run_id: int, summary: dict) -> str:
    def score(value) -> str:
        return "–" if value is None else number_format(value, 1)

    return "\n".join(
        [
            _("Proposal computed (run %(id)d), not published.") % {"id": run_id},
            _("Mentees matched: %(matched)d out of %(mentees)d; unmatched: %(unmatched)d.")
            % summary,
            _("Mentors: %(mentors)d, places: %(slots)d.") % summary,
            _("Score: mean %(mean)s, lowest %(lowest)s, total %(total)s (out of 100 per pair).")
            % {
                "mean": score(summary.get("mean_score")),
                "lowest": score(summary.get("lowest_score")),
                "total": score(summary.get("total_score")),
            },
        ]
    )


def write_candidates(built: Built, path: Path) -> int:
    """Every pair no hard constraint forbids, capacity ignored, `;`-separated. Returns the
    number of rows.

    Two million rows: no Python loop over rows. Each e-mail is formatted once (with its
    separator), each distinct score once (as hundredths), and rows are gathered by numpy
    indexing, then written a chunk at a time.
    """
    found = engine.candidates(built.problem)
    mentor_cells = _cells(built.mentors, found.mentor_ids)
    mentee_cells = _cells(built.mentees, found.mentee_ids)
    hundredths = np.rint(found.scores * 100).astype(np.int64)
    lowest = int(hundredths.min()) if len(hundredths) else 0
    highest = int(hundredths.max()) if len(hundredths) else 0
    score_cells = np.array(
        [f"{h // 100}.{h % 100:02d}\n" for h in range(lowest, highest + 1)], dtype=object
    )
    total = len(hundredths)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(CSV_HEADER)
        for start in range(0, total, CHUNK):
            rows = slice(start, min(start + CHUNK, total))
            cells = np.stack(
                [mentor_cells[rows], mentee_cells[rows], score_cells[hundredths[rows] - lowest]],
                axis=1,
            )
            out.write("".join(cells.ravel().tolist()))
    return total


def _cells(applications: dict, ids: np.ndarray) -> np.ndarray:
    """The e-mail of each id followed by the separator, looked up in bulk (sorted ids and a
    binary search)."""
    keys = np.array(sorted(applications), dtype=np.int64)
    cells = np.array([safe_cell(applications[int(k)].user.email) + ";" for k in keys], dtype=object)
    return cells[np.searchsorted(keys, ids)]
