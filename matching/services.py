"""Writes of the matching app: runs, manual adjustments, rules, publication, answers.

Every function is keyword-only, validates before writing, and writes in one transaction. A
refusal is a `ValidationError` whose message, in the active language, says what is wrong.
"""

import logging
import threading
from datetime import timedelta
from functools import partial

from django import db
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorat.core.emails import email_enqueue
from programmes.models import (
    Application,
    ApplicationStatus,
    Membership,
    Organisation,
    Phase,
    Programme,
    Role,
)
from programmes.services import programme_phase_set

from . import engine
from .explanations import describe_violation, participant_reasons
from .models import (
    OPEN_PAIR_STATUSES,
    DeclineReason,
    EndReason,
    IncompatibleOrganisations,
    MatchingRun,
    Pair,
    PairRule,
    PairRuleKind,
    PairStatus,
    PairTransition,
    ProposedPair,
    Response,
    RunStatus,
    UnmatchedMentee,
)
from .problem import Built, build_problem, parameters_for

logger = logging.getLogger(__name__)

# A run pending for longer than this no longer prevents starting a new one (it may still be
# computed once a worker takes it).
STALE_RUN = timedelta(minutes=15)

# Publishing moves a programme still in these phases to its matching phase: profiles are then no
# longer editable, so that nobody changes the organisation or the answers matching read.
PHASES_BEFORE_MATCHING = (Phase.SETUP, Phase.RECRUITMENT)
# Once the programme is closing, matching is neither computed nor published any more.
PHASES_AFTER_MATCHING = (Phase.CLOSING, Phase.EVALUATION)


def _check_phase(programme: Programme) -> None:
    if programme.current_phase in PHASES_AFTER_MATCHING:
        raise ValidationError(
            _(
                "The programme is in its « %(phase)s » phase: matching can no longer be run or "
                "published."
            )
            % {"phase": programme.get_current_phase_display()}
        )


# --- runs --------------------------------------------------------------------------------------


def run_start(
    *,
    programme: Programme,
    by: AbstractBaseUser | None,
    fairness: bool = False,
    enqueue: bool = True,
) -> MatchingRun:
    """Create a pending run with the programme's current matching settings and hand it to the
    workers once the transaction commits. When the broker is down the run stays pending and the
    beat (`runs_sweep`) hands it over once the broker is back. With `enqueue=False` the caller
    computes it (`run_execute`), as the command line does."""
    with transaction.atomic():
        # Serialise two clicks on "run" (PostgreSQL; SQLite serialises writes anyway); the
        # phase as it is now, not as the page saw it.
        _check_phase(Programme.objects.select_for_update().get(pk=programme.pk))
        # A run whose worker was lost is failed now, not at the next beat, and does not block.
        runs_fail_lost(programme=programme)
        busy = MatchingRun.objects.filter(
            # Every run still running has a live worker: the lost ones were just failed.
            Q(status=RunStatus.PENDING, created_at__gte=timezone.now() - STALE_RUN)
            | Q(status=RunStatus.RUNNING),
            programme=programme,
        ).exists()
        if busy:
            raise ValidationError(
                _("A matching is already being computed for this programme: wait for it to end.")
            )
        run = MatchingRun.objects.create(
            programme=programme,
            created_by=by,
            parameters=parameters_for(programme, fairness=fairness),
        )
        if enqueue:
            transaction.on_commit(partial(run_enqueue, run_id=run.pk))
    return run


def run_enqueue(*, run_id: int) -> bool:
    """Hand a pending run to the workers; False when the broker cannot be reached, in which case
    the run stays pending, without a heartbeat, for the beat to hand it over later."""
    from .tasks import run_matching

    try:
        run_matching.delay(run_id)
    except Exception:  # kombu's OperationalError, redis' errors, a backend's RuntimeError...
        logger.warning(
            "Could not publish matching run %s; it stays pending.", run_id, exc_info=True
        )
        return False
    MatchingRun.objects.filter(pk=run_id, status=RunStatus.PENDING).update(
        heartbeat_at=timezone.now()
    )
    return True


