"""Reads of the matching app over several relations."""

from django.db.models import QuerySet

from programmes.models import Application, Programme

from .models import MatchingRun, Pair, ProposedPair, UnmatchedMentee


def latest_run(programme: Programme) -> MatchingRun | None:
    """The programme's most recent run, whatever its status."""
    raise NotImplementedError


def runs_for(programme: Programme) -> QuerySet[MatchingRun]:
    """The programme's runs, newest first, with who started and who published them."""
    raise NotImplementedError


def proposal_rows(
    run: MatchingRun,
    *,
    sort: str = "-score",
    organisation_id: int | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    search: str = "",
) -> QuerySet[ProposedPair]:
    """The run's proposed pairs, filtered and sorted, with people and organisations joined.

    sort: "score", "-score", "mentor", "-mentor", "mentee", "-mentee".
    organisation_id: the mentor's or the mentee's organisation.
    search: part of the mentor's or mentee's name or e-mail.
    """
    raise NotImplementedError


def alternatives_for(run: MatchingRun, mentee: Application, n: int = 3) -> list[dict]:
    """The `n` best other allowed mentors for `mentee` under the run's parameters.

    Each: {"mentor": Application, "score": float, "criteria": list[dict], "load": int,
    "capacity": int}; load = mentees assigned to that mentor in the run.
    """
    raise NotImplementedError


def mentor_loads(run: MatchingRun) -> list[dict]:
    """Each mentor of the run's programme: {"mentor", "capacity", "assigned"}."""
    raise NotImplementedError


def unmatched_rows(run: MatchingRun) -> QuerySet[UnmatchedMentee]:
    """The run's unmatched mentees with their people and organisations joined."""
    raise NotImplementedError


def pair_for_participant(user, programme: Programme) -> Pair | None:
    """The user's open pair in the programme, else their most recent one, else None."""
    raise NotImplementedError
