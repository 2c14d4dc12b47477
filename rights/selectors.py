"""Reads of the participants' rights: "Mon compte", the person's own data (the download), their
downloads, and the export log that staff read.

``personal_data(user)`` is the one description of what the platform holds about a person: the
download's JSON and HTML are both written from it. It never reads the anonymous responses of
questionnaires and check-ins: they are linked to nobody, so they cannot be anybody's to download.
The invitations to answer are listed (the person was asked, and answered or not), since they
name the person.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from evaluation.models import SurveyInvitation
from followup.models import CharterAcceptance, HelpRequest, Meeting
from matching.models import Pair
from matching.models import Response as PairAnswer
from mentorat.core.models import SentEmail
from programmes.models import Application, ApplicationNote, Invitation, Membership

from .models import DataDownload, ExportLog

# The pages list at most this many rows of one kind (the download holds them all).
ACCOUNT_LIST_MAX = 200


# --- Mon compte --------------------------------------------------------------------------------


@dataclass
class Consent:
    """Something the person accepted, and when: an application's consent to the processing of
    their data, a pair's charter."""

    what: str  # "application" or "charter"
    programme: str
    at: datetime | None
    partner: str = ""


@dataclass
class Account:
    applications: list[Application]
    memberships: list[Membership]
    consents: list[Consent]
    downloads: list[DataDownload]


def _applications(user) -> QuerySet[Application]:
    return (
        Application.objects.filter(user=user)
        .select_related("programme", "organisation")
        .order_by("-created_at", "-pk")
    )


def _memberships(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("programme", "organisation")
        .order_by("-created_at", "-pk")
    )


def _pairs(user) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(Q(mentor__user=user) | Q(mentee__user=user))
        .select_related(
            "programme",
            "mentor__user",
            "mentor__organisation",
            "mentee__user",
            "mentee__organisation",
        )
        .order_by("-created_at", "-pk")
    )


def _acceptances(user) -> QuerySet[CharterAcceptance]:
    return (
        CharterAcceptance.objects.filter(user=user)
        .select_related("pair__programme", "pair__mentor__user", "pair__mentee__user")
        .order_by("-accepted_at", "-pk")
    )


def _partner_name(pair: Pair, user) -> str:
    partner = pair.mentee if pair.mentor.user_id == user.pk else pair.mentor
    # An erased partner has no account any more (the erasure leaves the application nameless).
    return partner.user.display_name if partner.user_id else ""


def _consents(applications, acceptances, user) -> list[Consent]:
    consents = [
        Consent("application", a.programme.name, a.consent_at) for a in applications if a.consent_at
    ]
    consents += [
        Consent("charter", c.pair.programme.name, c.accepted_at, _partner_name(c.pair, user))
        for c in acceptances
    ]
    return sorted(consents, key=lambda c: c.at or timezone.now(), reverse=True)


def account_of(user) -> Account:
    """What "Mon compte" shows beside the forms, in five queries whatever the person holds:
    their applications (each programme with its role and status), their appointed roles, and
    what they accepted and when, the downloads still kept."""
    applications = list(_applications(user)[:ACCOUNT_LIST_MAX])
    memberships = list(_memberships(user)[:ACCOUNT_LIST_MAX])
    acceptances = list(_acceptances(user)[:ACCOUNT_LIST_MAX])
    return Account(
        applications=applications,
        memberships=memberships,
        consents=_consents(applications, acceptances, user),
        downloads=list(downloads_of(user)[:10]),
    )


# --- The person's data (the download) ------------------------------------------------------------


def _emails(user) -> QuerySet[SentEmail]:
    return SentEmail.objects.filter(to__iexact=user.email).order_by("-created_at", "-pk")


def _invitations_to_apply(user) -> QuerySet[Invitation]:
    # Sent to the person's address by a coordinator, before or after they had an account.
    return (
        Invitation.objects.filter(email__iexact=user.email)
        .select_related("programme")
        .order_by("-created_at", "-pk")
    )


def personal_data_rows(user) -> int:
    """How many rows the person's download holds, counted without reading them (a few COUNT
    queries): the download is built in the request up to PERSONAL_DATA_INLINE_MAX_ROWS, by a
    worker above."""
    counted = [
        Application.objects.filter(user=user),
        ApplicationNote.objects.filter(application__user=user),
        Membership.objects.filter(user=user),
        Pair.objects.filter(Q(mentor__user=user) | Q(mentee__user=user)),
        Meeting.objects.filter(Q(pair__mentor__user=user) | Q(pair__mentee__user=user)),
        HelpRequest.objects.filter(requested_by=user),
        SurveyInvitation.objects.filter(user=user),
        CharterAcceptance.objects.filter(user=user),
        _emails(user),
        _invitations_to_apply(user),
    ]
    return 1 + sum(queryset.count() for queryset in counted)


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _application(a: Application) -> dict:
    return {
        "programme": a.programme.name,
        "role": a.get_role_display(),
        "status": a.get_status_display(),
        "organisation": a.organisation.name,
        "departement": a.departement,
        "job_title": a.job_title,
        "experience_years": a.experience_years,
        "topics": sorted(t.name for t in a.topics.all()),
        "meeting_mode": a.get_meeting_mode_display() if a.meeting_mode else "",
        "capacity": a.capacity,
        "availability": a.availability,
        "expectations": a.expectations,
        "offer": a.offer,
        "source": a.get_source_display(),
        "consent_at": _iso(a.consent_at),
        "applied_on": _iso(a.created_at),
        "decided_on": _iso(a.decided_at),
        # The coordination's internal notes on the application are data about the person: they
        # are theirs to read (their text and date; not who wrote them).
        "notes": [{"date": _iso(n.created_at), "text": n.text} for n in a.notes.all()],
    }