def _lost_after() -> timedelta:
    return timedelta(seconds=settings.MATCHING_RUN_LOST_AFTER)


def runs_fail_lost(*, programme: Programme | None = None) -> int:
    """Mark failed the running runs whose worker stopped writing its heartbeat (killed, machine
    lost): their page says so and a new run may start. Returns how many."""
    cutoff = timezone.now() - _lost_after()
    lost = MatchingRun.objects.filter(
        # No heartbeat at all: a run claimed before heartbeats were recorded.
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
        status=RunStatus.RUNNING,
    )
    if programme is not None:
        lost = lost.filter(programme=programme)
    count = lost.update(
        status=RunStatus.FAILED,
        progress=100,
        finished_at=timezone.now(),
        issues=[{"code": "worker_lost", "params": {}, "blocking": True}],
        summary={},
    )
    if count:
        logger.warning("%s matching run(s) lost their worker; marked failed.", count)
    return count


def runs_sweep() -> dict[str, int]:
    """The beat's pass over runs: fail those whose worker was lost, and hand to the workers again
    the pending ones that never reached the broker (it was down) or that no worker took within
    MATCHING_RUN_LOST_AFTER (the broker lost them). A run handed over twice is computed once."""
    lost = runs_fail_lost()
    now = timezone.now()
    waiting = MatchingRun.objects.filter(
        Q(heartbeat_at__isnull=True, created_at__lt=now - timedelta(seconds=30))
        | Q(heartbeat_at__lt=now - _lost_after()),
        status=RunStatus.PENDING,
    ).values_list("pk", flat=True)[:100]
    enqueued = 0
    for run_id in waiting:
        if not run_enqueue(run_id=run_id):
            break  # the broker is still down: the next beat tries again
        enqueued += 1
    return {"lost": lost, "enqueued": enqueued}


