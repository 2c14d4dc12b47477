"""The results of a wave, computed once when it closes and frozen on ``Wave.results``."""

from ..models import Wave


def wave_results_freeze(*, wave: Wave) -> None:
    """Compute the published figures of ``wave`` (evaluation.stats over its responses and
    invitations) and store them on ``wave.results``; never called twice for a wave."""
    raise NotImplementedError("evaluation results: to be written (issue 11, reports)")
