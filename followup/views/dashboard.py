"""The coordination's follow-up: the dashboard, the list of all pairs and its exports; and the
company referents' page of their people in a pair. Every page is the programme's
(``programme_view``): what a role sees is decided by ``RULES``, never here."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorat.core.signals import personal_data_exported
from mentorat.core.spreadsheets import csv_text, xlsx_bytes
from programmes.permissions import can, enrolment_scope, programme_view

from ..forms.dashboard import PairFilterForm
from ..selectors import dashboard as selectors

DASHBOARD_PAGE_SIZE = 50
PAIRS_PAGE_SIZE = 50
PEOPLE_PAGE_SIZE = 100

# The sortable columns of the list of all pairs: (sort key, header).
COLUMNS = [
    ("mentor", gettext_lazy("Mentor")),
    ("mentee", gettext_lazy("Mentee")),
    ("status", gettext_lazy("Status")),
    ("round", gettext_lazy("Round")),
    ("proposed", gettext_lazy("Proposed on")),
    ("accepted", gettext_lazy("Accepted on")),
    ("active", gettext_lazy("Meeting since")),
    ("ended", gettext_lazy("Ended on")),
    ("meetings", gettext_lazy("Meetings")),
    ("health", gettext_lazy("Health")),
]
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@programme_view("manage")
def dashboard(request, programme):
    board = selectors.dashboard(programme)
    page = Paginator(board.running, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/dashboard.html",
        {
            "programme": programme,
            "board": board,
            "page": page,
            "today": timezone.localdate(),
            "can_send_messages": can(request.user, "send_messages", programme),
        },
    )


def _listed(request, programme):
    form = PairFilterForm(request.GET or None, programme=programme)
    filters = form.filters() if form.is_bound else {}
    sort = (form.sort_key() if form.is_bound else "") or selectors.DEFAULT_SORT
    rows = selectors.filter_and_sort(selectors.pair_rows(programme), filters, sort)
    return form, filters, sort, rows


def _columns(sort: str) -> list[dict]:
    columns = []
    for key, label in COLUMNS:
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        columns.append(
            {
                "key": key,
                "label": label,
                # A click on the current column turns its order round; a new one starts ascending.
                "next": (key if descending else f"-{key}") if current else key,
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return columns


@programme_view("manage")
def pairs(request, programme):
    form, filters, sort, rows = _listed(request, programme)
    page = Paginator(rows, PAIRS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "followup/pairs.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "columns": _columns(sort),
            "export_query": query.urlencode(),
        },
    )


@programme_view("manage")
def pairs_export(request, programme, fmt: str):
    if fmt not in EXPORTS:
        raise Http404
    _form, _filters, _sort, rows = _listed(request, programme)
    header, table = selectors.export_table(rows)
    name = f"binomes-{programme.slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        content = csv_text(header, table, bom=True).encode("utf-8")
    else:
        content = xlsx_bytes(header, table, title=_("Pairs"))
    response = HttpResponse(content, content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Names of people leave the platform: the export log (staff) records who, when, what.
    personal_data_exported.send(
        sender=pairs_export, user=request.user, programme=programme, what=f"pairs.{fmt}",
        rows=len(table),
    )  # fmt: skip
    return response


@programme_view("view_enrolment")
def people_in_pairs(request, programme):
    people = selectors.people_in_pairs(programme, enrolment_scope(request.user, programme))
    page = Paginator(people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/pairs_people.html",
        {
            "programme": programme,
            "page": page,
            "can_manage": can(request.user, "manage", programme),
        },
    )