class _Heartbeat:
    """Writes the run's heartbeat every MATCHING_HEARTBEAT_SECONDS from a thread while the run is
    computed, so that a long solve still shows its worker alive; stops with the computation."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.stop = threading.Event()
        # A daemon, joined with a timeout: a beat stuck on a lock (the caller's own transaction
        # holds the row) never keeps the computation or the process from ending.
        self.thread = threading.Thread(
            target=self._beat, name=f"heartbeat-run-{run_id}", daemon=True
        )

    def _beat(self) -> None:
        try:
            while not self.stop.wait(settings.MATCHING_HEARTBEAT_SECONDS):
                try:
                    _beat_once(self.run_id)
                except Exception:  # a missed beat is harmless; the next one may pass
                    logger.warning("Heartbeat of run %s not written.", self.run_id, exc_info=True)
        finally:
            db.connections.close_all()  # this thread's own connection

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def _beat_once(run_id: int) -> None:
    MatchingRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def run_execute(*, run: MatchingRun, built: Built | None = None) -> MatchingRun:
    """Compute the run's proposal and store it (status done), or store why it cannot be computed
    (status failed, `issues`). Never half-stored; only a pending run is claimed, so that a task
    delivered twice, or a run failed meanwhile as lost, is left alone. `built`: the problem when
    the caller built it already."""
    claimed = MatchingRun.objects.filter(pk=run.pk, status=RunStatus.PENDING).update(
        status=RunStatus.RUNNING, progress=10, heartbeat_at=timezone.now()
    )
    if not claimed:
        run.refresh_from_db()
        return run
    with _Heartbeat(run.pk):
        return _compute(run, built)


def _compute(run: MatchingRun, built: Built | None) -> MatchingRun:
    try:
        if built is None:
            built = build_problem(run.programme, run.parameters)
        _progress(run, 40)
        issues = engine.validate(built.problem)
        issues += [
            engine.Issue("lock_ignored", {"mentor_id": m, "mentee_id": e}, blocking=False)
            for m, e in built.ignored_locks
        ]
        if any(issue.blocking for issue in issues):
            raise engine.EngineError(issues)
        result = engine.solve(built.problem)
        _progress(run, 80)
        return _store(run, built, result, issues)
    except engine.EngineError as exc:
        return _fail(run, exc.issues, built)
    except Exception:
        logger.exception("Matching run %s failed unexpectedly.", run.pk)
        return _fail(run, [engine.Issue("unexpected_error")], built)


def _progress(run: MatchingRun, percent: int) -> None:
    MatchingRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        progress=percent, heartbeat_at=timezone.now()
    )
    run.progress = percent


def _store(
    run: MatchingRun, built: Built, result: engine.MatchResult, issues: list[engine.Issue]
) -> MatchingRun:
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.RUNNING:  # done by another worker, or failed as lost meanwhile
            return run
        ProposedPair.objects.bulk_create(
            ProposedPair(
                run=run,
                mentor_id=pair.mentor_id,
                mentee_id=pair.mentee_id,
                score=round(float(pair.score), 2),
                criteria=[criterion.as_dict() for criterion in pair.criteria],
                locked=pair.locked,
            )
            for pair in result.pairs
        )
        UnmatchedMentee.objects.bulk_create(
            UnmatchedMentee(run=run, mentee_id=u.mentee_id, code=u.code, params=dict(u.params))
            for u in result.unmatched
        )
        s = result.summary
        run.summary = {
            "matched": s.matched,
            "unmatched": s.unmatched,
            "total_score": _round(s.total_score),
            "mean_score": _round(s.mean_score),
            "lowest_score": _round(s.lowest_score),
            "mentors": len(built.problem.mentors),
            "mentees": len(built.problem.mentees),
            "slots": built.slots,
        }
        run.issues = [_issue_dict(issue, built) for issue in issues]
        run.status = RunStatus.DONE
        run.progress = 100
        run.finished_at = timezone.now()
        run.save(update_fields=["summary", "issues", "status", "progress", "finished_at"])
    return run


def _fail(run: MatchingRun, issues, built: Built | None) -> MatchingRun:
    # Never over a run that another worker finished meanwhile.
    MatchingRun.objects.filter(pk=run.pk, status__in=[RunStatus.PENDING, RunStatus.RUNNING]).update(
        status=RunStatus.FAILED,
        progress=100,
        finished_at=timezone.now(),
        issues=[_issue_dict(issue, built) for issue in issues],
        summary={},
    )
    run.refresh_from_db()
    return run


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _issue_dict(issue: engine.Issue, built: Built | None) -> dict:
    """The issue as stored: its params plus the names they refer to, as they were at the run,
    so that the history reads the same later."""
    params = dict(issue.params)
    people = built.person_names() if built else {}
    organisations = built.organisation_names if built else {}
    for role in ("mentor", "mentee"):
        pk = params.get(f"{role}_id")
        if pk is None and params.get("role") == role:
            pk = params.get("id")
        if pk is not None:
            params[f"{role}_name"] = people.get(pk) or _application_name(pk)
    if "mentor_ids" in params:
        params["mentor_names"] = [
            people.get(pk) or _application_name(pk) for pk in params["mentor_ids"]
        ]
    for key in ("organisation_id", "mentor_organisation_id", "mentee_organisation_id"):
        if params.get(key) is not None:
            params[key.removesuffix("_id") + "_name"] = (
                organisations.get(params[key])
                or Organisation.objects.filter(pk=params[key])
                .values_list("name", flat=True)
                .first()
            )
    return {"code": issue.code, "params": params, "blocking": issue.blocking}


def _application_name(pk: int) -> str:
    application = Application.objects.select_related("user").filter(pk=pk).first()
    return str(application.user or _("erased participant")) if application else ""


def _refresh_summary(run: MatchingRun) -> None:
    totals = run.proposed_pairs.aggregate(
        matched=Count("pk"), total=Sum("score"), mean=Avg("score"), lowest=Min("score")
    )
    run.summary = {
        **run.summary,
        "matched": totals["matched"],
        "unmatched": run.unmatched.count(),
        "total_score": _round(totals["total"] or 0.0),
        "mean_score": _round(totals["mean"]),
        "lowest_score": _round(totals["lowest"]),
    }
    run.save(update_fields=["summary"])


def _latest_done_run(programme: Programme) -> MatchingRun | None:
    return (
        MatchingRun.objects.filter(programme=programme, status=RunStatus.DONE)
        .order_by("-created_at", "-pk")
        .first()
    )


# --- manual changes of a proposal --------------------------------------------------------------


@transaction.atomic
def proposal_swap(
    *, run: MatchingRun, mentee: Application, mentor: Application, by: AbstractBaseUser | None
) -> ProposedPair:
    """Give `mentee` the mentor `mentor` in the latest, unpublished proposal.

    Refused when the pair breaks a hard constraint or the mentor has no room left. The pair is
    marked manual, with `score_cost`: the score lost against the engine's choice (the mentee's
    previous pair, or their best possible mentor when they were unmatched). The run's summary is
    updated.
    """
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    _check_adjustable(run)
    if not _is_participant(mentor, run.programme, Role.MENTOR):
        raise ValidationError(
            _("%(name)s is not an accepted mentor of this programme.") % {"name": mentor.user}
        )
    current = ProposedPair.objects.filter(run=run, mentee=mentee).first()
    unmatched = UnmatchedMentee.objects.filter(run=run, mentee=mentee).first()
    if current is None and unmatched is None:
        raise ValidationError(
            _("%(name)s is not a mentee of this proposal.") % {"name": mentee.user}
        )
    if current is not None and current.mentor_id == mentor.pk:
        return current

    built = build_problem(run.programme, run.parameters, mentee_ids=[mentee.pk])
    if mentee.pk not in built.mentees:
        raise ValidationError(
            _("%(name)s is no longer waiting for a mentor: run the matching again.")
            % {"name": mentee.user}
        )
    explanation = engine.explain(built.problem, mentor.pk, mentee.pk)
    if not explanation.allowed:
        reasons = " ".join(
            describe_violation(v.code, v.params, names=built.organisation_names)
            for v in explanation.violations
        )
        raise ValidationError(
            _("%(mentor)s cannot be the mentor of %(mentee)s: %(reasons)s")
            % {"mentor": mentor.user, "mentee": mentee.user, "reasons": reasons}
        )
    capacity = next(m.capacity for m in built.problem.mentors if m.id == mentor.pk)
    assigned = ProposedPair.objects.filter(run=run, mentor=mentor).exclude(mentee=mentee).count()
    if assigned >= capacity:
        raise ValidationError(
            _(
                "This mentor is full: first remove one of their mentees from the proposal, or "
                "lock this pair then run the matching again."
            )
        )

    score = round(float(explanation.score), 2)
    if current is not None:
        # Against the engine's choice: a pair already changed by hand carries its earlier cost.
        cost = (current.score_cost or 0.0) + current.score - score
    else:
        best = engine.alternatives(built.problem, mentee.pk, n=1)
        cost = (best[0].score - score) if best else 0.0
    values = {
        "mentor": mentor,
        "score": score,
        "criteria": [c.as_dict() for c in explanation.criteria],
        "locked": False,
        "manual": True,
        "score_cost": round(cost, 2),
    }
    if current is not None:
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        pair = current
    else:
        unmatched.delete()
        pair = ProposedPair.objects.create(run=run, mentee=mentee, **values)
    _refresh_summary(run)
    return pair


@transaction.atomic
def proposal_remove(
    *, run: MatchingRun, mentee: Application, by: AbstractBaseUser | None
) -> UnmatchedMentee:
    """Take `mentee` out of the latest, unpublished proposal: their pair becomes an unmatched
    mentee ("removed_by_coordinator"), which frees a place of their mentor for another mentee.
    The run's summary is updated. Refused when the mentee has no proposed mentor."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    _check_adjustable(run)
    current = (
        ProposedPair.objects.filter(run=run, mentee=mentee).select_related("mentor__user").first()
    )
    if current is None:
        raise ValidationError(
            _("%(name)s has no proposed mentor in this proposal: there is nothing to remove.")
            % {"name": mentee.user}
        )
    current.delete()
    unmatched = UnmatchedMentee.objects.create(
        run=run,
        mentee=mentee,
        code="removed_by_coordinator",
        # The name as it is now, so that the history reads the same later.
        params={"mentor_id": current.mentor_id, "mentor_name": str(current.mentor.user)},
    )
    _refresh_summary(run)
    return unmatched


