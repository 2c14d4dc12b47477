"""``manage.py purge_personal_data [--date YYYY-MM-DD] [--dry-run]``: the daily beat's purge
(``rights.services.retention``) by hand."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from rights.services.retention import personal_data_purge


class Command(BaseCommand):
    help = "Erase the personal data past its retention period (closed programmes, inactive people)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="the day to purge for (YYYY-MM-DD), today by default")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be purged, change nothing"
        )

    def handle(self, *args, date: str | None, dry_run: bool, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            day = self._day(date)
            report = personal_data_purge(today=day, dry_run=dry_run)
            for name in report.programmes:
                self.stdout.write(_("Programme purged: %(name)s") % {"name": name})
            self.stdout.write(
                _(
                    "People erased: %(erased)s; people who keep their account (another "
                    "programme): %(kept)s; imported accounts never activated, erased: "
                    "%(inactive)s."
                )
                % {
                    "erased": report.people_erased,
                    "kept": report.people_kept,
                    "inactive": report.inactive_erased,
                }
            )
            if dry_run:
                self.stdout.write(_("Dry run: nothing was erased."))

    def _day(self, value: str | None):
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(
                _("The date %(value)s is not a date of the form YYYY-MM-DD.") % {"value": value}
            ) from error
