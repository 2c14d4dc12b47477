"""The programmes' part of a person's erasure (called by ``rights.services.erasure``, which
decides which applications are kept for a pair and which go)."""

from django.db.models import Q, QuerySet

from ..models import Application, ApplicationNote, Invitation, Membership, Programme

# The fields of an application that say something about its person; an application kept as
# the member of a pair loses them all and keeps its role, status, organisation, département
# (a coarse attribute), topics, meeting mode and capacity: what the programme's figures count.
PERSONAL_FIELDS = {
    "user": None,
    "job_title": "",
    "experience_years": None,
    "availability": "",
    "expectations": "",
    "offer": "",
    "consent_at": None,
    "decided_by": None,
}


def applications_of(*, user, programme: Programme | None = None) -> QuerySet[Application]:
    applications = Application.objects.filter(user=user)
    if programme is not None:
        applications = applications.filter(programme=programme)
    return applications


def application_notes_erase(*, application_ids) -> int:
    """The coordinators' notes about these applications (notes *about* the person)."""
    deleted, _ = ApplicationNote.objects.filter(application_id__in=application_ids).delete()
    return deleted


def applications_detach(*, application_ids) -> int:
    """Keep these applications with no person and no personal field."""
    return Application.objects.filter(pk__in=application_ids).update(**PERSONAL_FIELDS)


def applications_delete(*, application_ids) -> int:
    """Delete these applications (their topics, proposals and rules go with them)."""
    deleted, _ = Application.objects.filter(pk__in=application_ids).delete()
    return deleted


def memberships_erase(*, user, programme: Programme | None = None) -> int:
    memberships = Membership.objects.filter(user=user)
    if programme is not None:
        memberships = memberships.filter(programme=programme)
    deleted, _ = memberships.delete()
    return deleted


def invitations_erase(*, email: str, programme: Programme | None = None) -> int:
    """The invitations to apply sent to that address."""
    invitations = Invitation.objects.filter(email__iexact=email)
    if programme is not None:
        invitations = invitations.filter(programme=programme)
    deleted, _ = invitations.delete()
    return deleted


def authored_forget(*, user, programme: Programme | None = None) -> dict[str, int]:
    """What the person did as coordinator or staff stays, without them as its author."""
    in_programme = Q() if programme is None else Q(programme=programme)
    done = {
        "programmes_applicationnote.author": ApplicationNote.objects.filter(
            Q(author=user) & (Q() if programme is None else Q(application__programme=programme))
        ).update(author=None),
        "programmes_application.decided_by": Application.objects.filter(
            Q(decided_by=user) & in_programme
        ).update(decided_by=None),
        "programmes_invitation.invited_by": Invitation.objects.filter(
            Q(invited_by=user) & in_programme
        ).update(invited_by=None),
    }
    if programme is None:
        done["programmes_programme.created_by"] = Programme.objects.filter(created_by=user).update(
            created_by=None
        )
    return done


def programme_invitations_erase(*, programme: Programme) -> int:
    """Every invitation to apply of a programme (addresses of people who may never have come)."""
    deleted, _ = Invitation.objects.filter(programme=programme).delete()
    return deleted