def _check_adjustable(run: MatchingRun) -> None:
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This proposal is not ready: it cannot be changed."))
    if run.published_at is not None:
        raise ValidationError(
            _("This proposal is published: it can no longer be changed. Run a new matching.")
        )
    latest = _latest_done_run(run.programme)
    if latest is not None and latest.pk != run.pk:
        raise ValidationError(_("A newer proposal exists: change that one instead."))


def _is_participant(application: Application, programme: Programme, role: str) -> bool:
    return (
        application.programme_id == programme.pk
        and application.role == role
        and application.status == ApplicationStatus.ACCEPTED
    )


# --- the coordinator's rules -------------------------------------------------------------------


@transaction.atomic
def pair_rule_set(
    *,
    programme: Programme,
    mentor: Application,
    mentee: Application,
    kind: str,
    by: AbstractBaseUser | None,
) -> PairRule:
    """Lock (always propose) or exclude (never propose) a pair in the next runs; replaces the
    rule already set on that pair. A lock that breaks a hard constraint is refused."""
    if kind not in PairRuleKind.values:
        raise ValidationError(_("Choose whether to lock or to exclude this pair."))
    if not _is_participant(mentor, programme, Role.MENTOR):
        raise ValidationError(
            _("%(name)s is not an accepted mentor of this programme.") % {"name": mentor.user}
        )
    if not _is_participant(mentee, programme, Role.MENTEE):
        raise ValidationError(
            _("%(name)s is not an accepted mentee of this programme.") % {"name": mentee.user}
        )
    if kind == PairRuleKind.LOCK:
        _check_lock(programme, mentor, mentee)
    rule, _created = PairRule.objects.update_or_create(
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        defaults={"kind": kind, "created_by": by},
    )
    return rule


