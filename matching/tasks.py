"""Background work of the matching app."""

from celery import shared_task

from .models import MatchingRun


@shared_task(acks_late=True)
def run_matching(run_id: int) -> str:
    """Compute a matching run. Idempotent: a run already taken, done or failed is left alone."""
    run = MatchingRun.objects.filter(pk=run_id).first()
    if run is None:  # deleted meanwhile (its programme was deleted)
        return "missing"
    from .services import run_execute

    return run_execute(run=run).status


@shared_task
def sweep_runs() -> dict[str, int]:
    """Beat: fail the runs whose worker was lost, hand the pending ones to the workers again."""
    from .services import runs_sweep

    return runs_sweep()
