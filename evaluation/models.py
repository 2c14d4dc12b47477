"""The anonymous instruments (pulse check-ins and questionnaires) and the reports built on them.

Promise 2 of docs/DESIGN.md holds by construction. Who was asked and whether they answered is a
``SurveyInvitation`` (a person, a wave, answered yes or no: not even the day). What was answered
is a ``Response``: a random key, the wave, the role and the coarse attributes the reports break
down by, the answers. No field, key or timestamp links the two:

- a response has no user, participant, invitation nor pair reference, and no date of any kind
  (the wave says when); its primary key is a random UUID, never a sequence that would give the
  order of arrival (``DEFAULT_AUTO_FIELD`` is not used here);
- a coarse attribute (sector group, département, size band) is copied onto a response only when
  at least *k* invited people of the wave share its value, otherwise it is stored as "autre";
- a response cannot be edited once saved;
- no "thank you" e-mail is sent, so the e-mail log does not date an answer either.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import PARTICIPANT_ROLES, Indicator, Programme

# The value stored for a coarse attribute shared by fewer than k invited people of the wave.
OTHER = "autre"

INTRO_MAX_LENGTH = 2000


def _role_choices():
    return [(r.value, r.label) for r in PARTICIPANT_ROLES]


class Kind(models.TextChoices):
    PULSE = "pulse", _("Pulse check-in")
    BASELINE = "baseline", _("Baseline questionnaire")
    MIDTERM = "midterm", _("Mid-term questionnaire")
    FINAL = "final", _("Final questionnaire")


class Audience(models.TextChoices):
    BOTH = "both", _("Mentors and mentees")
    MENTOR = "mentor", _("Mentors")
    MENTEE = "mentee", _("Mentees")


class QuestionKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement scale (1 to 5)")
    SCALE4 = "scale4", _("Four-point scale")
    CHOICE = "choice", _("Single choice")
    NUMBER = "number", _("Whole number")


class Questionnaire(models.Model):
    """One instrument of a programme: its pulse check-in, or its baseline, mid-term or final
    questionnaire. The bank of questions is copied from ``evaluation.bank`` and then editable
    by the coordinators until the first wave opens."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, validators=[MaxLengthValidator(INTRO_MAX_LENGTH)]
    )
    enabled = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["programme", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"], name="questionnaire_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One item of a questionnaire. ``options`` holds the labels of a single-choice item (values
    1, 2, ...); agreement and four-point scales have fixed labels; a whole number has bounds."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Stable name of a bank item ("mentee-confidence-change"), empty for a coordinator's own.
    code = models.SlugField(_("code"), max_length=60, blank=True)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    audience = models.CharField(
        _("asked to"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    options = models.JSONField(_("answer options"), default=list, blank=True)
    min_value = models.PositiveIntegerField(_("smallest number"), null=True, blank=True)
    max_value = models.PositiveIntegerField(_("largest number"), null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("result indicator"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class WaveStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Wave(models.Model):
    """One sending of a questionnaire (the baseline, the pulse of a month...). Its results are
    computed once, when it closes, and frozen in ``results``: they never change afterwards, so
    that two reports of the same wave cannot be subtracted from each other."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="waves",
        verbose_name=_("questionnaire"),
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=WaveStatus.choices, default=WaveStatus.SCHEDULED
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The published figures, computed at closing (evaluation.stats), never recomputed.
    results = models.JSONField(_("results"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="wave_number_once"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="wave_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == WaveStatus.OPEN


class SurveyInvitation(models.Model):
    """A person asked to answer a wave, and whether they did (never when). Used for the
    reminders and the participation rates; it has no link to the response."""

    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("wave")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=_role_choices())
    # The person's coarse attributes when invited: they decide which values are shared by at
    # least k invited people (and so may be stored on a response) and give the participation
    # of each group.
    sector_group = models.CharField(_("sector group"), max_length=40, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    size_band = models.CharField(_("size"), max_length=10, blank=True)
    answered = models.BooleanField(_("answered"), default=False)
    invited_on = models.DateField(_("invited on"))

    class Meta:
        verbose_name = _("invitation to answer")
        verbose_name_plural = _("invitations to answer")
        ordering = ["wave", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "user"], name="invitation_once_per_wave"),
        ]

    def __str__(self) -> str:
        return f"{self.wave}: {self.user_id}"


class Response(models.Model):
    """What one person answered to one wave, with no link to them: see the module's docstring.
    There is deliberately no date, no person and no sequence here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(
        Wave, on_delete=models.PROTECT, related_name="responses", verbose_name=_("wave")
    )
    role = models.CharField(_("role"), max_length=20, choices=_role_choices())
    sector_group = models.CharField(_("sector group"), max_length=40, blank=True)
    departement = models.CharField(_("département"), max_length=10, blank=True)
    size_band = models.CharField(_("size"), max_length=10, blank=True)
    # {question id (as text): the value answered}; an item left unanswered is absent.
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # Never ordered by anything that follows the order of arrival.
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A response cannot be changed once it is saved."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    BUILDING = "building", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def report_path(report: "Report", filename: str) -> str:
    return f"reports/{report.programme.slug}/{filename}"


class Report(models.Model):
    """The steering committee's report at a date: the figures as published that day (``data``,
    kept to compare two dates) and the PDF and CSV built from them by a Celery task, stored
    through Django's storage API (a local folder, or object storage in a cluster)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="reports", verbose_name=_("programme")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    created_at = models.DateTimeField(_("asked for on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=120, blank=True)
    data = models.JSONField(_("published figures"), null=True, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=report_path, blank=True)
    csv = models.FileField(_("CSV"), upload_to=report_path, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.created_at:%Y-%m-%d %H:%M}"
