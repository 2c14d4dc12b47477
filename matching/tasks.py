"""Background work of the matching app."""

from celery import shared_task

from .models import MatchingRun


@shared_task(acks_late=True)
def run_matching(run_id: int) -> str:
    """Compute a matching run. Idempotent: a run already done or failed is left alone."""
    run = MatchingRun.objects.filter(pk=run_id).first()
    if run is None:  # deleted meanwhile (its programme was deleted)
        return "missing"
    from .services import run_execute

    return run_execute(run=run).status
