"""The pair's life after publication: the charter accepted, meetings logged, the next meeting
planned, help asked for.

Promise 1 of docs/DESIGN.md holds by construction: no model here has a field for what a pair
says — a meeting is a date, a duration and a mode, nothing else; a help request says who asked
and how they wish to be reached, never why.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from matching.models import Pair
from programmes.models import PARTICIPANT_ROLES, LimitedTextField, bounded, text_limit

MEETING_MINUTES = (5, 600)


class CharterAcceptance(models.Model):
    """A member accepted the programme's charter for their pair, on that date."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="charter_acceptances", verbose_name=_("pair")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in PARTICIPANT_ROLES]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person"),
    )
    accepted_at = models.DateTimeField(_("accepted on"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter acceptance")
        verbose_name_plural = _("charter acceptances")
        constraints = [
            models.UniqueConstraint(fields=["pair", "role"], name="charter_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.role}"


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")


class Meeting(models.Model):
    """A meeting that happened: when, how long, how. There is deliberately nothing else."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("pair")
    )
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(MEETING_MINUTES[0]), MaxValueValidator(MEETING_MINUTES[1])],
    )
    mode = models.CharField(_("mode"), max_length=10, choices=MeetingMode.choices)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logged by"),
    )
    logged_at = models.DateTimeField(_("logged on"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["pair", "held_on"])]
        constraints = [bounded("meeting", "duration_minutes", *MEETING_MINUTES)]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.held_on}"


class PlannedMeeting(models.Model):
    """The pair's next planned meeting (one at a time): for the .ics file and the reminder."""

    pair = models.OneToOneField(
        Pair, on_delete=models.CASCADE, related_name="planned_meeting", verbose_name=_("pair")
    )
    starts_at = models.DateTimeField(_("planned for"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(MEETING_MINUTES[0]), MaxValueValidator(MEETING_MINUTES[1])],
    )
    mode = models.CharField(_("mode"), max_length=10, choices=MeetingMode.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("planned by"),
    )
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("planned meeting")
        verbose_name_plural = _("planned meetings")
        constraints = [bounded("plannedmeeting", "duration_minutes", *MEETING_MINUTES)]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.starts_at}"


class HelpChannel(models.TextChoices):
    EMAIL = "email", _("By e-mail")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class HelpRequest(models.Model):
    """ "I wish to be contacted by the coordination": who asked and how, never why. The partner
    is not told."""

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="help_requests", verbose_name=_("pair")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asked by"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in PARTICIPANT_ROLES]
    )
    channel = models.CharField(_("preferred channel"), max_length=10, choices=HelpChannel.choices)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["pair", "handled_at"])]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.created_at:%Y-%m-%d}"


class Reminder(models.Model):
    """A reminder sent: one row per (kind, subject, recipient, period), never two.

    The sweep (``followup/reminders.py``) inserts the row and enqueues the e-mail in one
    transaction; the unique constraint, not luck, keeps a sweep run twice, or two beats at once,
    from sending the same reminder twice. ``sweep`` tells a sweep the rows it inserted itself from
    those a sweep running at the same moment inserted first."""

    kind = models.CharField(_("kind"), max_length=50)
    # What the reminder is about: "pair:12", "user:5", "questionnaire:3"...
    subject = models.CharField(_("about"), max_length=50)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    # Which occurrence: "1" or "2" for the n-th reminder, an ISO date, an ISO week...
    period = models.CharField(_("period"), max_length=30)
    sweep = models.UUIDField(_("sweep"), editable=False)
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "recipient", "period"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} → {self.recipient_id} ({self.period})"


# Messages to a segment


class MessageStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("message status", "Waiting to be sent")
    SENDING = "sending", pgettext_lazy("message status", "Being sent")
    DONE = "done", pgettext_lazy("message status", "Sent")


MESSAGE_BODY_LIMIT = 5000


class Message(models.Model):
    """A message the coordination wrote to a segment of the programme (all mentors, one
    organisation...). Its recipients are fixed when it is sent (``MessageRecipient``); the
    segment's code and parameter say whom it was for, in the words of followup.selectors."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("programme"),
    )
    segment = models.CharField(_("recipients"), max_length=30)
    # What the segment needs beyond its code: the organisation's id for "one organisation".
    segment_param = models.CharField(_("recipients: detail"), max_length=50, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = LimitedTextField(_("message"), max_length=MESSAGE_BODY_LIMIT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # Last time the message was handed to the workers or a worker went through a batch of it:
    # none while the broker could not be reached; an old one means the worker was lost.
    heartbeat_at = models.DateTimeField(_("last batch on"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [text_limit("message", "body", MESSAGE_BODY_LIMIT)]

    def __str__(self) -> str:
        return self.subject


class MessageRecipient(models.Model):
    """One person a message is for: written once when the message is sent, marked when the
    worker has recorded their e-mail (at most once, by the constraint and the e-mail's key)."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("message")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        indexes = [models.Index(fields=["message", "sent_at"])]
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="message_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.user_id}"
