"""Writes of the steering committee's reports: asking for one (handed to the workers after the
commit), building it (the worker's part), the beat's sweep, and the monthly digest.

A report is built once: ``report_build`` claims a pending report by a compare-and-set update,
so that a task delivered twice, or handed over again by the sweep, builds it once. The figures
as published that day are kept on ``Report.data`` (to compare two dates); the PDF and the CSV
go through Django's storage API (a local folder, or object storage in a cluster) and are both
stored, or neither.

When the broker cannot be reached the report stays pending: the beat (``reports_sweep``), and
the report's own page, hand it over again once it is older than ``REPORT_RESEND_AFTER``.
"""

import dataclasses
import logging
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorat.core.emails import email_enqueue
from mentorat.core.models import SentEmail
from programmes.models import Membership, Phase, Programme, Role

from ..models import Report, ReportStatus, WaveStatus
from ..report_data import ReportData

logger = logging.getLogger(__name__)

# A pending report not handed over this long after it was asked for (the broker was down) is
# handed over again; one still pending after REPORT_GIVE_UP is failed (no worker ever came).
REPORT_RESEND_AFTER = timedelta(minutes=1)
REPORT_GIVE_UP = timedelta(days=1)
# A report being built for this long has lost its worker (killed): it is failed, and may be
# asked for again.
REPORT_LOST_AFTER = timedelta(minutes=15)

# The build's steps: (progress in %, what the page says).
STEP_FIGURES = (10, gettext_lazy("Computing the figures"))
STEP_CHARTS = (40, gettext_lazy("Drawing the charts"))
STEP_PDF = (80, gettext_lazy("Laying out the PDF"))
STEP_SAVED = (100, gettext_lazy("Saved"))


