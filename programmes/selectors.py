"""Reads of the programmes app that span several relations."""

from django.db.models import QuerySet

from .models import Application, Membership, Programme, Role
from .permissions import can


def enrolment_for(user, programme: Programme) -> QuerySet[Application]:
    """Applications a person may see in a programme's enrolment: all of them for those who
    manage it, only their own organisation's for a company referent."""
    applications = Application.objects.filter(programme=programme).select_related(
        "user", "organisation"
    )
    if can(user, "manage", programme):
        return applications.order_by("organisation__name", "user__last_name")
    organisation_ids = Membership.objects.filter(
        programme=programme, user=user, role=Role.REFERENT
    ).values("organisation_id")
    return applications.filter(organisation_id__in=organisation_ids).order_by("user__last_name")
