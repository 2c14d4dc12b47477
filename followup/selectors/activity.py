"""The follow-up's activity as the reports count it: per pair, its status, how many meetings it
logged and how many help requests it made (never what was said). One query whatever the
number of pairs (the two counts are subqueries, so that neither multiplies the other)."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from matching.models import Pair, PairStatus
from programmes.models import Programme

from ..models import HelpRequest, Meeting

# The pairs that started: both accepted, then meeting, completed or ended early.
STARTED_STATUSES = (
    PairStatus.ACCEPTED,
    PairStatus.ACTIVE,
    PairStatus.COMPLETED,
    PairStatus.ENDED,
)


@dataclass(frozen=True)
class PairCounts:
    status: str
    meetings: int
    help_requests: int


def _count(model, **lookup):
    counted = (
        model.objects.filter(pair=OuterRef("pk"), **lookup)
        .order_by()
        .values("pair")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def pair_activity(
    programme: Programme, *, organisation_ids: set[int] | None = None
) -> list[PairCounts]:
    """Every started pair of ``programme`` with its counts; with ``organisation_ids``, only the
    pairs whose mentor or mentee belongs to one of those organisations (a referent's view)."""
    pairs = Pair.objects.filter(programme=programme, status__in=STARTED_STATUSES)
    if organisation_ids is not None:
        pairs = pairs.filter(
            Q(mentor__organisation_id__in=organisation_ids)
            | Q(mentee__organisation_id__in=organisation_ids)
        )
    rows = (
        pairs.order_by()
        .annotate(n_meetings=_count(Meeting), n_help=_count(HelpRequest))
        .values_list("status", "n_meetings", "n_help")
    )
    return [PairCounts(status, meetings, help_requests) for status, meetings, help_requests in rows]
