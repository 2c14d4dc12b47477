"""Programmes, organisations, per-programme roles and recruitment (applications)."""

import functools
import operator
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def normalise_name(name: str) -> str:
    """The key that identifies an organisation by its name: case and spaces do not matter."""
    return " ".join((name or "").split()).casefold()


@deconstructible(path="programmes.models.TextLimitValidator")
class TextLimitValidator(MaxLengthValidator):
    """At most ``limit_value`` characters in a text a person types; the message names the field,
    so that it reads on its own (in a form's error summary, an import report)."""

    message = _("%(field)s: at most %(limit_value)d characters (here %(show_value)d).")

    def __init__(self, limit_value: int, field: str, message=None):
        super().__init__(limit_value, message)
        self.field = field

    def __call__(self, value) -> None:
        if self.compare(self.clean(value), self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "field": self.field,
                    "limit_value": self.limit_value,
                    "show_value": self.clean(value),
                    "value": value,
                },
            )

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and self.field == other.field


class LimitedTextField(models.TextField):
    """A text a person types (expectations, notes, the charter...), with a limit that the form,
    the model and the database hold: ``max_length`` gives the form's limit and this field's
    validator; the model lists a check constraint for the database (``text_limit``)."""

    def __init__(self, verbose_name, *, max_length: int, **kwargs):
        super().__init__(verbose_name, max_length=max_length, **kwargs)

    @property
    def default_validators(self) -> list:
        return [TextLimitValidator(self.max_length, self.verbose_name)]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        # The form's own length check says "this value", not which field: ours names it.
        field.validators = [v for v in field.validators if type(v) is not MaxLengthValidator] + [
            TextLimitValidator(self.max_length, field.label or self.verbose_name)
        ]
        return field


def text_limit(model_name: str, field: str, limit: int) -> models.CheckConstraint:
    """The database's side of a ``LimitedTextField``: a direct write cannot store more."""
    return models.CheckConstraint(
        condition=models.Q(LessThanOrEqual(Length(field), limit)),
        name=f"{model_name}_{field}_length",
    )


def bounded(model_name: str, field: str, low: int, high: int, *, nullable=False):
    """The database's side of a field's Min/MaxValueValidator: a direct write is refused too."""
    condition = models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{model_name}_{field}_bounds")


def bounds_of(field: models.Field) -> tuple[int | None, int | None]:
    """The (lowest, highest) values a field's validators allow: what the programme file and the
    forms read instead of restating them."""
    low = high = None
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    return low, high


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    REFERENT = "referent", _("Company referent")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


# Staff is not a per-programme role: it is the body that owns the platform (User.is_staff).
STAFF = "staff"
PARTICIPANT_ROLES = (Role.MENTOR, Role.MENTEE)
# Roles a person is given by the programme's staff; taking part comes from an accepted application.
APPOINTED_ROLES = (Role.COORDINATOR, Role.REFERENT)


class Phase(models.TextChoices):
    SETUP = "setup", _("Setup")
    RECRUITMENT = "recruitment", _("Recruitment")
    MATCHING = "matching", _("Matching")
    RUNNING = "running", _("Running pairs")
    CLOSING = "closing", _("Closing")
    EVALUATION = "evaluation", _("Evaluation and report")


class MeetingMode(models.TextChoices):
    IN_PERSON = "presentiel", _("In person")
    REMOTE = "distanciel", _("Remote")
    MIXED = "mixte", _("Mixed")


