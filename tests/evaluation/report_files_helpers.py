"""Kept reports for the tests of their pages (and the permission matrix): built reports with
their files in the storage, as ``report_build`` leaves them, without building them."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from evaluation.models import Report, ReportStatus

IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
PDF = b"%PDF-1.7\n% un rapport de test\n"
CSV = "\ufeffquestionnaire;question;ventilation;groupe;statistique;valeur;n;masque\n".encode()


def files_in_memory(settings) -> None:
    """Reports' files in memory for the test (Django's storage API, as in production)."""
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}


def stored_report(
    programme,
    *,
    status: str = ReportStatus.DONE,
    data: dict | None = None,
    by=None,
    created_at: datetime | None = None,
    pdf: bytes = PDF,
    csv: bytes = CSV,
) -> Report:
    done = status == ReportStatus.DONE
    report = Report.objects.create(
        programme=programme,
        requested_by=by,
        status=status,
        progress=100 if done else 0,
        pages=12 if done else None,
        finished_at=timezone.now() if done else None,
        data=data
        if data is not None
        else ({"key_figures": [], "indicators": []} if done else None),
    )
    if created_at is not None:
        Report.objects.filter(pk=report.pk).update(created_at=created_at)
        report.refresh_from_db()
    if done:
        report.pdf.save(f"rapport-{programme.slug}-{report.pk}.pdf", ContentFile(pdf), save=False)
        report.csv.save(f"agregats-{programme.slug}-{report.pk}.csv", ContentFile(csv), save=False)
        report.save(update_fields=["pdf", "csv"])
    return report
