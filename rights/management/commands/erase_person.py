"""``manage.py erase_person EMAIL [--dry-run]``: staff erase a person who asked by mail, with
the service of "Mon compte" (reason: staff). Prints what was done per table, in French."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from rights.models import ErasureReason
from rights.services.erasure import ErasureSummary, person_erase


def summary_table(summary: ErasureSummary) -> list[str]:
    """The summary as lines: a header, one line per table, the total."""
    width = max([len(table) for table, _rows in summary.rows()] + [20])
    table_label, rows_label, total_label = _("Table"), _("Rows"), _("Total")
    lines = [f"{table_label:<{width}}  {rows_label}"]
    lines += [f"{table:<{width}}  {rows}" for table, rows in summary.rows()]
    lines.append(f"{total_label:<{width}}  {summary.total}")
    return lines


class Command(BaseCommand):
    help = "Erase a person and their personal data (on their request received by mail)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="the person's e-mail address")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be erased, change nothing"
        )

    def handle(self, *args, email: str, dry_run: bool, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            user = get_user_model().objects.filter(email__iexact=email.strip()).first()
            if user is None:
                raise CommandError(_("No account has the address %(email)s.") % {"email": email})
            try:
                summary = person_erase(user=user, reason=ErasureReason.STAFF, dry_run=dry_run)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            for line in summary_table(summary):
                self.stdout.write(line)
            if dry_run:
                self.stdout.write(_("Dry run: nothing was erased."))
            else:
                self.stdout.write(self.style.SUCCESS(_("The person was erased.")))