class SectorPreference(models.TextChoices):
    # The one wording of the setting, wherever it shows (setup, admin, proposal, e-mails).
    SAME = "same", pgettext_lazy("sector preference", "Same sector preferred")
    DIFFERENT = "different", pgettext_lazy("sector preference", "Different sector preferred")
    INDIFFERENT = "indifferent", pgettext_lazy("sector preference", "Does not matter")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-249", _("50 to 249 employees")
    LARGE = "250+", _("250 employees or more")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Same name (ignoring case and spaces) = same organisation, as in the import format.
    name_key = models.CharField(
        _("name for comparisons"), max_length=200, unique=True, editable=False
    )
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgrammeQuerySet":
        """Programmes in which the user holds any role (all of them for staff)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(
            models.Q(memberships__user=user)
            | models.Q(applications__user=user, applications__status=ApplicationStatus.ACCEPTED)
        ).distinct()


# The phases that have dates: setup is before the calendar starts.
CALENDAR_PHASES: tuple[str, ...] = (
    Phase.RECRUITMENT,
    Phase.MATCHING,
    Phase.RUNNING,
    Phase.CLOSING,
    Phase.EVALUATION,
)

# Addresses under /programmes/ that are pages, not programmes: no programme may take them.
RESERVED_SLUGS = frozenset(
    {
        "nouveau",
        "importer",
        "mes-programmes",
        "candidater",
        "invitation",
        "candidature-envoyee",
        "activer",
    }
)

# The matching weights, in the order the pages and the programme file show them.
WEIGHT_FIELDS: tuple[str, ...] = (
    "weight_topics",
    "weight_experience",
    "weight_mode",
    "weight_distance",
    "weight_sector",
)
WEIGHT_MAX = 100
CHECKIN_CADENCE_DAYS = (7, 365)
MENTOR_CAPACITY = (1, 5)
MIN_GROUP_SIZE_MAX = 1000
# The follow-up's thresholds (pair health and reminders), programme settings like the others.
MEETING_RHYTHM_DAYS = (7, 180)
NO_MEETING_WEEKS = (1, 52)
CHARTER_WITHIN_DAYS = (1, 90)
# How long the personal data of a closed programme is kept, in months (staff set it).
RETENTION_MONTHS = (1, 120)


def default_retention_months() -> int:
    return settings.PERSONAL_DATA_RETENTION_MONTHS


NO_MEETING_ORDER_MESSAGE = _(
    "The alert after weeks without a meeting comes after the attention: its number of weeks "
    "must be at least as large."
)
# Limits of the texts people type, in characters: generous for what each one is for.
TEXT_LIMITS = {
    "description": 5000,
    "charter": 20000,
    "measure": 1000,
    "expectations": 2000,
    "offer": 2000,
    "note": 5000,
}
OBJECTIVE_MAX_LENGTH = 1000
NO_WEIGHT_MESSAGE = _("At least one matching weight must be above zero.")


def validate_objectives(value) -> None:
    """The objectives are a list of texts, each of at most ``OBJECTIVE_MAX_LENGTH`` characters."""
    if not isinstance(value, list) or not all(isinstance(o, str) for o in value):
        raise ValidationError(_("Objectives: a list of texts."), code="objectives")
    for number, objective in enumerate(value, start=1):
        if len(objective) > OBJECTIVE_MAX_LENGTH:
            raise ValidationError(
                _(
                    "Objectives: objective %(number)s has %(n)s characters; each one has at "
                    "most %(max)s."
                ),
                code="objectives",
                params={"number": number, "n": len(objective), "max": OBJECTIVE_MAX_LENGTH},
            )


def _weight(verbose_name, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(WEIGHT_MAX)],
    )


def _bounded_setting(verbose_name, default: int, bounds: tuple[int, int]):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(bounds[0]), MaxValueValidator(bounds[1])],
    )


def weights_valid(weights) -> bool:
    """The rule of ``Programme.clean`` and of its constraint: at least one weight above zero
    (else every score is 0). Pure, so that the programme file checks it before any write."""
    return any(weights)


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = LimitedTextField(
        _("description"), max_length=TEXT_LIMITS["description"], blank=True
    )
    objectives = models.JSONField(
        _("objectives"), default=list, blank=True, validators=[validate_objectives]
    )
    current_phase = models.CharField(
        _("current phase"), max_length=20, choices=Phase.choices, default=Phase.SETUP
    )
    charter = LimitedTextField(_("charter"), max_length=TEXT_LIMITS["charter"], blank=True)
    checkin_cadence_days = models.PositiveSmallIntegerField(
        _("check-in cadence (days)"),
        default=30,
        validators=[
            MinValueValidator(CHECKIN_CADENCE_DAYS[0]),
            MaxValueValidator(CHECKIN_CADENCE_DAYS[1]),
        ],
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        _("default mentor capacity"),
        default=2,
        validators=[MinValueValidator(MENTOR_CAPACITY[0]), MaxValueValidator(MENTOR_CAPACITY[1])],
    )
    weight_topics = _weight(_("weight: topics"), 40)
    weight_experience = _weight(_("weight: experience"), 20)
    weight_mode = _weight(_("weight: meeting mode"), 15)
    weight_distance = _weight(_("weight: distance"), 15)
    weight_sector = _weight(_("weight: sector"), 10)
    sector_preference = models.CharField(
        _("sector"),
        max_length=12,
        choices=SectorPreference.choices,
        default=SectorPreference.DIFFERENT,
    )
    proximity_required = models.BooleanField(
        _("in-person pairs in the same or a neighbouring département"), default=True
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size for reports"),
        default=settings.MENTORAT_MIN_GROUP_SIZE,
        validators=[
            MinValueValidator(settings.MENTORAT_MIN_GROUP_SIZE_FLOOR),
            MaxValueValidator(MIN_GROUP_SIZE_MAX),
        ],
    )
    # Follow-up: the rhythm the pairs are asked to keep and when a pair needs attention.
    meeting_rhythm_days = _bounded_setting(
        _("expected days between two meetings"), 30, MEETING_RHYTHM_DAYS
    )
    attention_after_weeks = _bounded_setting(
        _("no meeting: needs attention after (weeks)"), 6, NO_MEETING_WEEKS
    )
    alert_after_weeks = _bounded_setting(_("no meeting: alert after (weeks)"), 10, NO_MEETING_WEEKS)
    charter_within_days = _bounded_setting(
        _("charter to be accepted within (days)"), 14, CHARTER_WITHIN_DAYS
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="programmes", verbose_name=_("organisations")
    )
    # Months after the end of the programme's last phase (its calendar) at which the personal data
    # of its people is purged (rights.services.retention).
    retention_months = models.PositiveSmallIntegerField(
        _("personal data kept after closing (months)"),
        default=default_retention_months,
        validators=[MinValueValidator(RETENTION_MONTHS[0]), MaxValueValidator(RETENTION_MONTHS[1])],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at", "name"]
        constraints = [
            bounded(
                "programme",
                "min_group_size",
                settings.MENTORAT_MIN_GROUP_SIZE_FLOOR,
                MIN_GROUP_SIZE_MAX,
            ),
            bounded("programme", "checkin_cadence_days", *CHECKIN_CADENCE_DAYS),
            bounded("programme", "default_mentor_capacity", *MENTOR_CAPACITY),
            bounded("programme", "meeting_rhythm_days", *MEETING_RHYTHM_DAYS),
            bounded("programme", "attention_after_weeks", *NO_MEETING_WEEKS),
            bounded("programme", "alert_after_weeks", *NO_MEETING_WEEKS),
            bounded("programme", "charter_within_days", *CHARTER_WITHIN_DAYS),
            bounded("programme", "retention_months", *RETENTION_MONTHS),
            models.CheckConstraint(
                condition=models.Q(alert_after_weeks__gte=models.F("attention_after_weeks")),
                name="programme_alert_after_attention",
            ),
            *(bounded("programme", f, 0, WEIGHT_MAX) for f in WEIGHT_FIELDS),
            # Model.clean says it in words; this is its guarantee on any direct write.
            models.CheckConstraint(
                condition=functools.reduce(
                    operator.or_, (models.Q(**{f"{f}__gt": 0}) for f in WEIGHT_FIELDS)
                ),
                name="programme_some_weight_above_zero",
            ),
            text_limit("programme", "description", TEXT_LIMITS["description"]),
            text_limit("programme", "charter", TEXT_LIMITS["charter"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if not weights_valid(getattr(self, f) for f in WEIGHT_FIELDS):
            raise ValidationError(NO_WEIGHT_MESSAGE, code="no_weight_above_zero")
        if (
            self.alert_after_weeks is not None
            and self.attention_after_weeks is not None
            and self.alert_after_weeks < self.attention_after_weeks
        ):
            raise ValidationError(
                {"alert_after_weeks": NO_MEETING_ORDER_MESSAGE}, code="alert_before_attention"
            )

    def get_constraints(self):
        # clean() states the weights rule; validating its database twin as well would show the
        # same message twice in a form.
        return [
            (model, [c for c in constraints if c.name not in _STATED_BY_CLEAN])
            for model, constraints in super().get_constraints()
        ]

    @property
    def is_recruiting(self) -> bool:
        """People may apply only while the programme is in its recruitment phase."""
        return self.current_phase == Phase.RECRUITMENT

    @property
    def profiles_editable(self) -> bool:
        """Participants may edit their profile until matching starts, since matching reads it."""
        return self.current_phase in (Phase.SETUP, Phase.RECRUITMENT)


_STATED_BY_CLEAN = ("programme_some_weight_above_zero", "programme_alert_after_attention")


class Topic(models.Model):
    """A thématique participants choose from: offered by mentors, sought by mentees."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="topics", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="topic_unique_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A result indicator of the programme: what is measured, how, and the target."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    measure = LimitedTextField(
        _("how it is measured"), max_length=TEXT_LIMITS["measure"], blank=True
    )
    target = models.CharField(_("target"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]
        constraints = [text_limit("indicator", "measure", TEXT_LIMITS["measure"])]

    def __str__(self) -> str:
        return self.name


class PhaseDates(models.Model):
    """The calendar: when each phase of a programme starts and ends."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="calendar", verbose_name=_("programme")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase dates")
        verbose_name_plural = _("calendar")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "phase"], name="phase_unique_per_programme"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.get_phase_display()}"


class Membership(models.Model):
    """A role given to a person in one programme: coordinator, or referent of an organisation.

    Taking part as mentor or mentee is not a membership: it is the accepted ``Application``
    (with its organisation), the one source of truth that ``roles_for`` and matching read.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("programme")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in APPOINTED_ROLES]
    )
    # The organisation a referent speaks for.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="referent") | models.Q(organisation__isnull=False),
                name="referent_has_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=APPOINTED_ROLES), name="membership_is_appointed_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.programme}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("To review")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationSource(models.TextChoices):
    FORM = "form", _("Application form")
    IMPORT = "import", _("Import")