def _check_lock(programme: Programme, mentor: Application, mentee: Application) -> None:
    built = build_problem(
        programme, parameters_for(programme), mentee_ids=[mentee.pk], keep_paired_mentees=True
    )
    explanation = engine.explain(built.problem, mentor.pk, mentee.pk)
    # An exclusion of this very pair (a rule being replaced, a past refusal) gives way to a lock.
    broken = [v for v in explanation.violations if v.code != "excluded"]
    if broken:
        reasons = " ".join(
            describe_violation(v.code, v.params, names=built.organisation_names) for v in broken
        )
        raise ValidationError(_("This pair cannot be locked: %(reasons)s") % {"reasons": reasons})
    other = (
        PairRule.objects.filter(programme=programme, mentee=mentee, kind=PairRuleKind.LOCK)
        .exclude(mentor=mentor)
        .select_related("mentor__user")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _("%(mentee)s is already locked with %(mentor)s: remove that lock first.")
            % {"mentee": mentee.user, "mentor": other.mentor.user}
        )
    capacity = next(m.capacity for m in built.problem.mentors if m.id == mentor.pk)
    locks = (
        PairRule.objects.filter(programme=programme, mentor=mentor, kind=PairRuleKind.LOCK)
        .exclude(mentee=mentee)
        .count()
    )
    if locks >= capacity:
        raise ValidationError(
            ngettext(
                "%(mentor)s has room for %(capacity)d mentee only, already taken by locked or "
                "current pairs: remove a lock or raise their capacity.",
                "%(mentor)s has room for %(capacity)d mentees only, already taken by locked or "
                "current pairs: remove a lock or raise their capacity.",
                capacity,
            )
            % {"mentor": mentor.user, "capacity": capacity}
        )


