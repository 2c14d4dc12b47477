"""Reads of the programme setup pages (the recruitment reads are in selectors.py)."""

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from .models import Membership, Organisation, Programme, Role


def memberships_of(programme: Programme, role: str) -> QuerySet[Membership]:
    """The programme's coordinators or referents, with their person and organisation."""
    return (
        Membership.objects.filter(programme=programme, role=role)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__email")
    )


def _editable_by(user):
    """Whether the organisation may be edited by ``user``: an expression for ``annotate``."""
    if user.is_staff:
        return Value(True, output_field=BooleanField())
    return Exists(
        Programme.organisations.through.objects.filter(
            organisation_id=OuterRef("pk"),
            programme__memberships__user=user,
            programme__memberships__role=Role.COORDINATOR,
        )
    )


def organisations_editable_by(user) -> QuerySet[Organisation]:
    """Staff edit any organisation; a coordinator only those taking part in a programme they
    coordinate: the directory is shared, and the organisations of other programmes are not theirs
    to rewrite."""
    return Organisation.objects.alias(editable=_editable_by(user)).filter(editable=True)


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
        organisations = organisations.annotate(editable=_editable_by(user))
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