class Application(models.Model):
    """A person's application to a programme as mentor or mentee: also their profile in it.

    An accepted application *is* the person's mentor or mentee role in the programme, with the
    organisation they work for: nothing else records it.
    """

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("programme"),
    )
    # Empty once the person was erased (rights.services.erasure): the application then stays,
    # with no personal field, only as the member of a pair that the programme's figures count.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in PARTICIPANT_ROLES]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    departement = models.CharField(_("département"), max_length=3, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of management experience"), null=True, blank=True
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="applications", verbose_name=_("topics")
    )
    meeting_mode = models.CharField(
        _("preferred meeting mode"), max_length=12, choices=MeetingMode.choices, blank=True
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many mentees I can follow"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MENTOR_CAPACITY[0]), MaxValueValidator(MENTOR_CAPACITY[1])],
    )
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    expectations = LimitedTextField(
        _("expectations"), max_length=TEXT_LIMITS["expectations"], blank=True
    )
    offer = LimitedTextField(_("what I can offer"), max_length=TEXT_LIMITS["offer"], blank=True)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=ApplicationSource.choices,
        default=ApplicationSource.FORM,
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_application_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(role="mentor") | models.Q(capacity__isnull=True),
                name="only_mentors_have_capacity",
            ),
            bounded("application", "capacity", *MENTOR_CAPACITY, nullable=True),
            text_limit("application", "expectations", TEXT_LIMITS["expectations"]),
            text_limit("application", "offer", TEXT_LIMITS["offer"]),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "role"]),
            # The review list, newest first, is read page by page.
            models.Index(
                fields=["programme", "-created_at", "-id"], name="application_review_order"
            ),
        ]

    def __str__(self) -> str:
        person = self.user or _("erased participant")
        return f"{person} – {self.get_role_display()} – {self.programme}"

    @property
    def effective_capacity(self) -> int:
        return self.capacity or self.programme.default_mentor_capacity


