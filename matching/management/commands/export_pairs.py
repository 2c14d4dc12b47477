"""``manage.py export_pairs SLUG FILE [--published]``: the programme's current pairs, one row per
pair: ``mentor_email;mentee_email;score``.

What "current" means: the latest computed proposal when it is not published yet (the one the
coordination is working on, for instance after a decline and a new run); otherwise the open
published pairs (proposed, accepted, meeting). ``--published`` always writes the latter."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from matching.models import OPEN_PAIR_STATUSES, MatchingRun, Pair, ProposedPair, RunStatus
from mentorat.core.signals import personal_data_exported
from mentorat.core.spreadsheets import csv_text
from programmes.models import Programme

HEADER = ("mentor_email", "mentee_email", "score")


class Command(BaseCommand):
    help = (
        "Export a programme's pairs: the latest computed proposal if it is not published yet, "
        "else the open published pairs (proposed, accepted, meeting). FILE may be - for the "
        "standard output."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the programme's short name")
        parser.add_argument("file", help="the CSV file to write, or - for the standard output")
        parser.add_argument(
            "--published",
            action="store_true",
            help="write the open published pairs even if a newer proposal is not published yet",
        )

    def handle(self, *args, slug: str, file: str, published: bool = False, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(slug, file, published)

    def _handle(self, slug: str, file: str, published: bool) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(_("No programme has the short name « %(slug)s ».") % {"slug": slug})
        rows, what = pair_rows(programme, published=published)
        computed = MatchingRun.objects.filter(programme=programme, status=RunStatus.DONE)
        if rows is None and (published or computed.exists()):
            raise CommandError(
                _("The programme « %(name)s » has no open published pairs.")
                % {"name": programme.name}
            )
        if rows is None:
            raise CommandError(
                _("The programme « %(name)s » has no published pairs and no computed proposal.")
                % {"name": programme.name}
            )
        text = csv_text(HEADER, [(m, e, _score(s)) for m, e, s in rows])
        # E-mail addresses leave the platform: the export log records it (no user: a command).
        personal_data_exported.send(
            sender=Command, user=None, programme=programme, what="pairs.csv (command)",
            rows=len(rows),
        )  # fmt: skip
        if file == "-":
            sys.stdout.write(text)
            return
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(_("The folder of « %(path)s » does not exist.") % {"path": file})
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("Could not write « %(path)s »: %(error)s")
                % {"path": path, "error": exc.strerror or exc}
            ) from None
        self.stdout.write(
            _("%(count)d pairs (%(what)s) written to %(path)s.")
            % {"count": len(rows), "what": what, "path": path}
        )


def pair_rows(programme: Programme, *, published: bool = False) -> tuple[list | None, str]:
    """The rows to write and what they are; (None, "") when there is nothing to write."""
    columns = ("mentor__user__email", "mentee__user__email", "score")
    run = (
        MatchingRun.objects.filter(programme=programme, status=RunStatus.DONE)
        .order_by("-created_at", "-pk")
        .first()
    )
    if not published and run is not None and run.published_at is None:
        rows = ProposedPair.objects.filter(run=run).order_by("-score", "pk").values_list(*columns)
        return list(rows), _("latest proposal, not published")
    pairs = Pair.objects.filter(programme=programme, status__in=OPEN_PAIR_STATUSES)
    if pairs.exists():
        return list(pairs.order_by("pk").values_list(*columns)), _("published pairs")
    return None, ""


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
