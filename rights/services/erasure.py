"""A person's erasure: every personal datum of theirs leaves the database, in one transaction;
what the programmes' figures need stays, with no identity; anonymous responses are not theirs
and are never touched. An ``ErasureRecord`` (date, reason, {table: rows}) says it happened.

``person_erase(user=…)`` erases the person and their account; ``person_erase(user=…,
programme=…)`` (the retention purge of a programme, for a person still taking part elsewhere)
erases only what belongs to that programme and keeps the account.

Every table the erasure touches, and what it does there:

=========================================  =======================================================
table                                      what the erasure does
=========================================  =======================================================
accounts_user                              the row is deleted (names, e-mail, phone, preferences)
accounts_user_groups                       deleted (with the user)
accounts_user_user_permissions             deleted (with the user)
account_emailaddress                       allauth's addresses of the person: deleted
account_emailconfirmation                  allauth's confirmations of those addresses: deleted
django_session                             the person's sessions: deleted (logged out everywhere)
django_admin_log                           entries by the person, about their account or their
                                           applications, or naming them: deleted
core_sentemail                             e-mails sent to the person: deleted; e-mails to others
                                           naming them (address or full name, in key, subject,
                                           texts, context): scrubbed of address and names
                                           ("Participant(e) effacé(e)"), key made anew
programmes_application                     in a pair: kept, detached (user, job title, experience,
                                           availability, expectations, offer, consent, decided by
                                           emptied); else deleted
programmes_application_topics              deleted with a deleted application, else kept
programmes_applicationnote                 notes about the person's applications: deleted; notes
                                           they wrote: kept, author emptied
programmes_membership                      the person's roles (coordinator, referent): deleted
programmes_invitation                      invitations to apply sent to their address: deleted;
                                           invitations they sent: kept, invited_by emptied
programmes_programme                       created_by emptied
matching_pair                              kept for the figures, with detached members: a pair
                                           still going is ended ("binôme terminé"); criteria
                                           scrubbed of the name
matching_pairtransition                    kept; a new "ended" step when a pair is ended; by emptied
matching_pairrule                          rules about the person's applications: deleted;
                                           rules they set: kept, created_by emptied
matching_proposedpair                      of a deleted application: deleted; criteria of the
                                           programme's proposals scrubbed of the name
matching_unmatchedmentee                   of a deleted application: deleted; params naming the
                                           person (mentor_name...) scrubbed
matching_matchingrun                       issues scrubbed of the name; created_by, published_by
                                           emptied
followup_charteracceptance                 kept (the pair's charter counts), user emptied
followup_meeting                           kept (meeting counts), logged_by emptied
followup_plannedmeeting                    kept, set_by emptied
followup_helprequest                       kept (help counts), requested_by and handled_by emptied
followup_reminder                          reminders sent to the person: deleted
followup_message                           messages they wrote: kept, created_by emptied
followup_messagerecipient                  the person as a recipient: deleted
evaluation_surveyinvitation                the person's invitations to answer: deleted
evaluation_response                        never touched (anonymous: nobody's); count unchanged
evaluation_wave (results), evaluation_report (data)
                                           never touched: published figures stay as they were;
                                           report.requested_by emptied
rights_erasurerequest                      the person's requests: deleted
rights_datadownload                        the person's downloads: deleted, their files too
rights_exportlog                           exports the person made: kept, user emptied
rights_erasurerecord                       one row: date, reason, {table: rows}, no identity
=========================================  =======================================================

With ``programme=`` the same is done only to that programme's rows (its applications, pairs,
runs, memberships, invitations, waves, messages, reminders about its pairs); the account, the
e-mail log, sessions, admin log, downloads and requests stay with the account.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress, EmailConfirmation
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import Report, SurveyInvitation
from followup.services import erasure as followup_erasure
from matching import erasure as matching_erasure
from mentorat.core.emails import email_enqueue
from mentorat.core.erasure import mentions, sent_emails_erase
from programmes.models import Application, Membership, Phase, Programme, Role
from programmes.services import erasure as programmes_erasure

from ..models import DataDownload, ErasureReason, ErasureRecord, ErasureRequest, ExportLog

# Every foreign key to the user model or to an application, and what the erasure does to it:
# tests/rights/test_erasure.py fails on a key missing here (a future model).
HANDLED = {
    "accounts.User_groups.user": "deleted",
    "accounts.User_user_permissions.user": "deleted",
    "accounts.EmailAddress.user": "deleted",
    "account.EmailAddress.user": "deleted",
    "programmes.Programme.created_by": "emptied",
    "programmes.Membership.user": "deleted",
    "programmes.Application.user": "emptied (in a pair) or deleted",
    "programmes.Application.decided_by": "emptied",
    "programmes.Application_topics.application": "deleted with the application",
    "programmes.ApplicationNote.application": "deleted",
    "programmes.ApplicationNote.author": "emptied",
    "programmes.Invitation.invited_by": "emptied",
    "matching.PairRule.mentor": "deleted",
    "matching.PairRule.mentee": "deleted",
    "matching.PairRule.created_by": "emptied",
    "matching.MatchingRun.created_by": "emptied",
    "matching.MatchingRun.published_by": "emptied",
    "matching.ProposedPair.mentor": "deleted with the application, else kept (detached)",
    "matching.ProposedPair.mentee": "deleted with the application, else kept (detached)",
    "matching.UnmatchedMentee.mentee": "deleted with the application, else kept (detached)",
    "matching.Pair.mentor": "kept, detached application; ended if still going",
    "matching.Pair.mentee": "kept, detached application; ended if still going",
    "matching.PairTransition.by": "emptied",
    "followup.CharterAcceptance.user": "emptied",
    "followup.Meeting.logged_by": "emptied",
    "followup.PlannedMeeting.set_by": "emptied",
    "followup.HelpRequest.requested_by": "emptied",
    "followup.HelpRequest.handled_by": "emptied",
    "followup.Reminder.recipient": "deleted",
    "followup.Message.created_by": "emptied",
    "followup.MessageRecipient.user": "deleted",
    "evaluation.SurveyInvitation.user": "deleted",
    "evaluation.Report.requested_by": "emptied",
    "rights.DataDownload.user": "deleted (and its file)",
    "rights.ErasureRequest.user": "deleted",
    "rights.ExportLog.user": "emptied",
    "admin.LogEntry.user": "deleted",
}


@dataclass
class ErasureSummary:
    """What an erasure did (or would do): rows per table, never whose."""

    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def add(self, table: str, rows: int) -> None:
        if rows:
            self.counts[table] = self.counts.get(table, 0) + rows

    def update(self, counts: dict[str, int]) -> None:
        for table, rows in counts.items():
            self.add(table, rows)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[str, int]]:
        return sorted(self.counts.items())


def erased_label() -> str:
    return _("erased participant")


def erasure_refusal(*, user) -> str | None:
    """Why this person may not be erased now, in words, or None: the only coordinator of a
    programme that has not reached its last phase must first be replaced (the programme would
    have no one to run it)."""
    for membership in Membership.objects.filter(user=user, role=Role.COORDINATOR).select_related(
        "programme"
    ):
        programme = membership.programme
        if programme.current_phase == Phase.EVALUATION:
            continue
        others = (
            Membership.objects.filter(programme=programme, role=Role.COORDINATOR)
            .exclude(user=user)
            .exists()
        )
        if not others:
            return _(
                "You are the only coordinator of the programme “%(name)s”, which is not over: "
                "ask the platform’s staff to appoint another coordinator first."
            ) % {"name": programme.name}
    return None


def person_erase(
    *,
    user,
    reason: str,
    dry_run: bool = False,
    programme: Programme | None = None,
) -> ErasureSummary:
    """Erase ``user`` (or, with ``programme``, what of theirs belongs to that programme) and
    record it. ``dry_run``: the same summary, nothing changed (the transaction is rolled back).
    A person asking for it, or staff for them, is refused while ``erasure_refusal`` says why."""
    if reason not in ErasureReason.values:
        raise ValidationError(_("Unknown reason of erasure."))
    if programme is None and reason in (ErasureReason.REQUEST, ErasureReason.STAFF):
        refusal = erasure_refusal(user=user)
        if refusal:
            raise ValidationError(refusal, code="only_coordinator")
    summary = ErasureSummary(dry_run=dry_run)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        _erase(summary, user, programme)
        if dry_run:
            transaction.set_rollback(True)
        else:
            ErasureRecord.objects.create(
                erased_on=timezone.localdate(), reason=reason, summary=dict(summary.rows())
            )
    return summary


def _needles(user) -> tuple[str, ...]:
    """What names the person in a text written about them: their address, their full name (as
    ``display_name`` wrote it). Their first or last name alone may be someone else's: it is
    scrubbed only from a text found by these."""
    return tuple(n for n in (user.email, user.get_full_name()) if n)


def _erase(summary: ErasureSummary, user, programme: Programme | None) -> None:
    needles = _needles(user)
    applications = list(
        programmes_erasure.applications_of(user=user, programme=programme).values_list(
            "pk", "programme_id"
        )
    )
    application_ids = [pk for pk, _programme in applications]
    pairs = matching_erasure.pairs_of(application_ids=application_ids)
    kept = {p.mentor_id for p in pairs} | {p.mentee_id for p in pairs}
    kept &= set(application_ids)
    gone = [pk for pk in application_ids if pk not in kept]
    programme_ids = {programme_id for _pk, programme_id in applications}
    programme_ids |= set(
        Membership.objects.filter(user=user).values_list("programme_id", flat=True)
        if programme is None
        else [programme.pk]
    )

    # The matching and the follow-up first, while the applications still name their person.
    summary.add(
        "programmes_applicationnote",
        programmes_erasure.application_notes_erase(application_ids=application_ids),
    )
    summary.add(
        "matching_pairrule", matching_erasure.pair_rules_erase(application_ids=application_ids)
    )
    summary.update(matching_erasure.run_rows_erase(application_ids=gone))
    summary.update(matching_erasure.runs_scrub(programme_ids=programme_ids, needles=needles))
    summary.add("matching_pair (ended)", matching_erasure.pairs_close(pairs=pairs))
    summary.add("matching_pair (detached)", len(pairs))
    summary.update(followup_erasure.pair_life_forget(user=user, programme=programme))
    summary.add(
        "followup_reminder",
        followup_erasure.reminders_erase(
            user=user, pair_ids=None if programme is None else [p.pk for p in pairs]
        ),
    )
    summary.add(
        "followup_messagerecipient",
        followup_erasure.message_recipients_erase(user=user, programme=programme),
    )
    summary.update(matching_erasure.authored_forget(user=user, programme=programme))
    summary.update(programmes_erasure.authored_forget(user=user, programme=programme))

    invitations = SurveyInvitation.objects.filter(user=user)
    reports = Report.objects.filter(requested_by=user)
    if programme is not None:
        invitations = invitations.filter(wave__questionnaire__programme=programme)
        reports = reports.filter(programme=programme)
    summary.add("evaluation_surveyinvitation", invitations.delete()[0])
    summary.add("evaluation_report.requested_by", reports.update(requested_by=None))

    # Then the person's applications, roles and invitations to apply.
    summary.add(
        "programmes_application (detached)",
        programmes_erasure.applications_detach(application_ids=sorted(kept)),
    )
    summary.add(
        "programmes_application (deleted)",
        programmes_erasure.applications_delete(application_ids=gone),
    )
    summary.add(
        "programmes_membership",
        programmes_erasure.memberships_erase(user=user, programme=programme),
    )
    summary.add(
        "programmes_invitation",
        programmes_erasure.invitations_erase(email=user.email, programme=programme),
    )
    if programme is None:
        _erase_account(summary, user, needles, application_ids)


def _erase_account(summary: ErasureSummary, user, needles, application_ids) -> None:
    summary.update(
        sent_emails_erase(
            email=user.email,
            needles=needles,
            also=(user.first_name, user.last_name),
            replacement=erased_label(),
        )
    )

    user_type = ContentType.objects.get_for_model(get_user_model())
    application_type = ContentType.objects.get_for_model(Application)
    entries = LogEntry.objects.filter(
        Q(user=user)
        | Q(content_type=user_type, object_id=str(user.pk))
        | Q(content_type=application_type, object_id__in=[str(pk) for pk in application_ids])
        | mentions(needles, ["object_repr", "change_message"])
    )
    summary.add("django_admin_log", entries.delete()[0])

    summary.add("django_session", _sessions_erase(user))

    addresses = EmailAddress.objects.filter(Q(user=user) | Q(email__iexact=user.email))
    summary.add(
        "account_emailconfirmation",
        EmailConfirmation.objects.filter(email_address__in=addresses).delete()[0],
    )
    summary.add("account_emailaddress", addresses.delete()[0])

    # Each row's file goes after the commit (rights.receivers), not in a dry run.
    summary.add("rights_datadownload", DataDownload.objects.filter(user=user).delete()[0])
    summary.add("rights_erasurerequest", ErasureRequest.objects.filter(user=user).delete()[0])
    summary.add("rights_exportlog.user", ExportLog.objects.filter(user=user).update(user=None))

    summary.add("accounts_user_groups", user.groups.count())
    summary.add("accounts_user_user_permissions", user.user_permissions.count())
    user.groups.clear()
    user.user_permissions.clear()
    get_user_model().objects.filter(pk=user.pk).delete()
    summary.add("accounts_user", 1)


def _sessions_erase(user) -> int:
    """The person's sessions (the database holds them: SESSION_ENGINE's default)."""
    pks = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    deleted, _counts = Session.objects.filter(pk__in=pks).delete()
    return deleted


# --- Asked for from "Mon compte", confirmed from an e-mail ------------------------------------

REQUEST_VALID_FOR = timedelta(hours=48)


def erasure_request_create(*, user) -> ErasureRequest:
    """Record the person's request and e-mail them the link that confirms it (valid 48 hours).
    Refused, in words, while ``erasure_refusal`` says why."""
    refusal = erasure_refusal(user=user)
    if refusal:
        raise ValidationError(refusal, code="only_coordinator")
    with transaction.atomic():
        request = ErasureRequest.objects.create(user=user)
        path = reverse("rights:erasure_confirm", kwargs={"token": request.token})
        email_enqueue(
            key=f"erasure_request:{request.token}",
            to=user.email,
            template="erasure_request",
            context={
                "first_name": user.first_name,
                "url": settings.SITE_URL + path,
                "hours": int(REQUEST_VALID_FOR.total_seconds() // 3600),
            },
            language=user.language,
        )
    return request


def erasure_request_for(*, user, token: str) -> ErasureRequest | None:
    """The person's own request of that token, still valid; None otherwise (another person's,
    an old one or a made-up token look the same)."""
    return ErasureRequest.objects.filter(
        user=user, token=token[:64], created_at__gte=timezone.now() - REQUEST_VALID_FOR
    ).first()


def erasure_request_confirm(*, request: ErasureRequest) -> ErasureSummary:
    """Carry out a confirmed request: the person is erased (the request goes with them)."""
    return person_erase(user=request.user, reason=ErasureReason.REQUEST)