@transaction.atomic
def pair_rule_remove(
    *, programme: Programme, mentor: Application, mentee: Application, by: AbstractBaseUser | None
) -> None:
    """Remove the rule on this pair, if there is one."""
    PairRule.objects.filter(programme=programme, mentor=mentor, mentee=mentee).delete()


@transaction.atomic
def incompatibility_add(
    *,
    programme: Programme,
    organisation_a: Organisation,
    organisation_b: Organisation,
    by: AbstractBaseUser | None,
    reason: str = "",
) -> IncompatibleOrganisations:
    """Declare that people of these two organisations must never be paired (in either order)."""
    if organisation_a.pk == organisation_b.pk:
        raise ValidationError(_("Choose two different organisations."))
    a, b = sorted((organisation_a, organisation_b), key=lambda o: o.pk)
    pairs = Q(organisation_a=a, organisation_b=b) | Q(organisation_a=b, organisation_b=a)
    if IncompatibleOrganisations.objects.filter(pairs, programme=programme).exists():
        raise ValidationError(
            _("%(a)s and %(b)s are already declared incompatible.") % {"a": a, "b": b}
        )
    locks = PairRule.objects.filter(programme=programme, kind=PairRuleKind.LOCK).filter(
        Q(mentor__organisation=a, mentee__organisation=b)
        | Q(mentor__organisation=b, mentee__organisation=a)
    )
    if n := locks.count():
        raise ValidationError(
            ngettext(
                "%(n)d locked pair joins %(a)s and %(b)s: remove that lock first.",
                "%(n)d locked pairs join %(a)s and %(b)s: remove those locks first.",
                n,
            )
            % {"n": n, "a": a, "b": b}
        )
    return IncompatibleOrganisations.objects.create(
        programme=programme, organisation_a=a, organisation_b=b, reason=reason.strip()[:200]
    )


@transaction.atomic
def incompatibility_remove(
    *, incompatibility: IncompatibleOrganisations, by: AbstractBaseUser | None
) -> None:
    IncompatibleOrganisations.objects.filter(pk=incompatibility.pk).delete()


# --- publication and answers -------------------------------------------------------------------


