"""``manage.py build_report SLUG [--pdf FILE] [--csv FILE]``: the steering committee's report of a
programme from the command line, by the same code as the workers (``report_data``, then
``evaluation.pdf`` and the CSV of the aggregates). Without ``--pdf`` nor ``--csv``, both are
written in the current folder under their usual names. The report is not kept on the platform:
the "Reports" page keeps those it builds."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Build a programme's report for the steering committee (PDF) and the CSV of its "
        "aggregates, as the workers do."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the programme's short name, as in its address")
        parser.add_argument("--pdf", metavar="FILE", help="where to write the PDF")
        parser.add_argument("--csv", metavar="FILE", help="where to write the CSV")

    def handle(self, *args, slug: str, pdf: str | None, csv: str | None, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(slug, pdf, csv)

    def _handle(self, slug: str, pdf: str | None, csv: str | None) -> None:
        from evaluation.csv_export import csv_content
        from evaluation.pdf import render
        from evaluation.selectors.reports import report_data
        from evaluation.services.reports import report_viewer

        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(_("No programme has the short name “%(slug)s”.") % {"slug": slug})
        if pdf is None and csv is None:
            day = f"{timezone.localdate():%Y-%m-%d}"
            pdf = f"rapport-{programme.slug}-{day}.pdf"
            csv = f"agregats-{programme.slug}-{day}.csv"
        viewer = report_viewer(programme)
        if viewer is None:
            raise CommandError(
                _(
                    "The programme has no coordinator and the platform no staff: nobody may read "
                    "its report."
                )  # fmt: skip
            )
        started = time.monotonic()
        data = report_data(programme, viewer=viewer)
        if pdf:
            rendered = render(data)
            _write(Path(pdf), rendered.content)
            self.stdout.write(
                _("PDF written to %(file)s: %(pages)s pages, %(size)s bytes.")
                % {"file": pdf, "pages": rendered.pages, "size": len(rendered.content)}
            )
        if csv:
            content = csv_content(data.figures).encode("utf-8")
            _write(Path(csv), content)
            self.stdout.write(
                _("CSV written to %(file)s: %(rows)s figures.")
                % {"file": csv, "rows": len(data.figures)}
            )
        self.stdout.write(
            _("Report of %(name)s built in %(seconds).1f s.")
            % {"name": programme.name, "seconds": time.monotonic() - started}
        )


def _write(path: Path, content: bytes) -> None:
    """Written whole or not at all: into a neighbour file first, renamed once complete."""
    try:
        partial = path.with_name(path.name + ".partiel")
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as error:
        raise CommandError(
            _("Could not write %(file)s: %(error)s") % {"file": path, "error": error.strerror}
        ) from error
