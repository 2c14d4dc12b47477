"""The matching part of the demo data: the demo programme gets a published proposal, with a
few answers, so that every matching page has something to show. Idempotent: a programme that
already has a published run is left alone."""

from django.contrib.auth.models import AbstractBaseUser

from programmes.models import Programme

from .models import DeclineReason, MatchingRun, Pair, RunStatus
from .services import pair_respond, proposal_publish, run_execute, run_start

ACCEPTED_BY_BOTH = 3  # the first pairs (by creation): both members accepted
DECLINED = 1  # the next one: the mentee declined, they are back in the pool
ACCEPTED_BY_MENTOR = 1  # the next one: the mentor accepted, the mentee has not answered yet


def seed_demo_matching(programme: Programme, *, by: AbstractBaseUser) -> None:
    if MatchingRun.objects.filter(programme=programme, published_at__isnull=False).exists():
        return
    run = run_start(programme=programme, by=by, enqueue=False)
    run = run_execute(run=run)
    if run.status != RunStatus.DONE:
        return
    proposal_publish(run=run, by=by)
    pairs = list(
        Pair.objects.filter(run=run).select_related("mentor__user", "mentee__user").order_by("pk")
    )
    for pair in pairs[:ACCEPTED_BY_BOTH]:
        pair_respond(pair=pair, user=pair.mentee.user, accept=True)
        pair_respond(pair=pair, user=pair.mentor.user, accept=True)
    rest = pairs[ACCEPTED_BY_BOTH:]
    for pair in rest[:DECLINED]:
        pair_respond(
            pair=pair, user=pair.mentee.user, accept=False, reason=DeclineReason.UNAVAILABLE
        )
    for pair in rest[DECLINED : DECLINED + ACCEPTED_BY_MENTOR]:
        pair_respond(pair=pair, user=pair.mentor.user, accept=True)
