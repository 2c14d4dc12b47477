from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# What each e-mail template is for, as the admin's e-mail log names it. Only names: the bottom of
# the stack imports no app. A template missing here shows by its file name.
EMAIL_KINDS = {
    "": _("Login code or link"),
    "welcome": _("Welcome to a new account"),
    "account_activation": _("Account activation"),
    "application_invitation": _("Invitation to apply"),
    "application_account_exists": _("Application: the account already exists"),
    "application_accepted": _("Application accepted"),
    "application_waitlisted": _("Application on the waiting list"),
    "application_declined": _("Application declined"),
    "setup_coordinator_appointed": _("Coordinator appointed"),
    "setup_referent_appointed": _("Company referent appointed"),
    "pair_proposed": _("Pair proposed"),
}


class SentEmail(models.Model):
    """One e-mail the platform sends, recorded before it is sent.

    ``key`` names what the e-mail is for (kind, recipient, period, …): the unique constraint on it
    makes sending the same e-mail twice impossible, whoever asks and however often.
    """

    key = models.CharField(_("key"), max_length=255, unique=True)
    to = models.EmailField(_("recipient"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    template = models.CharField(_("kind of e-mail"), max_length=100, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("taken by a worker at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"

    @property
    def kind(self) -> str:
        """What the e-mail is for, in words ("Pair proposed"), else its template's name."""
        return str(EMAIL_KINDS.get(self.template, self.template))