class ApplicationNote(models.Model):
    """A coordinator's internal note on an application (recruitment, never a pair's exchanges)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("application"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = LimitedTextField(_("note"), max_length=TEXT_LIMITS["note"])
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at"]
        constraints = [text_limit("applicationnote", "text", TEXT_LIMITS["note"])]

    def __str__(self) -> str:
        return f"{self.application} – {self.created_at:%Y-%m-%d}"


def new_token() -> str:
    """An unguessable token for an address sent by e-mail or shared (192 random bits)."""
    return secrets.token_urlsafe(24)


class ApplicationLink(models.Model):
    """The shareable address of a programme's application page for one role.

    A random token rather than the programme's slug: only the people the coordinators send it
    to can apply, and a link that leaked can be replaced (the old one stops working).
    """

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="application_links",
        verbose_name=_("programme"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in PARTICIPANT_ROLES]
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("application link")
        verbose_name_plural = _("application links")
        constraints = [
            models.UniqueConstraint(fields=["programme", "role"], name="one_link_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:apply", kwargs={"token": self.token})


class Invitation(models.Model):
    """A personal invitation to apply, sent by e-mail to one address for one role."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("programme")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in PARTICIPANT_ROLES]
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    used_at = models.DateTimeField(_("used on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "email"], name="one_invitation_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:apply_invited", kwargs={"token": self.token})
