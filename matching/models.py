"""Matching runs, their proposals, the coordinator's rules, and the pairs they become.

A run keeps its settings, scores and explanations as they were computed, so that changing the
programme's weights later never rewrites history.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programmes.models import Application, Organisation, Programme


class IncompatibleOrganisations(models.Model):
    """Two organisations whose people must never be paired (competitors, client and supplier)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="incompatible_organisations",
        verbose_name=_("programme"),
    )
    organisation_a = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    organisation_b = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("incompatible organisation"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incompatible organisations")
        verbose_name_plural = _("incompatible organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation_a", "organisation_b"],
                name="incompatible_organisations_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(organisation_a=models.F("organisation_b")),
                name="incompatible_organisations_distinct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a} ≠ {self.organisation_b}"


class PairRuleKind(models.TextChoices):
    LOCK = "lock", _("Locked: always in the proposal")
    EXCLUDE = "exclude", _("Excluded: never in the proposal")


class PairRule(models.Model):
    """A coordinator's decision on one (mentor, mentee) pair, kept across runs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pair_rules", verbose_name=_("programme")
    )
    mentor = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    kind = models.CharField(_("rule"), max_length=10, choices=PairRuleKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        constraints = [
            # One rule per pair: a pair cannot be both locked and excluded.
            models.UniqueConstraint(
                fields=["programme", "mentor", "mentee"], name="pair_rule_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor.user} – {self.mentee.user}"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MatchingRun(models.Model):
    """One computation of a proposal: who, when, with which settings, and what came out."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="matching_runs",
        verbose_name=_("programme"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    # percent, for the progress page
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Last sign of life: when the run was handed to the broker (pending; empty while it could not
    # be), then written by its worker while computing. A stale one means the worker was lost.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Weights, sector preference, proximity rule and fairness as they were for this run.
    parameters = models.JSONField(_("settings"), default=dict)
    # matched, unmatched, total_score, mean_score, lowest_score, mentors, mentees, slots.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # Coded issues (engine's validation) shown to the coordinator in French when the run failed.
    issues = models.JSONField(_("issues"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        # In the platform's time zone (Europe/Paris), as the pages and the admin show times.
        if self.created_at is None:
            return str(self.programme)
        return f"{self.programme} – {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"


class ProposedPair(models.Model):
    """A pair of a run's proposal, with its score and explanation as computed then."""

    run = models.ForeignKey(
        MatchingRun,
        on_delete=models.CASCADE,
        related_name="proposed_pairs",
        verbose_name=_("matching run"),
    )
    mentor = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    score = models.FloatField(_("score"))
    # The engine's criteria (Criterion.as_dict()), turned into French sentences at display time.
    criteria = models.JSONField(_("criteria"), default=list)
    locked = models.BooleanField(_("locked"), default=False)
    # Set by a manual change (swap): the score lost against the engine's choice, if any.
    manual = models.BooleanField(_("changed by hand"), default=False)
    score_cost = models.FloatField(_("score lost by the change"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed pair")
        verbose_name_plural = _("proposed pairs")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="proposed_pair_one_per_mentee"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} – {self.mentee.user} ({self.score:.0f})"


class UnmatchedMentee(models.Model):
    run = models.ForeignKey(
        MatchingRun,
        on_delete=models.CASCADE,
        related_name="unmatched",
        verbose_name=_("matching run"),
    )
    mentee = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mentee")
    )
    code = models.CharField(_("reason"), max_length=50)
    params = models.JSONField(_("details"), default=dict)

    class Meta:
        verbose_name = _("unmatched mentee")
        verbose_name_plural = _("unmatched mentees")
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="unmatched_one_per_mentee"),
        ]

    def __str__(self) -> str:
        return str(self.mentee.user)


class PairStatus(models.TextChoices):
    # The one wording of a pair's status (pages, admin, e-mails), in a context of its own: the
    # same English words of an application are feminine in French ("Acceptée").
    PROPOSED = "proposed", pgettext_lazy("pair status", "Waiting for answers")
    ACCEPTED = "accepted", pgettext_lazy("pair status", "Accepted by both")
    DECLINED = "declined", pgettext_lazy("pair status", "Declined")
    ACTIVE = "active", pgettext_lazy("pair status", "Meeting")
    COMPLETED = "completed", pgettext_lazy("pair status", "Completed")
    ENDED = "ended", pgettext_lazy("pair status", "Ended early")


# A pair that goes on: the mentee cannot be proposed elsewhere, the mentor's load counts it.
OPEN_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.ACCEPTED, PairStatus.ACTIVE)


class DeclineReason(models.TextChoices):
    # A short list, never free text: the coordination learns why without reading anyone.
    UNAVAILABLE = "unavailable", _("I am not available at the moment")
    PROFILE = "profile", _("The profile does not match what I expect")
    ACQUAINTANCE = "acquaintance", _("I already know this person (conflict of interest)")
    DISTANCE = "distance", _("Too far away to meet")
    OTHER = "other", _("Another reason")


class EndReason(models.TextChoices):
    # Why a pair ended before closing; a short list, never free text.
    UNAVAILABLE = "unavailable", _("A member is no longer available")
    LEFT_ORGANISATION = "left_organisation", _("A member left their organisation")
    MISMATCH = "mismatch", _("The pair did not work")
    GOALS_REACHED = "goals_reached", _("Objectives reached early")
    OTHER = "other", _("Another reason")


class Response(models.TextChoices):
    PENDING = "", _("No answer yet")
    ACCEPTED = "accepted", pgettext_lazy("pair answer", "Accepted")
    DECLINED = "declined", pgettext_lazy("pair answer", "Declined")


class Pair(models.Model):
    """A published pair (binôme). Its lifecycle continues in the follow-up (evaluation app)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("programme")
    )
    run = models.ForeignKey(
        MatchingRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairs",
        verbose_name=_("matching run"),
    )
    mentor = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="pairs_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="pairs_as_mentee",
        verbose_name=_("mentee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    criteria = models.JSONField(_("criteria"), default=list, blank=True)
    mentor_response = models.CharField(
        _("mentor's answer"),
        max_length=10,
        choices=Response.choices,
        default=Response.PENDING,
        blank=True,
    )
    mentee_response = models.CharField(
        _("mentee's answer"),
        max_length=10,
        choices=Response.choices,
        default=Response.PENDING,
        blank=True,
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    end_reason = models.CharField(
        _("reason for ending early"), max_length=20, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-created_at"]
        constraints = [
            # A mentee has at most one pair that is not declined or ended.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status__in=OPEN_PAIR_STATUSES),
                name="pair_one_open_per_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} – {self.mentee.user}"


class PairTransition(models.Model):
    """One dated step of a pair's life (published, accepted, active, completed, ended...), kept
    for good: the follow-up and the report read the history, not only the current status."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("pair")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=PairStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=PairStatus.choices)
    at = models.DateTimeField(_("on"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    # The code of a DeclineReason or EndReason, when the step has one.
    reason = models.CharField(_("reason"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pair transition")
        verbose_name_plural = _("pair transitions")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["pair", "at"])]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.from_status or '-'} → {self.to_status}"
