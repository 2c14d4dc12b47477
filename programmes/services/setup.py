"""Writes of programme setup: plain keyword-only functions inside a transaction."""

from django.db import transaction

from ..defaults import DEFAULT_CHARTER, DEFAULT_INDICATORS, DEFAULT_OBJECTIVES, DEFAULT_TOPICS
from ..models import Indicator, Membership, Programme, Role, Topic

__all__ = ["coordinator_appoint", "programme_create"]


@transaction.atomic
def programme_create(*, by, name: str, slug: str, description: str = "") -> Programme:
    """A new programme, usable at once: default topics, charter, objectives and indicators."""
    programme = Programme.objects.create(
        name=name,
        slug=slug,
        description=description,
        objectives=list(DEFAULT_OBJECTIVES),
        charter=DEFAULT_CHARTER,
        created_by=by,
    )
    Topic.objects.bulk_create(
        Topic(programme=programme, name=name, position=i) for i, name in enumerate(DEFAULT_TOPICS)
    )
    Indicator.objects.bulk_create(
        Indicator(programme=programme, name=name, measure=measure, target=target, position=i)
        for i, (name, measure, target) in enumerate(DEFAULT_INDICATORS)
    )
    if not by.is_staff:
        Membership.objects.get_or_create(programme=programme, user=by, role=Role.COORDINATOR)
    return programme


@transaction.atomic
def coordinator_appoint(*, programme: Programme, user) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        programme=programme, user=user, role=Role.COORDINATOR
    )
    return membership
