"""Invitations to answer a wave, with the coarse attributes that decide what a response keeps."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from programmes.models import Application

from ..attributes import sector_group
from ..models import SurveyInvitation, Wave


def person_attributes(application: Application) -> dict[str, str]:
    """The coarse attributes of a participant (their accepted application): sector group,
    département (theirs, else their organisation's) and the organisation's size band."""
    organisation = application.organisation
    return {
        "sector_group": sector_group(organisation.sector if organisation else ""),
        "departement": application.departement
        or (organisation.departement if organisation else ""),
        "size_band": organisation.size_band if organisation else "",
    }


def wave_invitations_create(*, wave: Wave, applications: Iterable[Application]) -> int:
    """Invite the people of ``applications`` (accepted, with ``organisation`` selected) to
    ``wave``, once each; returns how many were invited now. Their role is the application's."""
    today = timezone.localdate()
    with transaction.atomic():
        already = set(wave.invitations.values_list("user_id", flat=True))
        new = []
        for application in applications:
            if application.user_id is None or application.user_id in already:
                # None: an erased person's application, kept for a pair, invites no one.
                continue
            already.add(application.user_id)
            new.append(
                SurveyInvitation(
                    wave=wave,
                    user_id=application.user_id,
                    role=application.role,
                    invited_on=today,
                    **person_attributes(application),
                )
            )
        SurveyInvitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
