"""Programmes, organisations, per-programme roles and recruitment (applications)."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def normalise_name(name: str) -> str:
    """The key that identifies an organisation by its name: case and spaces do not matter."""
    return " ".join((name or "").split()).casefold()


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
    SAME = "same", _("Same sector preferred")
    DIFFERENT = "different", _("Different sector preferred")
    INDIFFERENT = "indifferent", _("Does not matter")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-249", _("50 to 249 employees")
    LARGE = "250+", _("250 employees or more")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Same name (ignoring case and spaces) = same organisation, as in the import format.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

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


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    current_phase = models.CharField(
        _("current phase"), max_length=20, choices=Phase.choices, default=Phase.SETUP
    )
    charter = models.TextField(_("charter"), blank=True)
    checkin_cadence_days = models.PositiveSmallIntegerField(
        _("check-in cadence (days)"), default=30, validators=[MinValueValidator(7)]
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        _("default mentor capacity"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    weight_topics = models.PositiveSmallIntegerField(_("weight: topics"), default=40)
    weight_experience = models.PositiveSmallIntegerField(_("weight: experience"), default=20)
    weight_mode = models.PositiveSmallIntegerField(_("weight: meeting mode"), default=15)
    weight_distance = models.PositiveSmallIntegerField(_("weight: distance"), default=15)
    weight_sector = models.PositiveSmallIntegerField(_("weight: sector"), default=10)
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
        validators=[MinValueValidator(settings.MENTORAT_MIN_GROUP_SIZE_FLOOR)],
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="programmes", verbose_name=_("organisations")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=settings.MENTORAT_MIN_GROUP_SIZE_FLOOR),
                name="programme_min_group_size_floor",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    @property
    def is_recruiting(self) -> bool:
        """People may apply only while the programme is in its recruitment phase."""
        return self.current_phase == Phase.RECRUITMENT

    @property
    def profiles_editable(self) -> bool:
        """Participants may edit their profile until matching starts, since matching reads it."""
        return self.current_phase in (Phase.SETUP, Phase.RECRUITMENT)


class Topic(models.Model):
    """A thématique participants choose from: offered by mentors, sought by mentees."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

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

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    measure = models.TextField(_("how it is measured"), blank=True)
    target = models.CharField(_("target"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class PhaseDates(models.Model):
    """The calendar: when each phase of a programme starts and ends."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calendar")
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

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in APPOINTED_ROLES]
    )
    # The organisation a referent speaks for.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

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

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
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
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    departement = models.CharField(_("département"), max_length=3, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of management experience"), null=True, blank=True
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="applications")
    meeting_mode = models.CharField(
        _("preferred meeting mode"), max_length=12, choices=MeetingMode.choices, blank=True
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many mentees I can follow"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    expectations = models.TextField(_("expectations"), blank=True)
    offer = models.TextField(_("what I can offer"), blank=True)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    source = models.CharField(
        max_length=10, choices=ApplicationSource.choices, default=ApplicationSource.FORM
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
        ]
        indexes = [
            models.Index(fields=["programme", "status", "role"]),
            # The review list, newest first, is read page by page.
            models.Index(
                fields=["programme", "-created_at", "-id"], name="application_review_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.programme}"

    @property
    def effective_capacity(self) -> int:
        return self.capacity or self.programme.default_mentor_capacity


class ApplicationNote(models.Model):
    """A coordinator's internal note on an application (recruitment, never a pair's exchanges)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at"]

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
        Programme, on_delete=models.CASCADE, related_name="application_links"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in PARTICIPANT_ROLES]
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

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

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in PARTICIPANT_ROLES]
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
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