@transaction.atomic
def proposal_publish(*, run: MatchingRun, by: AbstractBaseUser | None) -> list[Pair]:
    """Turn the latest done proposal into pairs (status proposed) and e-mail both members of each
    pair, in their language. Publishing a run already published creates nothing: returns [].

    A programme still in its setup or recruitment phase moves to its matching phase, in the same
    transaction; a programme closing or in evaluation refuses."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.published_at is not None:
        return []
    programme = Programme.objects.select_for_update().get(pk=run.programme_id)
    _check_phase(programme)
    _check_adjustable(run)
    proposed = list(
        run.proposed_pairs.select_related(
            "mentor__user", "mentor__organisation", "mentee__user", "mentee__organisation"
        ).order_by("pk")
    )
    if not proposed:
        raise ValidationError(_("This proposal has no pair to publish."))
    taken = (
        Pair.objects.filter(
            programme=run.programme,
            status__in=OPEN_PAIR_STATUSES,
            mentee_id__in=[p.mentee_id for p in proposed],
        )
        .select_related("mentee__user")
        .order_by("pk")
    )
    if taken := list(taken):
        raise ValidationError(
            _("These mentees already have a pair: %(names)s. Run the matching again.")
            % {"names": ", ".join(str(pair.mentee.user) for pair in taken)}
        )
    pairs = Pair.objects.bulk_create(
        Pair(
            programme=run.programme,
            run=run,
            mentor=p.mentor,
            mentee=p.mentee,
            status=PairStatus.PROPOSED,
            score=p.score,
            criteria=p.criteria,
        )
        for p in proposed
    )
    PairTransition.objects.bulk_create(
        PairTransition(pair=pair, to_status=PairStatus.PROPOSED, by=by) for pair in pairs
    )
    run.published_at = timezone.now()
    run.published_by = by
    run.save(update_fields=["published_at", "published_by"])
    if programme.current_phase in PHASES_BEFORE_MATCHING:
        # The publication page said so: the move is confirmed.
        programme_phase_set(programme=programme, phase=Phase.MATCHING, confirm=True)
        run.programme.current_phase = Phase.MATCHING
    url = settings.SITE_URL + reverse("matching:my_pair", kwargs={"slug": run.programme.slug})
    for pair in pairs:
        _email_pair_proposed(pair, url)
    return pairs


def _email_pair_proposed(pair: Pair, url: str) -> None:
    for role, me, partner in (
        ("mentor", pair.mentor, pair.mentee),
        ("mentee", pair.mentee, pair.mentor),
    ):
        user = me.user
        with translation.override(user.language):
            # Rendered later by the e-mail task: the sentences are made in its language now.
            reasons = participant_reasons(pair.criteria)
        email_enqueue(
            key=f"pair-proposed:{pair.pk}:{role}",
            to=user.email,
            template="pair_proposed",
            language=user.language,
            context={
                "first_name": user.first_name,
                "role": role,
                "programme_name": pair.programme.name,
                "partner_name": partner.user.display_name,
                "partner_organisation": partner.organisation.name,
                "partner_job_title": partner.job_title,
                "reasons": reasons,
                "url": url,
            },
        )


@transaction.atomic
def pair_respond(*, pair: Pair, user: AbstractBaseUser, accept: bool, reason: str = "") -> Pair:
    """The mentor or the mentee of a proposed pair accepts or declines it.

    Both accept: the pair is accepted. One declines, with ``reason`` (a ``DeclineReason`` code;
    the member's page requires one): the pair is declined, the programme's coordinators are
    e-mailed, and the mentee returns to the pool (the next run considers them again, without
    this mentor). Who may answer is decided before, by ``get_pair_for(..., "respond_pair")``:
    anyone else is a programming error.
    """
    pair = Pair.objects.select_for_update().select_related("mentor", "mentee").get(pk=pair.pk)
    if user.pk == pair.mentor.user_id:
        field = "mentor_response"
    elif user.pk == pair.mentee.user_id:
        field = "mentee_response"
    else:
        raise ValueError(f"{user} is not a member of pair {pair.pk}")
    if pair.status != PairStatus.PROPOSED:
        raise ValidationError(_("This pair is no longer waiting for an answer."))
    setattr(pair, field, Response.ACCEPTED if accept else Response.DECLINED)
    pair.save(update_fields=[field, "updated_at"])
    if not accept:
        pair = pair_transition(pair=pair, to=PairStatus.DECLINED, by=user, reason=reason)
        _email_pair_declined(pair, user)
        return pair
    if pair.mentor_response == pair.mentee_response == Response.ACCEPTED:
        pair = pair_transition(pair=pair, to=PairStatus.ACCEPTED, by=user)
        _email_pair_accepted(pair)
    return pair


def _email_pair_declined(pair: Pair, by: AbstractBaseUser) -> None:
    """Tell each coordinator of the programme, in their language, who declined and why."""
    pair = Pair.objects.select_related(
        "programme", "mentor__user", "mentor__organisation", "mentee__user", "mentee__organisation"
    ).get(pk=pair.pk)
    role = "mentor" if by.pk == pair.mentor.user_id else "mentee"
    url = settings.SITE_URL + reverse("matching:proposal", kwargs={"slug": pair.programme.slug})
    coordinators = (
        Membership.objects.filter(programme=pair.programme, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
    )
    for membership in coordinators:
        user = membership.user
        with translation.override(user.language):
            # Rendered later by the e-mail task: the label is made in its language now.
            reason = str(DeclineReason(pair.decline_reason).label) if pair.decline_reason else ""
        email_enqueue(
            key=f"pair-declined:{pair.pk}:{user.pk}",
            to=user.email,
            template="pair_declined",
            language=user.language,
            context={
                "first_name": user.first_name,
                "programme_name": pair.programme.name,
                "mentor_name": pair.mentor.user.display_name,
                "mentor_organisation": pair.mentor.organisation.name,
                "mentee_name": pair.mentee.user.display_name,
                "mentee_organisation": pair.mentee.organisation.name,
                "declined_by_role": role,
                "declined_by_name": by.display_name,
                "reason": reason,
                "url": url,
            },
        )


def _email_pair_accepted(pair: Pair) -> None:
    """Both accepted: each member learns how to reach the other (the phone only if the partner
    chose to share it), reads the charter, and is sent to their pair page to accept it."""
    pair = Pair.objects.select_related(
        "programme", "mentor__user", "mentor__organisation", "mentee__user", "mentee__organisation"
    ).get(pk=pair.pk)
    # The pair page belongs to the follow-up, above this app: named here, never imported.
    url = settings.SITE_URL + reverse(
        "followup:pair", kwargs={"slug": pair.programme.slug, "pair_id": pair.pk}
    )
    for role, me, partner in (
        ("mentor", pair.mentor, pair.mentee),
        ("mentee", pair.mentee, pair.mentor),
    ):
        user, other = me.user, partner.user
        email_enqueue(
            key=f"pair-accepted:{pair.pk}:{role}",
            to=user.email,
            template="pair_accepted",
            language=user.language,
            context={
                "first_name": user.first_name,
                "role": role,
                "programme_name": pair.programme.name,
                "partner_name": other.display_name,
                "partner_organisation": partner.organisation.name,
                "partner_email": other.email,
                "partner_phone": other.phone if other.share_phone else "",
                "charter": pair.programme.charter,
                "url": url,
            },
        )


# The steps a pair may take; every other one is refused. Declined, completed and ended are final.
PAIR_STEPS = {
    PairStatus.PROPOSED: (PairStatus.ACCEPTED, PairStatus.DECLINED, PairStatus.ENDED),
    PairStatus.ACCEPTED: (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED),
    PairStatus.ACTIVE: (PairStatus.COMPLETED, PairStatus.ENDED),
}


@transaction.atomic
def pair_transition(*, pair: Pair, to: str, by: AbstractBaseUser | None, reason: str = "") -> Pair:
    """Move a pair to its next status and keep the dated step (``PairTransition``): the one
    writer of ``Pair.status`` after publication, for this app and the follow-up alike.

    ``reason`` is a ``DeclineReason`` code when declining, an ``EndReason`` code when ending
    early; it is stored on the pair too, so that pages read it without the history."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if to not in PAIR_STEPS.get(pair.status, ()):
        raise ValidationError(
            _("This pair is %(status)s: it cannot become %(to)s.")
            % {"status": pair.get_status_display(), "to": PairStatus(to).label}
        )
    choices = {PairStatus.DECLINED: DeclineReason, PairStatus.ENDED: EndReason}.get(to)
    if reason and (choices is None or reason not in choices.values):
        raise ValidationError(_("This reason is not one of the list."))
    from_status, pair.status = pair.status, to
    fields = ["status", "updated_at"]
    if to == PairStatus.DECLINED:
        pair.decline_reason = reason
        fields.append("decline_reason")
    elif to == PairStatus.ENDED:
        pair.end_reason = reason
        fields.append("end_reason")
    pair.save(update_fields=fields)
    PairTransition.objects.create(
        pair=pair, from_status=from_status, to_status=to, by=by, reason=reason
    )
    return pair
