"""Writes of the matching app: runs, manual adjustments, rules, publication, answers.

Every function is keyword-only, validates before writing and runs in one transaction.
"""

from django.contrib.auth.models import AbstractBaseUser

from programmes.models import Application, Organisation, Programme

from .models import IncompatibleOrganisations, MatchingRun, Pair, PairRule, ProposedPair


def run_start(
    *, programme: Programme, by: AbstractBaseUser | None, fairness: bool = False
) -> MatchingRun:
    """Create a pending run with the programme's parameters and enqueue its computation."""
    raise NotImplementedError


def run_execute(*, run: MatchingRun) -> MatchingRun:
    """Compute the run's proposal and store it (status done), or store its issues (failed)."""
    raise NotImplementedError


def proposal_swap(
    *, run: MatchingRun, mentee: Application, mentor: Application, by: AbstractBaseUser | None
) -> ProposedPair:
    """Give `mentee` the mentor `mentor` in an unpublished run; ValidationError if not allowed."""
    raise NotImplementedError


def pair_rule_set(
    *,
    programme: Programme,
    mentor: Application,
    mentee: Application,
    kind: str,
    by: AbstractBaseUser | None,
) -> PairRule:
    """Lock or exclude a pair for the next runs (replaces an existing rule for that pair)."""
    raise NotImplementedError


def pair_rule_remove(
    *, programme: Programme, mentor: Application, mentee: Application, by: AbstractBaseUser | None
) -> None:
    """Remove the rule on this pair, if any."""
    raise NotImplementedError


def incompatibility_add(
    *,
    programme: Programme,
    organisation_a: Organisation,
    organisation_b: Organisation,
    by: AbstractBaseUser | None,
    reason: str = "",
) -> IncompatibleOrganisations:
    """Declare two organisations incompatible (order does not matter)."""
    raise NotImplementedError


def incompatibility_remove(
    *, incompatibility: IncompatibleOrganisations, by: AbstractBaseUser | None
) -> None:
    raise NotImplementedError


def proposal_publish(*, run: MatchingRun, by: AbstractBaseUser | None) -> list[Pair]:
    """Turn the latest done run's proposal into pairs and e-mail both members of each."""
    raise NotImplementedError


def pair_respond(*, pair: Pair, user: AbstractBaseUser, accept: bool) -> Pair:
    """The mentor or mentee of the pair accepts or declines it; PermissionDenied for others."""
    raise NotImplementedError
