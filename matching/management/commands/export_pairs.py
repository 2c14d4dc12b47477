"""``manage.py export_pairs SLUG FILE``: the published pairs, or else the latest proposal, one
row per pair: ``mentor_email;mentee_email;score``."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from matching.models import MatchingRun, Pair, PairStatus, ProposedPair, RunStatus
from programmes.models import Programme

HEADER = "mentor_email;mentee_email;score\n"


class Command(BaseCommand):
    help = (
        "Export a programme's pairs: the published ones (declined pairs left out), or else the "
        "latest computed proposal. FILE may be - for the standard output."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the programme's short name")
        parser.add_argument("file", help="the CSV file to write, or - for the standard output")

    def handle(self, *args, slug: str, file: str, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(slug, file)

    def _handle(self, slug: str, file: str) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(_("No programme has the short name « %(slug)s ».") % {"slug": slug})
        rows, what = pair_rows(programme)
        if rows is None:
            raise CommandError(
                _("The programme « %(name)s » has no published pairs and no computed proposal.")
                % {"name": programme.name}
            )
        text = HEADER + "".join(f"{m};{e};{_score(s)}\n" for m, e, s in rows)
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


def pair_rows(programme: Programme) -> tuple[list | None, str]:
    columns = ("mentor__user__email", "mentee__user__email", "score")
    pairs = Pair.objects.filter(programme=programme).exclude(status=PairStatus.DECLINED)
    if pairs.exists():
        return list(pairs.order_by("pk").values_list(*columns)), _("published pairs")
    run = (
        MatchingRun.objects.filter(programme=programme, status=RunStatus.DONE)
        .order_by("-created_at", "-pk")
        .first()
    )
    if run is None:
        return None, ""
    rows = ProposedPair.objects.filter(run=run).order_by("-score", "pk").values_list(*columns)
    return list(rows), _("latest proposal, not published")


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
