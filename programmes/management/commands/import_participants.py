"""``manage.py import_participants SLUG FILE [--json] [--dry-run]``: the import page's twin."""

import json
from pathlib import Path
from typing import NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from programmes.imports import ImportReport, Problem, participants_import
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Import mentors and mentees into a programme from a CSV or .xlsx file (format: "
        "shared/data/README.md). A file with any invalid row is refused whole."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the programme's short name")
        parser.add_argument("file", help="a .csv (; or ,) or .xlsx file")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the report as one JSON object on the last line",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, slug: str, file: str, json: bool, dry_run: bool, **options) -> None:
        # Messages go to French coordinators, whatever the machine's locale.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(slug, Path(file), as_json=json, dry_run=dry_run)

    def _handle(self, slug: str, path: Path, *, as_json: bool, dry_run: bool) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            self._refuse(_("No programme has the short name “%(slug)s”.") % {"slug": slug}, as_json)
        if not path.is_file():
            self._refuse(_("There is no file at %(path)s.") % {"path": path}, as_json)
        size = path.stat().st_size
        with path.open("rb") as file:
            # One byte more than the limit is enough for the file to be refused as too large;
            # the message gives the real size.
            data = file.read(settings.MAX_UPLOAD_SIZE + 1)
        report = participants_import(
            programme=programme, data=data, filename=path.name, dry_run=dry_run, size=size
        )
        if as_json:
            self.stdout.write(_json_line(report.as_dict()))
        else:
            for problem in report.warnings:
                self.stdout.write(
                    self.style.WARNING(_("Warning: %(problem)s") % {"problem": problem})
                )
            for problem in report.errors:
                self.stdout.write(self.style.ERROR(str(problem)))
            counts = {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
            if report.refused:
                self.stdout.write(self.style.ERROR(_("File refused: nothing was imported.")))
            elif dry_run:
                self.stdout.write(
                    _(
                        "Check only, nothing written: %(created)s to create, %(updated)s to "
                        "update, %(unchanged)s unchanged."
                    )
                    % counts
                )
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        _(
                            "Import done: %(created)s created, %(updated)s updated, "
                            "%(unchanged)s unchanged."
                        )
                        % counts
                    )
                )
        if report.refused:
            raise SystemExit(1)

    def _refuse(self, message: str, as_json: bool) -> NoReturn:
        """Stop before reading the file: with ``--json`` the report is still the last line, its
        error about the whole command (line and column null, as for a whole file)."""
        if not as_json:
            raise CommandError(message)
        report = ImportReport(errors=[Problem(None, None, message)])
        self.stdout.write(_json_line(report.as_dict()))
        raise SystemExit(1)


def _json_line(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False)
