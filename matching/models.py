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
    ENDED = "ended", pgettext_lazy("pair status", "Ended")


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
                condition=models.Q(status__in=["proposed", "accepted", "active"]),
                name="pair_one_open_per_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} – {self.mentee.user}"
