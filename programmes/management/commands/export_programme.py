"""manage.py export_programme SLUG FILE.json — a programme's configuration as a template."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from programmes.models import Programme
from programmes.programme_file import template_dumps, template_of_programme


class Command(BaseCommand):
    help = (
        "Write a programme's configuration (no personal data) to a JSON file that "
        "import_programme reads. FILE '-' writes to the standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the programme's short name, e.g. mentorat-bfc-2027")
        parser.add_argument("file", help="the JSON file to write, or - for the standard output")

    def handle(self, *args, slug: str, file: str, **options):
        try:
            programme = Programme.objects.get(slug=slug)
        except Programme.DoesNotExist:
            raise CommandError(
                _("No programme has the short name “%(slug)s”.") % {"slug": slug}
            ) from None
        content = template_dumps(template_of_programme(programme))
        if file == "-":
            self.stdout.write(content, ending="")
            return
        try:
            Path(file).write_text(content, encoding="utf-8")
        except OSError as e:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": file, "error": e.strerror}
            ) from e
        self.stdout.write(
            _("Programme “%(name)s” written to %(file)s.") % {"name": programme.name, "file": file}
        )
