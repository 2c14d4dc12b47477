"""manage.py import_programme FILE.json — create or update a programme from a template."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from programmes.programme_file import MAX_FILE_BYTES, TemplateError, template_parse
from programmes.services import programme_file_import


class Command(BaseCommand):
    help = (
        "Create a programme from a JSON template (see docs/programme-format.md), or update the "
        "programme with the file's slug if it exists. A file with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the programme template (.json)")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            # Read one byte more than allowed, so that a huge file is refused without loading it.
            with path.open("rb") as f:
                raw = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": e.strerror}
            ) from e
        try:
            template = template_parse(raw)
            programme, created = programme_file_import(template=template, by=None)
        except TemplateError as e:
            raise CommandError(
                _("%(file)s was not imported, nothing was changed:") % {"file": file}
                + "\n"
                + "\n".join(f"  - {error}" for error in e.errors)
            ) from e
        message = (
            _("Programme “%(name)s” (%(slug)s) created.")
            if created
            else _("Programme “%(name)s” (%(slug)s) updated.")
        )
        self.stdout.write(
            self.style.SUCCESS(message % {"name": programme.name, "slug": programme.slug})
        )