def _pair(pair: Pair, user) -> dict:
    as_mentor = pair.mentor.user_id == user.pk
    mine, partner = (pair.mentor, pair.mentee) if as_mentor else (pair.mentee, pair.mentor)
    answer = pair.mentor_response if as_mentor else pair.mentee_response
    return {
        "programme": pair.programme.name,
        "my_role": mine.get_role_display(),
        "partner": _partner_name(pair, user),
        "partner_role": partner.get_role_display(),
        "partner_organisation": partner.organisation.name,
        "status": pair.get_status_display(),
        "proposed_on": _iso(pair.created_at),
        "my_answer": _answer_label(answer),
        "updated_on": _iso(pair.updated_at),
    }


def _answer_label(answer: str) -> str:
    return str(dict(PairAnswer.choices).get(answer, answer))


def personal_data(user) -> dict:
    """Everything the platform holds about ``user``, as plain data (JSON-ready: texts, numbers,
    ISO dates), labels in the active language. A fixed number of queries, whatever the volume.
    Never the anonymous responses: see the module's docstring."""
    applications = list(
        _applications(user).prefetch_related(
            "topics",
            Prefetch("notes", queryset=ApplicationNote.objects.order_by("created_at", "pk")),
        )
    )
    pairs = list(_pairs(user))
    by_pair = {p.pk: p for p in pairs}
    meetings = Meeting.objects.filter(pair__in=[p.pk for p in pairs]).order_by("-held_on", "-pk")
    help_requests = (
        HelpRequest.objects.filter(requested_by=user)
        .select_related("pair__programme")
        .order_by("-created_at", "-pk")
    )
    invitations = (
        SurveyInvitation.objects.filter(user=user)
        .select_related("wave__questionnaire__programme")
        .order_by("-invited_on", "-pk")
    )
    acceptances = list(_acceptances(user))
    return {
        "generated_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.get_language_display(),
            "phone": user.phone,
            "share_phone": user.share_phone,
            "wants_reminders": user.wants_reminders,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "applications": [_application(a) for a in applications],
        "memberships": [
            {
                "programme": m.programme.name,
                "role": m.get_role_display(),
                "organisation": m.organisation.name if m.organisation_id else "",
                "since": _iso(m.created_at),
            }
            for m in _memberships(user)
        ],
        "pairs": [_pair(p, user) for p in pairs],
        "meetings": [
            {
                "programme": by_pair[m.pair_id].programme.name,
                "partner": _partner_name(by_pair[m.pair_id], user),
                "date": _iso(m.held_on),
                "duration_minutes": m.duration_minutes,
                "mode": m.get_mode_display(),
                "logged_by_me": m.logged_by_id == user.pk,
            }
            for m in meetings
        ],
        "help_requests": [
            {
                "programme": h.pair.programme.name,
                "asked_on": _iso(h.created_at),
                "channel": h.get_channel_display(),
                "handled_on": _iso(h.handled_at),
            }
            for h in help_requests
        ],
        "survey_invitations": [
            {
                "programme": i.wave.questionnaire.programme.name,
                "questionnaire": i.wave.questionnaire.title,
                "wave": i.wave.number,
                "invited_on": _iso(i.invited_on),
                "answered": i.answered,
            }
            for i in invitations
        ],
        "invitations_to_apply": [
            {
                "programme": i.programme.name,
                "role": i.get_role_display(),
                "sent_on": _iso(i.sent_at),
                "used_on": _iso(i.used_at),
            }
            for i in _invitations_to_apply(user)
        ],
        "emails": [
            {
                "subject": e.subject or e.kind,
                "date": _iso(e.sent_at or e.created_at),
                "status": e.get_status_display(),
            }
            for e in _emails(user)
        ],
        "consents": [
            {"what": c.what, "programme": c.programme, "at": _iso(c.at), "partner": c.partner}
            for c in _consents(applications, acceptances, user)
        ],
    }


# --- Downloads ----------------------------------------------------------------------------------


def download_days() -> int:
    """How many days a download built by a worker is kept."""
    return getattr(settings, "PERSONAL_DATA_DOWNLOAD_DAYS", 7)


def downloads_of(user) -> QuerySet[DataDownload]:
    """The person's downloads still kept, newest first."""
    kept_since = timezone.now() - timedelta(days=download_days())
    return DataDownload.objects.filter(user=user, created_at__gt=kept_since).order_by(
        "-created_at", "-pk"
    )


def get_download_for(user, token: str) -> DataDownload:
    """One of the person's own downloads; anyone else's does not exist for them (404)."""
    download = DataDownload.objects.filter(user=user, token=token[:64]).first()
    if download is None or not user.is_authenticated:
        raise Http404
    return download


# --- The export log -------------------------------------------------------------------------------


def export_log() -> QuerySet[ExportLog]:
    """Every export of personal data, newest first, with who and which programme (one query a
    page)."""
    return ExportLog.objects.select_related("user", "programme").order_by("-at", "-pk")
