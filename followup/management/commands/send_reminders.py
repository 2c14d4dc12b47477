"""``manage.py send_reminders [--date YYYY-MM-DD] [--json]``: the daily reminder sweep, the same
function that Celery beat calls every morning (``followup.reminders.reminders_sweep``).

Each reminder is sent at most once, so running it again, or for a past date, sends only what was
not sent yet. With ``--json`` the last line is ``{"sent": N, "skipped": N}``."""

import json as jsonlib
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from followup.reminders import reminders_sweep


class Command(BaseCommand):
    help = (
        "Send the reminders due on a day (today by default, Europe/Paris), each at most once: "
        "the same sweep as the daily Celery beat task."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date", dest="day", metavar="YYYY-MM-DD", help="the day of the sweep (default: today)"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help='end with one line {"sent": N, "skipped": N}, for scripts',
        )

    def handle(self, *args, day: str | None = None, json: bool = False, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(day, json)

    def _handle(self, day: str | None, as_json: bool) -> None:
        today = None
        if day:
            try:
                today = date.fromisoformat(day)
            except ValueError:
                raise CommandError(
                    _("« %(value)s » is not a date: write it as YYYY-MM-DD, e.g. 2026-12-03.")
                    % {"value": day}
                ) from None
        result = reminders_sweep(today=today)
        if as_json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        for code, counts in result.by_kind.items():
            self.stdout.write(
                _("%(kind)s: %(sent)d sent, %(skipped)d skipped")
                % {"kind": code, "sent": counts["sent"], "skipped": counts["skipped"]}
            )
        self.stdout.write(
            _("Reminders: %(sent)d sent, %(skipped)d skipped (already sent or refused).")
            % result.as_dict()
        )


def _dumps(value: dict) -> str:
    return jsonlib.dumps(value)
