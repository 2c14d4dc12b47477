"""The list of all pairs: every round in one page, with state, round, dates, organisations and
health; filters, sortable columns, pages, and exports to CSV and .xlsx safe to open."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from matching.models import MatchingRun, RunStatus
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    accepted_participant,
    dated_pair,
    help_requested,
    meeting_held,
)

pytestmark = pytest.mark.django_db


def url(programme, **query) -> str:
    base = reverse("followup:pairs", kwargs={"slug": programme.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def export_url(programme, fmt: str, query: str = "") -> str:
    base = reverse("followup:pairs_export", kwargs={"slug": programme.slug, "fmt": fmt})
    return base + (f"?{query}" if query else "")


def shown(response) -> list:
    return list(response.context["page"].object_list)


def published_run(programme, days_ago: int) -> MatchingRun:
    return MatchingRun.objects.create(
        programme=programme,
        status=RunStatus.DONE,
        published_at=timezone.now() - timedelta(days=days_ago),
    )


def test_the_pairs_of_every_round_are_listed_with_their_round_and_dates(client, personas):
    programme = personas.programme
    first, second = published_run(programme, 200), published_run(programme, 20)
    old = dated_pair(programme, "completed", accepted_days_ago=250, run=first)
    new = dated_pair(programme, "accepted", accepted_days_ago=10, run=second)
    declined = dated_pair(programme, "declined", accepted_days_ago=15, run=second)
    client.force_login(personas.coordinator)
    rows = {row.pk: row for row in shown(client.get(url(programme)))}
    assert set(rows) == {old.pk, new.pk, declined.pk}
    assert (rows[old.pk].round_label, rows[new.pk].round_label) == ("Tour 1", "Tour 2")
    today = timezone.localdate()
    assert rows[old.pk].proposed_on == today - timedelta(days=257)
    assert rows[old.pk].accepted_on == today - timedelta(days=250)
    assert rows[old.pk].active_on == today - timedelta(days=247)
    assert rows[old.pk].ended_on == today - timedelta(days=50)
    assert rows[new.pk].ended_on is None
    assert rows[old.pk].health is None and rows[new.pk].health is not None
    page = client.get(url(programme)).content.decode()
    assert "Tour 1" in page and "Tour 2" in page


def test_the_list_filters_by_status_organisation_and_health(client, personas):
    programme = personas.programme
    here = OrganisationFactory(name="Scierie du Jura")
    ours = dated_pair(
        programme, "active", mentee=accepted_participant(programme, organisation=here)
    )
    meeting_held(ours, days_ago=2)
    red = dated_pair(programme, "active")
    help_requested(red)
    done = dated_pair(programme, "completed")
    client.force_login(personas.coordinator)
    assert [r.pk for r in shown(client.get(url(programme, status="completed")))] == [done.pk]
    assert [r.pk for r in shown(client.get(url(programme, organisation=here.pk)))] == [ours.pk]
    assert [r.pk for r in shown(client.get(url(programme, health="red")))] == [red.pk]
    assert [r.pk for r in shown(client.get(url(programme, health="none")))] == [done.pk]
    # A filter that means nothing is ignored rather than failing.
    assert len(shown(client.get(url(programme, status="vacances")))) == 3


def test_the_columns_sort_the_list_both_ways(client, personas):
    programme = personas.programme
    for last_name in ("Martin", "Bernard", "Petit"):
        dated_pair(
            programme,
            "active",
            mentee=accepted_participant(programme, user=UserFactory(last_name=last_name)),
        )
    client.force_login(personas.coordinator)

    def names(sort):
        return [r.mentee_name.split()[-1] for r in shown(client.get(url(programme, sort=sort)))]

    assert names("mentee") == ["Bernard", "Martin", "Petit"]
    assert names("-mentee") == ["Petit", "Martin", "Bernard"]
    response = client.get(url(programme, sort="mentee"))
    columns = {c["key"]: c for c in response.context["columns"]}
    assert columns["mentee"]["aria_sort"] == "ascending"
    assert columns["mentee"]["next"] == "-mentee"
    assert 'aria-sort="ascending"' in response.content.decode()


def test_the_list_is_paginated_keeping_its_filters(client, personas):
    programme = personas.programme
    for _ in range(53):
        dated_pair(programme, "accepted")
    client.force_login(personas.coordinator)
    response = client.get(url(programme, status="accepted"))
    assert len(shown(response)) == 50
    assert "?status=accepted&amp;page=2" in response.content.decode()
    assert len(shown(client.get(url(programme, status="accepted", page=2)))) == 3


def test_the_csv_export_opens_in_french_excel_and_is_formula_safe(client, personas):
    programme = personas.programme
    dated_pair(
        programme,
        "active",
        mentee=accepted_participant(
            programme, user=UserFactory(first_name="=HYPERLINK(1)", last_name="Éloïse")
        ),
    )
    dated_pair(programme, "completed")
    client.force_login(personas.coordinator)
    response = client.get(export_url(programme, "csv", "status=active"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="binomes-')
    content = response.content
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    header, *lines = text.splitlines()
    assert header.startswith("Mentor;Organisation du mentor;Mentoré")
    assert len(lines) == 1  # the filter holds in the export
    assert "'=HYPERLINK(1) Éloïse" in lines[0]
    assert "En cours de rencontres" in lines[0]


def test_the_xlsx_export_has_the_same_rows_with_text_never_a_formula(client, personas):
    programme = personas.programme
    dated_pair(
        programme,
        "active",
        mentee=accepted_participant(programme, user=UserFactory(first_name="=1+1", last_name="X")),
    )
    client.force_login(personas.coordinator)
    response = client.get(export_url(programme, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mentor"
    assert rows[1][2] == "=1+1 X"
    assert sheet.cell(row=2, column=3).data_type == "s"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)],
)
def test_the_others_may_neither_list_nor_export_the_pairs(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(url(personas.programme)).status_code == status
    assert client.get(export_url(personas.programme, "csv")).status_code == status


def _pairs(personas, n: int) -> None:
    programme = personas.programme
    run = published_run(programme, 30)
    for i in range(n):
        status = ("proposed", "accepted", "active", "completed", "ended")[i % 5]
        pair = dated_pair(programme, status, run=run)
        meeting_held(pair, days_ago=5 + i)
        if i % 4 == 0:
            help_requested(pair)


def _queries(client, personas, path) -> int:
    client.force_login(personas.coordinator)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "health=red&sort=-health", "status=active"])
def test_the_list_s_queries_do_not_grow_with_the_pairs(client, personas, query):
    path = url(personas.programme) + (f"?{query}" if query else "")
    _pairs(personas, 5)
    few = _queries(client, personas, path)
    _pairs(personas, 45)
    assert _queries(client, personas, path) == few


def test_the_export_s_queries_do_not_grow_with_the_pairs(client, personas):
    path = export_url(personas.programme, "csv")
    _pairs(personas, 5)
    few = _queries(client, personas, path)
    _pairs(personas, 45)
    assert _queries(client, personas, path) == few
