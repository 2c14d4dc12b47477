"""Who may act on one pair: the programmes' permission API (``RULES``, ``object_roles``)
applied to pairs, whose members are the pair's owners."""

from django.db.models import QuerySet
from django.http import Http404

from programmes.models import Programme
from programmes.permissions import object_roles, require_on

from .models import Pair
from .selectors import PEOPLE


def get_pair_for(
    user, programme: Programme, pair_id: int, action: str, *, queryset: QuerySet | None = None
) -> Pair:
    """The pair ``pair_id`` of ``programme`` if ``user`` may perform ``action`` on it: 404 for
    someone else's pair (whoever its members are), 403 for a role that does not allow it."""
    pairs = queryset if queryset is not None else Pair.objects.select_related(*PEOPLE)
    pair = pairs.filter(programme=programme, pk=pair_id).first()
    if pair is None:
        raise Http404
    owners = {pair.mentor.user_id, pair.mentee.user_id}
    require_on(object_roles(user, programme, owner_ids=owners), action)
    return pair
