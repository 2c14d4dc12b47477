"""The matching's part of a person's erasure (called by ``rights.services.erasure``): their
pairs stay for the programme's figures, ended if they were still going and with no name; the
runs' stored explanations lose their name; the coordinator's rules about them go."""

from django.db.models import Q
from django.utils.translation import gettext as _

from mentorat.core.erasure import scrub_json
from programmes.models import Programme

from .models import (
    OPEN_PAIR_STATUSES,
    EndReason,
    MatchingRun,
    Pair,
    PairRule,
    PairStatus,
    PairTransition,
    ProposedPair,
    UnmatchedMentee,
)


def pairs_of(*, application_ids) -> list[Pair]:
    return list(
        Pair.objects.filter(Q(mentor_id__in=application_ids) | Q(mentee_id__in=application_ids))
    )


def pairs_close(*, pairs: list[Pair]) -> int:
    """A pair that was still going ends ("a member is no longer available"), dated, by no one;
    a completed, declined or ended pair stays as it was."""
    closed = 0
    for pair in pairs:
        if pair.status in OPEN_PAIR_STATUSES:
            from_status = pair.status
            pair.status, pair.end_reason = PairStatus.ENDED, EndReason.UNAVAILABLE
            pair.save(update_fields=["status", "end_reason", "updated_at"])
            PairTransition.objects.create(
                pair=pair,
                from_status=from_status,
                to_status=PairStatus.ENDED,
                by=None,
                reason=EndReason.UNAVAILABLE,
            )
            closed += 1
    return closed


def pair_rules_erase(*, application_ids) -> int:
    deleted, _counts = PairRule.objects.filter(
        Q(mentor_id__in=application_ids) | Q(mentee_id__in=application_ids)
    ).delete()
    return deleted


def run_rows_erase(*, application_ids) -> dict[str, int]:
    """The runs' proposed pairs and unmatched mentees of these applications."""
    proposed, _counts = ProposedPair.objects.filter(
        Q(mentor_id__in=application_ids) | Q(mentee_id__in=application_ids)
    ).delete()
    unmatched, _counts = UnmatchedMentee.objects.filter(mentee_id__in=application_ids).delete()
    return {"matching_proposedpair": proposed, "matching_unmatchedmentee": unmatched}


def runs_scrub(*, programme_ids, needles) -> dict[str, int]:
    """The names stored in the runs' explanations (``*_name`` params of an unmatched mentee, of
    an issue, of a pair's criteria: full names, as ``str(user)`` wrote them) replaced by
    "erased participant"."""
    needles = tuple(n for n in needles if n)
    replacement = _("erased participant")
    done = {
        "matching_matchingrun": 0,
        "matching_proposedpair.criteria": 0,
        "matching_unmatchedmentee": 0,
        "matching_pair.criteria": 0,
    }
    if not needles:
        return done
    places = (
        (
            "matching_matchingrun",
            MatchingRun.objects.filter(programme_id__in=programme_ids),
            "issues",
        ),
        (
            "matching_proposedpair.criteria",
            ProposedPair.objects.filter(run__programme_id__in=programme_ids),
            "criteria",
        ),
        (
            "matching_unmatchedmentee",
            UnmatchedMentee.objects.filter(run__programme_id__in=programme_ids),
            "params",
        ),
        ("matching_pair.criteria", Pair.objects.filter(programme_id__in=programme_ids), "criteria"),
    )
    for table, rows, field in places:
        for row in rows.only("pk", field).iterator():
            value = getattr(row, field)
            scrubbed = scrub_json(value, needles, replacement)
            if scrubbed != value:
                type(row).objects.filter(pk=row.pk).update(**{field: scrubbed})
                done[table] += 1
    return done


def authored_forget(*, user, programme: Programme | None = None) -> dict[str, int]:
    """Runs started or published, rules set, steps of a pair taken: kept, without the person."""
    runs = MatchingRun.objects.all() if programme is None else programme.matching_runs.all()
    rules = PairRule.objects.all() if programme is None else programme.pair_rules.all()
    steps = PairTransition.objects.all()
    if programme is not None:
        steps = steps.filter(pair__programme=programme)
    return {
        "matching_matchingrun.created_by": runs.filter(created_by=user).update(created_by=None),
        "matching_matchingrun.published_by": runs.filter(published_by=user).update(
            published_by=None
        ),
        "matching_pairrule.created_by": rules.filter(created_by=user).update(created_by=None),
        "matching_pairtransition.by": steps.filter(by=user).update(by=None),
    }
