"""What the participants' rights leave behind: the person's own data downloads, their erasure
requests, a record that an erasure happened (dated, with no identity), and the log of exports of
personal data by coordinators and staff (who, when, what)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme


def _token() -> str:
    return secrets.token_urlsafe(32)


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    BUILDING = "building", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def download_path(download: "DataDownload", filename: str) -> str:
    return f"personal-data/{download.token}/{filename}"


class DataDownload(models.Model):
    """A person's "download my data": a zip (a readable page and the same data as JSON), built
    by a Celery task when large, kept for a few days, downloadable by that person only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_downloads",
        verbose_name=_("person"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(_("asked for on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    file = models.FileField(_("file"), upload_to=download_path, blank=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data download")
        verbose_name_plural = _("personal data downloads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d}"


class ErasureRequest(models.Model):
    """A person asked for the erasure of their data from their account; it is carried out once
    they confirm it from the e-mail sent to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(_("asked for on"), auto_now_add=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d}"


class ErasureReason(models.TextChoices):
    REQUEST = "request", _("Asked for by the person")
    STAFF = "staff", _("Asked for by mail, carried out by staff")
    RETENTION = "retention", _("Retention period over")
    INACTIVE = "inactive", _("Account never activated")


class ErasureRecord(models.Model):
    """That an erasure happened, and when: no name, no address, no id of the person."""

    erased_on = models.DateField(_("erased on"))
    reason = models.CharField(_("reason"), max_length=10, choices=ErasureReason.choices)
    # {table: rows deleted or made anonymous}: what was done, never to whom.
    summary = models.JSONField(_("what was done"), default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.erased_on}: {self.get_reason_display()}"


class ExportLog(models.Model):
    """An export of personal data by a coordinator or staff: who, when, what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("exported by"),
    )
    at = models.DateTimeField(_("exported on"), auto_now_add=True)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("programme"),
    )
    what = models.CharField(_("what"), max_length=60)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("export of personal data")
        verbose_name_plural = _("exports of personal data")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.what}: {self.at:%Y-%m-%d %H:%M}"
