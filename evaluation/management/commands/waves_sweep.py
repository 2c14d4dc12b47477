"""``manage.py waves_sweep [--date YYYY-MM-DD]``: the daily sweep of the waves, the same function
that Celery beat calls every morning (``evaluation.services.waves.waves_sweep``): open and close
the waves on their dates, open the next pulse check-ins. Idempotent: run twice, same state."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from evaluation.services.waves import waves_sweep


class Command(BaseCommand):
    help = (
        "Open and close the questionnaires' waves due on a day (today by default) and open the "
        "next pulse check-ins: the same sweep as the daily Celery beat task."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date", dest="day", metavar="YYYY-MM-DD", help="the day of the sweep (default: today)"
        )

    def handle(self, *args, day: str | None = None, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            today = None
            if day:
                try:
                    today = date.fromisoformat(day)
                except ValueError:
                    raise CommandError(
                        _("« %(value)s » is not a date: write it as YYYY-MM-DD, e.g. 2026-12-03.")
                        % {"value": day}
                    ) from None
            result = waves_sweep(today=today)
            self.stdout.write(
                _(
                    "Waves: %(opened)d opened (%(pulses)d pulse check-ins), %(closed)d closed, "
                    "%(invited)d people invited."
                )
                % result.as_dict()
            )
