"""Reads of the programme setup pages (the recruitment reads are in recruitment.py)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Membership, Organisation, Programme
from ..permissions import organisation_editable


def memberships_of(programme: Programme, role: str) -> QuerySet[Membership]:
    """The programme's coordinators or referents, with their person and organisation."""
    return (
        Membership.objects.filter(programme=programme, role=role)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__email")
    )


def organisations_directory(
    programme: Programme, query: str = "", *, user=None
) -> QuerySet[Organisation]:
    """Every organisation of the shared directory, those taking part in ``programme`` first,
    each with ``participates`` (and ``editable`` by ``user`` when given); filtered by name,
    sector or département when ``query`` is given."""
    organisations = Organisation.objects.annotate(
        participates=Exists(
            Programme.organisations.through.objects.filter(
                programme_id=programme.pk, organisation_id=OuterRef("pk")
            )
        )
    )
    if user is not None:
        organisations = organisations.annotate(editable=organisation_editable(user))
    query = query.strip()
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(sector__icontains=query) | Q(departement=query)
        )
    return organisations.order_by("-participates", "name")


def participating_organisations(programme: Programme) -> QuerySet[Organisation]:
    return programme.organisations.order_by("name")


def organisations_to_add(programme: Programme) -> QuerySet[Organisation]:
    return Organisation.objects.exclude(programmes=programme).order_by("name")
