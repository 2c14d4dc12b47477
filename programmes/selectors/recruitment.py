"""Reads of recruitment: applications, their review, counts and enrolment."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from ..models import (
    PARTICIPANT_ROLES,
    Application,
    ApplicationNote,
    ApplicationStatus,
    Programme,
)


def enrolment(programme: Programme, organisation_ids: set[int] | None) -> QuerySet[Application]:
    """The programme's applications by organisation and name: of ``organisation_ids`` only, or
    of every organisation when None (who sees which is decided by ``enrolment_scope``)."""
    applications = Application.objects.filter(programme=programme).select_related(
        "user", "organisation"
    )
    if organisation_ids is not None:
        applications = applications.filter(organisation_id__in=organisation_ids)
    return applications.order_by("organisation__name", "user__last_name", "pk")


def review_list(programme: Programme, filters: dict) -> QuerySet[Application]:
    """The applications a coordinator reviews, newest first, filtered by role, status,
    organisation, département and topic. Two queries per page whatever its length: the rows
    (with person and organisation) and their topics."""
    applications = Application.objects.filter(programme=programme)
    if role := filters.get("role"):
        applications = applications.filter(role=role)
    if status := filters.get("status"):
        applications = applications.filter(status=status)
    if organisation := filters.get("organisation"):
        applications = applications.filter(organisation=organisation)
    if departement := filters.get("departement"):
        applications = applications.filter(departement=departement)
    if topic := filters.get("topic"):
        applications = applications.filter(topics=topic)
    return (
        applications.select_related("user", "organisation")
        .prefetch_related("topics")
        .order_by("-created_at", "-pk")
    )


@dataclass
class StatusCount:
    status: str
    label: str
    by_role: dict  # role → count
    total: int


@dataclass
class ApplicationCounts:
    rows: list[StatusCount]
    by_role: dict  # role → count over every status
    total: int


def application_counts(programme: Programme) -> ApplicationCounts:
    """How many applications per status and role, in one query."""
    counts = {
        (row["status"], row["role"]): row["n"]
        for row in Application.objects.filter(programme=programme)
        .values("status", "role")
        .annotate(n=Count("pk"))
        .order_by()
    }
    roles = [role.value for role in PARTICIPANT_ROLES]
    rows = [
        StatusCount(
            status=status.value,
            label=status.label,
            by_role={role: counts.get((status.value, role), 0) for role in roles},
            total=sum(counts.get((status.value, role), 0) for role in roles),
        )
        for status in ApplicationStatus
    ]
    return ApplicationCounts(
        rows=rows,
        by_role={role: sum(row.by_role[role] for row in rows) for role in roles},
        total=sum(row.total for row in rows),
    )


def applications_for_review() -> QuerySet[Application]:
    """Applications with what their review page shows (fetch one with get_application_for)."""
    return Application.objects.select_related(
        "user", "organisation", "decided_by", "programme"
    ).prefetch_related(
        "topics",
        Prefetch("notes", queryset=ApplicationNote.objects.select_related("author")),
        "user__emailaddress_set",
    )


def applications_of(user) -> list[Application]:
    """A person's own applications, with their programmes: the « my programmes » page."""
    return list(
        Application.objects.filter(user=user)
        .select_related("programme", "organisation")
        .order_by("-programme__created_at")
    )
