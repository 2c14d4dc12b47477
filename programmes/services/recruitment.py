"""Writes of recruitment: application links and invitations, applications and profiles, the
coordinators' decisions and notes, and the activation of imported accounts.

Plain keyword-only functions inside a transaction, which validate before saving and raise
``ValidationError`` with a translatable message. Every e-mail goes through ``email_enqueue``,
whose key makes it impossible to send the same one twice.
"""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mentorat.core.emails import email_enqueue

from ..hooks import role_removal_refusal
from ..imports import ImportReport, participants_import
from ..models import (
    Application,
    ApplicationLink,
    ApplicationNote,
    ApplicationSource,
    ApplicationStatus,
    Invitation,
    Organisation,
    Programme,
    Role,
    Topic,
    new_token,
    normalise_name,
)

__all__ = [
    "ApplicationProfile",
    "account_activate",
    "application_create",
    "application_create_with_account",
    "application_decide",
    "application_link_get",
    "application_link_renew",
    "application_note_add",
    "application_profile_update",
    "application_withdraw",
    "imported_accounts_invite",
    "imported_accounts_pending",
    "invitations_send",
    "participants_import",
    "ImportReport",
]

DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED)


@dataclass
class ApplicationProfile:
    """What a person says about themselves when applying, and may edit until matching starts.

    ``organisation`` is one of the programme's organisations, or None with ``new_organisation``
    the name they typed (the same name, ignoring case and spaces, is the same organisation).
    """

    organisation: Organisation | None = None
    new_organisation: str = ""
    sector: str = ""
    departement: str = ""
    job_title: str = ""
    experience_years: int | None = None
    topics: list[Topic] = field(default_factory=list)
    meeting_mode: str = ""
    capacity: int | None = None
    availability: str = ""
    expectations: str = ""
    offer: str = ""


# --- Links and invitations -----------------------------------------------------------------


@transaction.atomic
def application_link_get(*, programme: Programme, role: str) -> ApplicationLink:
    """The shareable link of the programme's application page for ``role`` (made once)."""
    _check_participant_role(role)
    link, _created = ApplicationLink.objects.get_or_create(programme=programme, role=role)
    return link


@transaction.atomic
def application_link_renew(*, programme: Programme, role: str) -> ApplicationLink:
    """A new address for the application page: the previous one stops working at once."""
    link = application_link_get(programme=programme, role=role)
    link.token = new_token()
    link.save(update_fields=["token"])
    return link


@transaction.atomic
def invitations_send(*, programme: Programme, emails: list[str], role: str, by) -> list[Invitation]:
    """Invite each address to apply for ``role``; an address is e-mailed once per role, however
    often the coordinator asks. Returns the invitations e-mailed now."""
    _check_participant_role(role)
    if not programme.is_recruiting:
        raise ValidationError(_("Invitations can only be sent during the recruitment phase."))
    sent = []
    now = timezone.now()
    for email in dict.fromkeys(email.strip().lower() for email in emails if email.strip()):
        invitation, created = Invitation.objects.get_or_create(
            programme=programme, email=email, defaults={"role": role, "invited_by": by}
        )
        if not created and invitation.role != role:
            invitation.role = role
            invitation.save(update_fields=["role"])
        queued = email_enqueue(
            key=f"application-invitation:{invitation.pk}:{role}",
            to=email,
            template="application_invitation",
            context={
                "programme_name": programme.name,
                "role": role,
                "inviter": by.display_name if by else "",
                "url": invitation.get_absolute_url(),
            },
            language=_language_of(email),
        )
        if queued is not None:
            invitation.sent_at = now
            invitation.save(update_fields=["sent_at"])
            sent.append(invitation)
    return sent


# --- Applications --------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    programme: Programme,
    user,
    role: str,
    profile: ApplicationProfile,
    invitation: Invitation | None = None,
) -> Application:
    """A signed-in person's application, with their consent to the processing of their data."""
    _check_participant_role(role)
    if not programme.is_recruiting:
        raise ValidationError(_("Applications to this programme are closed."))
    if Application.objects.filter(programme=programme, user=user).exists():
        raise ValidationError(_("You have already applied to this programme."))
    application = Application(
        programme=programme,
        user=user,
        role=role,
        status=ApplicationStatus.SUBMITTED,
        source=ApplicationSource.FORM,
        consent_at=timezone.now(),
    )
    _apply_profile(application, profile)
    if invitation is not None and invitation.used_at is None:
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    return application


@dataclass
class AnonymousOutcome:
    """What an application without an account led to. ``user`` is set only when the person
    proved they own the address (a personal invitation) and may be signed in at once."""

    application: Application | None = None
    signed_in_user: object = None


@transaction.atomic
def application_create_with_account(
    *,
    request,
    programme: Programme,
    role: str,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    profile: ApplicationProfile,
    invitation: Invitation | None = None,
) -> AnonymousOutcome:
    """An application by someone not signed in: creates their account and the application.

    If the address already has an account nothing is created and that account is told by
    e-mail how to apply; the page shown is the same either way (« check your e-mail »), so
    that nobody learns from this form who has an account.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        # Hash the typed password anyway: answering faster would tell that the account exists.
        make_password(password)
        email_enqueue(
            key=f"application-account-exists:{programme.pk}:{existing.pk}:{timezone.now():%Y%m%d}",
            to=existing.email,
            template="application_account_exists",
            context={
                "first_name": existing.first_name,
                "programme_name": programme.name,
                "login_url": reverse("account_login"),
                "reset_url": reverse("account_reset_password"),
                "apply_url": request.path,
            },
            language=existing.language,
        )
        return AnonymousOutcome()
    # A personal invitation was sent to this address: using it proves the person reads it.
    proven = invitation is not None and invitation.email == email
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        language=(translation.get_language() or "fr")[:2],
    )
    address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=proven)
    application = application_create(
        programme=programme, user=user, role=role, profile=profile, invitation=invitation
    )
    if not proven:
        address.send_confirmation(request, signup=True)
    return AnonymousOutcome(application=application, signed_in_user=user if proven else None)


@transaction.atomic
def application_profile_update(*, application: Application, profile: ApplicationProfile) -> None:
    """Change one's profile: allowed until matching starts, since matching reads it."""
    if not application.programme.profiles_editable:
        raise ValidationError(
            _("Matching has started: your profile can no longer be changed here.")
        )
    _apply_profile(application, profile)


