"""The retention purge: the daily beat (``rights.tasks.purge_personal_data``) and
``manage.py purge_personal_data`` erase, with ``person_erase``:

- the people of a programme past its purge date (``programmes.selectors.retention``: the end of
  its last phase plus its ``retention_months``, once it is in its last phase). A person who
  still takes part in another programme, or who is staff, keeps their account and what belongs
  to that other programme: only what belongs to the purged programme is erased. Everyone else
  is erased with their account;
- the people imported who never activated their account (no confirmed address, never logged in)
  ``PERSONAL_DATA_INACTIVE_DAYS`` days after their account was made, unless they are in a pair
  that is still going.

Both are idempotent: a programme already purged has nobody left to erase.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from evaluation.models import SurveyInvitation
from followup.models import MessageRecipient
from matching.models import OPEN_PAIR_STATUSES, Pair
from programmes.models import Application, ApplicationSource, Membership, Phase, Programme
from programmes.selectors.retention import personal_data_purge_on
from programmes.services.erasure import programme_invitations_erase

from ..models import ErasureReason
from .erasure import person_erase


@dataclass
class PurgeReport:
    programmes: list[str] = field(default_factory=list)
    people_erased: int = 0  # with their account
    people_kept: int = 0  # only what belonged to a purged programme
    inactive_erased: int = 0

    def as_dict(self) -> dict:
        return {
            "programmes": self.programmes,
            "people_erased": self.people_erased,
            "people_kept": self.people_kept,
            "inactive_erased": self.inactive_erased,
        }


def programmes_due(today: date) -> list[Programme]:
    due = []
    for programme in Programme.objects.filter(current_phase=Phase.EVALUATION).order_by("pk"):
        purge_on = personal_data_purge_on(programme)
        if purge_on is not None and purge_on <= today:
            due.append(programme)
    return due


def _people_of(programme: Programme):
    User = get_user_model()
    return User.objects.filter(
        Q(pk__in=Application.objects.filter(programme=programme).values("user_id"))
        | Q(pk__in=Membership.objects.filter(programme=programme).values("user_id"))
        | Q(
            pk__in=SurveyInvitation.objects.filter(wave__questionnaire__programme=programme).values(
                "user_id"
            )
        )
        | Q(pk__in=MessageRecipient.objects.filter(message__programme=programme).values("user_id"))
    ).order_by("pk")


def _elsewhere(user, programme: Programme) -> bool:
    return (
        user.is_staff
        or Application.objects.filter(user=user).exclude(programme=programme).exists()
        or Membership.objects.filter(user=user).exclude(programme=programme).exists()
    )


def inactive_people_due(today: date):
    """Imported people who never activated their account, made before the inactive period."""
    User = get_user_model()
    made_before = timezone.make_aware(
        datetime.combine(today - timedelta(days=settings.PERSONAL_DATA_INACTIVE_DAYS), time.min)
    )
    imported = Application.objects.filter(user=OuterRef("pk"), source=ApplicationSource.IMPORT)
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    in_open_pair = Pair.objects.filter(
        Q(mentor__user=OuterRef("pk")) | Q(mentee__user=OuterRef("pk")),
        status__in=OPEN_PAIR_STATUSES,
    )
    return (
        User.objects.filter(
            Exists(imported),
            ~Exists(confirmed),
            ~Exists(in_open_pair),
            last_login__isnull=True,
            is_staff=False,
            date_joined__lt=made_before,
            memberships__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def personal_data_purge(*, today: date | None = None, dry_run: bool = False) -> PurgeReport:
    """Purge what is past its retention period (see the module's docstring). ``dry_run``: the
    same report, nothing changed."""
    today = today or timezone.localdate()
    report = PurgeReport()
    with transaction.atomic():
        for programme in programmes_due(today):
            people = list(_people_of(programme))
            if not people and not programme.invitations.exists():
                continue  # purged already
            report.programmes.append(programme.name)
            for user in people:
                if _elsewhere(user, programme):
                    person_erase(user=user, reason=ErasureReason.RETENTION, programme=programme)
                    report.people_kept += 1
                else:
                    person_erase(user=user, reason=ErasureReason.RETENTION)
                    report.people_erased += 1
            programme_invitations_erase(programme=programme)
        for user in inactive_people_due(today):
            person_erase(user=user, reason=ErasureReason.INACTIVE)
            report.inactive_erased += 1
        if dry_run:
            transaction.set_rollback(True)
    return report
