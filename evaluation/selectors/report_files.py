"""Reads of the steering committee's kept reports: the list with their files' sizes, one
report's progress while it is built, and two reports' key figures side by side."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from programmes.models import Programme

from ..models import Report, ReportStatus


def reports_of(programme: Programme) -> QuerySet:
    """The programme's reports, newest first (one query; ``requested_by`` joined)."""
    return (
        Report.objects.filter(programme=programme)
        .select_related("requested_by")
        .defer("data")
        .order_by("-created_at", "-pk")
    )


def done_reports_of(programme: Programme) -> QuerySet:
    return reports_of(programme).filter(status=ReportStatus.DONE)


def file_size(field) -> int | None:
    """The stored file's size in bytes, or None when there is no file (or it is gone)."""
    if not field:
        return None
    try:
        return field.size
    except (OSError, ValueError):
        return None


def report_progress(report: Report) -> dict:
    """What the progress page and its JSON say about a report."""
    done = report.status == ReportStatus.DONE
    failed = report.status == ReportStatus.FAILED
    if report.status == ReportStatus.PENDING:
        step = _("Waiting for a worker")
    elif failed:
        step = report.error or _("The report could not be built.")
    else:
        step = report.step
    return {
        "status": report.status,
        "label": report.get_status_display(),
        "progress": 100 if done else report.progress,
        "step": step,
        "done": done,
        "failed": failed,
        "finished": done or failed,
    }


@dataclass(frozen=True)
class ComparedRow:
    label: str
    first: str
    second: str
    changed: bool


def _by_label(items: list[dict], label: str, value: str) -> dict[str, str]:
    return {str(item.get(label, "")): str(item.get(value, "")) for item in items or []}


def report_comparison(first: Report, second: Report) -> dict[str, list[ComparedRow]]:
    """The key figures and the indicators of two kept reports, side by side, matched by their
    label (a figure that one report lacks reads "—"). Only what both reports published: the
    figures kept on ``Report.data``, already masked under k."""

    def rows(key: str, label: str, value: str) -> list[ComparedRow]:
        a = _by_label((first.data or {}).get(key, []), label, value)
        b = _by_label((second.data or {}).get(key, []), label, value)
        labels = list(a) + [name for name in b if name not in a]
        return [
            ComparedRow(
                label=name,
                first=a.get(name, "—"),
                second=b.get(name, "—"),
                changed=a.get(name) != b.get(name),
            )
            for name in labels
        ]

    return {
        "key_figures": rows("key_figures", "label", "value"),
        "indicators": rows("indicators", "name", "result"),
    }