def _apply_profile(application: Application, profile: ApplicationProfile) -> None:
    programme = application.programme
    organisation = profile.organisation
    if organisation is None:
        organisation = _organisation_for(
            profile.new_organisation, sector=profile.sector, departement=profile.departement
        )
    elif profile.sector and not organisation.sector:
        organisation.sector = profile.sector
        organisation.save(update_fields=["sector"])
    programme.organisations.add(organisation)
    topics = list(profile.topics)
    if any(topic.programme_id != programme.pk for topic in topics):
        raise ValidationError(_("Choose topics from the programme's list."))
    if profile.capacity is not None and not 1 <= profile.capacity <= 5:
        raise ValidationError(_("A mentor can follow between 1 and 5 mentees."))
    application.organisation = organisation
    application.departement = profile.departement
    application.job_title = profile.job_title
    application.experience_years = profile.experience_years
    application.meeting_mode = profile.meeting_mode
    application.capacity = profile.capacity if application.role == Role.MENTOR else None
    application.availability = profile.availability
    application.expectations = profile.expectations
    application.offer = profile.offer
    application.full_clean(exclude=["user", "programme", "topics"])
    application.save()
    application.topics.set(topics)


def _organisation_for(name: str, *, sector: str, departement: str) -> Organisation:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Choose your organisation in the list or type its name."))
    organisation, _created = Organisation.objects.get_or_create(
        name_key=normalise_name(name),
        defaults={"name": name, "sector": sector, "departement": departement},
    )
    return organisation


# --- Review ----------------------------------------------------------------------------------


@transaction.atomic
def application_decide(*, application: Application, status: str, by) -> bool:
    """Accept, put on the waiting list or decline an application, and tell the applicant by
    e-mail. The accepted application is the person's mentor or mentee role in the programme
    (``roles_for`` reads it); any other decision takes the role away. Returns False when the
    application already had this status."""
    if status not in DECISIONS:
        raise ValidationError(_("Unknown decision."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == status:
        return False
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("This person has withdrawn their application."))
    if status != ApplicationStatus.ACCEPTED:
        # Higher apps say what taking the role away would break (a pair that goes on).
        refusal = role_removal_refusal(application)
        if refusal:
            raise ValidationError(refusal)
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    user = application.user
    decided = f"{application.decided_at:%Y%m%dT%H%M%S.%f}"
    email_enqueue(
        # One e-mail per decision: the same status decided again later (accepted, waiting
        # list, accepted) is a new decision with its own moment, so it is told again; the
        # same decision can only be recorded once (the status check above, under lock).
        key=f"application-decision:{application.pk}:{status}:{decided}",
        to=user.email,
        template=f"application_{status}",
        context={
            "first_name": user.first_name,
            "programme_name": application.programme.name,
            "role": application.role,
            "url": reverse(
                "programmes:my_application", kwargs={"slug": application.programme.slug}
            ),
        },
        language=user.language,
    )
    return True


@transaction.atomic
def application_withdraw(*, application: Application) -> bool:
    """The person withdraws from the programme and no longer takes part. Refused while they are
    in a pair that goes on, as a decision would be. Withdrawing is final for this programme:
    no decision nor import brings the person back. Returns False if already withdrawn."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.WITHDRAWN:
        return False
    refusal = role_removal_refusal(application)
    if refusal:
        raise ValidationError(refusal)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def application_note_add(*, application: Application, author, text: str) -> ApplicationNote:
    """An internal note of the coordination on an application (never shown to the applicant)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("The note is empty."))
    return ApplicationNote.objects.create(application=application, author=author, text=text)


# --- Imported accounts ---------------------------------------------------------------------


def imported_accounts_pending(programme: Programme):
    """Imported people of the programme whose address is not confirmed yet."""
    verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
    return Application.objects.filter(programme=programme, source=ApplicationSource.IMPORT).filter(
        ~Exists(verified)
    )


@transaction.atomic
def imported_accounts_invite(*, programme: Programme, by) -> int:
    """E-mail each imported person whose account is not active yet a link to activate it and
    choose a password; each person gets this e-mail once per programme. Returns how many
    e-mails were queued now."""
    queued = 0
    pending = imported_accounts_pending(programme).select_related("user")
    for application in pending:
        user = application.user
        key = f"account-activation:{programme.pk}:{user.pk}"
        url = reverse(
            "programmes:account_activate",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        email = email_enqueue(
            key=key,
            to=user.email,
            template="account_activation",
            context={
                "first_name": user.first_name,
                "programme_name": programme.name,
                "role": application.role,
                "url": url,
            },
            language=user.language,
        )
        queued += email is not None
    return queued


@transaction.atomic
def account_activate(*, user) -> None:
    """The person opened the activation link sent to their address: it is confirmed."""
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if not updated:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


# --- Helpers ---------------------------------------------------------------------------------


def _check_participant_role(role: str) -> None:
    if role not in (Role.MENTOR, Role.MENTEE):
        raise ValidationError(_("Unknown role."))


def _language_of(email: str) -> str:
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).only("language").first()
    return user.language if user else "fr"