def report_request(*, programme: Programme, by: AbstractBaseUser | None) -> Report:
    """Ask for a new report of ``programme``, built by a worker once the transaction commits.
    Never fails because the broker is down: the report then waits for the sweep. While one is
    on its way (pending or being built), asking again gives that one: a second click builds
    nothing more."""
    with transaction.atomic():
        # Serialise two clicks (PostgreSQL; SQLite serialises writes anyway).
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        under_way = (
            Report.objects.filter(
                programme=programme,
                status__in=[ReportStatus.PENDING, ReportStatus.BUILDING],
                created_at__gte=timezone.now() - REPORT_LOST_AFTER,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if under_way is not None:
            return under_way
        report = Report.objects.create(programme=programme, requested_by=by)
        transaction.on_commit(partial(report_enqueue, report_id=report.pk))
    return report


def report_enqueue(*, report_id: int) -> bool:
    """Hand a report to the workers; False when the broker cannot be reached (the report stays
    pending, for the sweep). Eager (no broker configured), the report is built here."""
    from ..tasks import build_report

    try:
        build_report.delay(report_id)
    except Exception:  # kombu's OperationalError, redis' errors...
        logger.warning("Could not publish report %s; it stays pending.", report_id, exc_info=True)
        return False
    return True


def report_build(*, report: Report) -> Report:
    """Build a pending report: its figures (``report_data``), its PDF and its CSV, then mark it
    done; or mark it failed with a French error and no file stored. A report that is not
    pending (built, being built by another worker, failed) is left as it is."""
    claimed = Report.objects.filter(pk=report.pk, status=ReportStatus.PENDING).update(
        status=ReportStatus.BUILDING,
        progress=STEP_FIGURES[0],
        step=str(STEP_FIGURES[1]),
        error="",
    )
    if not claimed:
        report.refresh_from_db()
        return report
    report.refresh_from_db()
    stored: list = []
    try:
        # The steering committee's report is in the platform's language (French).
        with translation.override(settings.LANGUAGE_CODE):
            data = _report_data(report)
            _progress(report, STEP_CHARTS)
            from ..pdf import render

            rendered = render(data)
            _progress(report, STEP_PDF)
            csv = _csv_bytes(data)
        return _store(report, data, rendered.content, rendered.pages, csv, stored)
    except Exception:
        logger.exception("Report %s could not be built.", report.pk)
        for field in stored:  # never a half-stored report: both files, or none
            try:
                field.storage.delete(field.name)
            except Exception:
                logger.warning("File %s of report %s left behind.", field.name, report.pk)
        Report.objects.filter(pk=report.pk, status=ReportStatus.BUILDING).update(
            status=ReportStatus.FAILED,
            progress=100,
            finished_at=timezone.now(),
            pdf="",
            csv="",
            error=_(
                "The report could not be built. Ask for it again; if it fails again, tell "
                "the platform's team."
            ),  # fmt: skip
        )
        report.refresh_from_db()
        return report


def report_viewer(programme: Programme, by: AbstractBaseUser | None = None):
    """Whom the steering committee's report is built for (``report_data``'s viewer): the person
    who asked for it while they may still download it, otherwise (the command line, a requester
    since removed) one of the programme's coordinators or of the platform's staff. None when the
    platform has none of them."""
    from django.contrib.auth import get_user_model

    from programmes.permissions import can

    if by is not None and can(by, "download_reports", programme):
        return by
    membership = (
        Membership.objects.filter(programme=programme, role=Role.COORDINATOR, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return membership.user
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk").first()


def _report_data(report: Report) -> ReportData:
    from ..selectors.reports import report_data

    viewer = report_viewer(report.programme, report.requested_by)
    if viewer is None:
        raise RuntimeError("nobody may read the report: no coordinator and no staff")
    return report_data(report.programme, viewer=viewer)


def _csv_bytes(data: ReportData) -> bytes:
    from ..csv_export import csv_content

    return csv_content(data.figures).encode("utf-8")


def _progress(report: Report, step: tuple) -> None:
    percent, label = step
    Report.objects.filter(pk=report.pk, status=ReportStatus.BUILDING).update(
        progress=percent, step=str(label)
    )


def report_data_json(data: ReportData) -> dict:
    """The figures kept on ``Report.data``: the whole ``ReportData`` but the charts' drawings
    (the tables behind them are kept)."""
    kept = dataclasses.asdict(data)
    for section in kept["sections"]:
        for chart in section["charts"]:
            chart["svg"] = ""
    return kept


def file_stem(report: Report, kind: str) -> str:
    """ "rapport-<slug>-2026-12-03" / "agregats-<slug>-2026-12-03": the files' names, in French."""
    day = timezone.localdate(report.created_at) if report.created_at else timezone.localdate()
    return f"{kind}-{report.programme.slug}-{day:%Y-%m-%d}"


def _store(
    report: Report, data: ReportData, pdf: bytes, pages: int, csv: bytes, stored: list
) -> Report:
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("programme").get(pk=report.pk)
        if report.status != ReportStatus.BUILDING:  # failed as lost meanwhile
            return report
        # Saved by the storage first (save=False), the row after: a failure deletes them.
        report.pdf.save(f"{file_stem(report, 'rapport')}-{report.pk}.pdf", ContentFile(pdf), False)
        stored.append(report.pdf)
        report.csv.save(f"{file_stem(report, 'agregats')}-{report.pk}.csv", ContentFile(csv), False)
        stored.append(report.csv)
        report.data = report_data_json(data)
        report.pages = pages
        report.status = ReportStatus.DONE
        report.progress, step = STEP_SAVED
        report.step = str(step)
        report.finished_at = timezone.now()
        report.save()
    return report


def reports_fail_lost() -> int:
    """Fail the reports whose worker stopped (built for longer than REPORT_LOST_AFTER) and those
    that no worker took within REPORT_GIVE_UP; returns how many."""
    now = timezone.now()
    return Report.objects.filter(
        Q(status=ReportStatus.BUILDING, created_at__lt=now - REPORT_LOST_AFTER)
        | Q(status=ReportStatus.PENDING, created_at__lt=now - REPORT_GIVE_UP)
    ).update(
        status=ReportStatus.FAILED,
        progress=100,
        finished_at=now,
        error=_("The building of the report was interrupted. Ask for it again."),
    )


def report_resend_if_waiting(*, report: Report) -> bool:
    """The report's page: a report still pending a minute after it was asked for has not
    reached a worker (the broker was down): hand it over again. True when handed over."""
    if report.status != ReportStatus.PENDING:
        return False
    if report.created_at > timezone.now() - REPORT_RESEND_AFTER:
        return False
    if not report_enqueue(report_id=report.pk):
        return False
    report.refresh_from_db()  # built already when tasks run inline (no broker)
    return True


def reports_sweep() -> dict[str, int]:
    """The beat's pass over reports: fail the lost ones, hand the pending ones over again (a
    report handed over twice is built once)."""
    lost = reports_fail_lost()
    waiting = (
        Report.objects.filter(
            status=ReportStatus.PENDING,
            created_at__lt=timezone.now() - REPORT_RESEND_AFTER,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:100]
    )
    enqueued = 0
    for report_id in list(waiting):
        if not report_enqueue(report_id=report_id):
            break  # the broker is still down: the next beat tries again
        enqueued += 1
    return {"lost": lost, "enqueued": enqueued}


# --- The monthly digest -------------------------------------------------------------------------

DIGEST_PHASES = (Phase.RUNNING, Phase.CLOSING, Phase.EVALUATION)


def digest_programmes() -> list[Programme]:
    """The programmes whose pilots receive the digest: those with a closed wave, or in their
    running, closing or evaluation phase."""
    return list(
        Programme.objects.filter(
            Q(current_phase__in=DIGEST_PHASES) | Q(questionnaires__waves__status=WaveStatus.CLOSED)
        )
        .distinct()
        .order_by("pk")
    )


def digest_send(*, today: date | None = None) -> dict[str, int]:
    """The beat, on the 1st of the month: to each coordinator of each programme concerned, the
    key figures (already masked under k) and a link to the latest report, in their language.
    Once per programme and month: the e-mail's key is ``report-digest:<programme>:<YYYY-MM>``
    (with the recipient), so that running it twice sends nothing more."""
    today = today or timezone.localdate()
    month = f"{today:%Y-%m}"
    recorded = 0
    for programme in digest_programmes():
        coordinators = list(
            Membership.objects.filter(
                programme=programme, role=Role.COORDINATOR, user__is_active=True
            )
            .select_related("user")
            .order_by("user_id")
        )
        prefix = f"report-digest:{programme.pk}:{month}"
        keys = {m.user_id: f"{prefix}:{m.user_id}" for m in coordinators}
        if SentEmail.objects.filter(key__in=keys.values()).count() == len(keys):
            continue  # sent already this month: the figures are not even computed again
        latest = (
            Report.objects.filter(programme=programme, status=ReportStatus.DONE)
            .order_by("-created_at", "-pk")
            .first()
        )
        by_language: dict[str, dict] = {}  # the same figures and phrases for every pilot
        with transaction.atomic():
            for membership in coordinators:
                user = membership.user
                language = user.language or settings.LANGUAGE_CODE
                if language not in by_language:
                    by_language[language] = _digest_context(
                        programme, user, language, latest, today
                    )
                email = email_enqueue(
                    key=keys[user.pk],
                    to=user.email,
                    template="report_digest",
                    language=language,
                    context={"first_name": user.first_name, **by_language[language]},
                )
                recorded += email is not None
    return {"recorded": recorded}


def _digest_context(
    programme: Programme, viewer, language: str, latest: Report | None, today: date
) -> dict:
    """The digest's figures as published now (as a pilot sees them: already masked under k)
    and its phrases, in ``language``; JSON-serialisable (the e-mail is rendered later)."""
    from mentorat.core.french import long_date

    from ..selectors.reports import report_data

    with translation.override(language):
        data = report_data(programme, viewer=viewer)
        return {
            "programme_name": programme.name,
            "month_label": date_format(today.replace(day=1), "F Y"),
            "k": data.k,
            "figures": [
                {"label": str(f.label), "value": str(f.value), "note": str(f.note)}
                for f in data.key_figures
            ],
            "report_url": settings.SITE_URL + _report_url(programme, latest),
            "report_date": long_date(latest.finished_at) if latest and latest.finished_at else "",
        }


def _report_url(programme: Programme, report: Report | None) -> str:
    if report is None:
        return reverse("evaluation:report_files", kwargs={"slug": programme.slug})
    return reverse("evaluation:report_pdf", kwargs={"slug": programme.slug, "report_id": report.pk})
