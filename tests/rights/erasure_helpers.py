"""A person with data in every corner of the platform, for the erasure's tests."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from evaluation.models import Report
from followup.models import Message, MessageRecipient, Reminder
from matching.models import MatchingRun, ProposedPair, RunStatus, UnmatchedMentee
from mentorat.core.models import SentEmail
from programmes.models import ApplicationNote, Invitation, Role
from tests.factories import (
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
    accepted_participant,
    anonymous_response,
    dated_pair,
    help_requested,
    invited,
    meeting_held,
    meeting_planned,
    wave_of,
)

FIRST, LAST = "Zéphyrine", "Quillardet"
EMAIL = "zephyrine.quillardet@exemple.fr"


@dataclass
class Scene:
    programme: object
    person: object
    partner: object
    coordinator: object
    pair: object
    wave: object


def person_everywhere() -> Scene:
    """Zéphyrine Quillardet, mentee of a pair that meets, named in every table that can."""
    programme = ProgrammeFactory(
        name="Mentorat test", slug="mentorat-test", current_phase="running"
    )
    coordinator = UserFactory(email="pilote@exemple.fr", first_name="Paule", last_name="Pilote")
    MembershipFactory(programme=programme, user=coordinator, role=Role.COORDINATOR)
    person = UserFactory(email=EMAIL, first_name=FIRST, last_name=LAST, phone="0601020304")
    partner = UserFactory(email="marc.mentor@exemple.fr", first_name="Marc", last_name="Mentor")
    mentee = accepted_participant(
        programme, Role.MENTEE, user=person, job_title="Cheffe d’équipe", expectations="Progresser"
    )
    mentor = accepted_participant(programme, Role.MENTOR, user=partner)
    pair = dated_pair(
        programme,
        "active",
        mentor=mentor,
        mentee=mentee,
        criteria=[{"code": "topics", "params": {"mentee_name": f"{FIRST} {LAST}"}}],
    )
    meeting_held(pair, days_ago=10)
    meeting_planned(pair, days_ago=-5)
    help_requested(pair, "mentee")
    ApplicationNote.objects.create(application=mentee, author=coordinator, text="Motivée.")
    ApplicationNote.objects.create(application=mentor, author=person, text="Écrit par elle.")
    run = MatchingRun.objects.create(
        programme=programme,
        status=RunStatus.DONE,
        issues=[{"code": "x", "params": {"mentee_name": f"{FIRST} {LAST}"}}],
    )
    other_mentee = accepted_participant(programme, Role.MENTEE)
    ProposedPair.objects.create(run=run, mentor=mentor, mentee=mentee, score=80, criteria=[])
    UnmatchedMentee.objects.create(
        run=run,
        mentee=other_mentee,
        code="removed_by_coordinator",
        params={"mentor_id": mentor.pk, "mentor_name": f"{FIRST} {LAST}"},
    )
    wave = wave_of(programme)
    invited(wave, person, answered=True)
    anonymous_response(wave)
    anonymous_response(wave, role="mentor")
    Report.objects.create(programme=programme, requested_by=person, data={"n": 2})
    Reminder.objects.create(
        kind="charter", subject=f"pair:{pair.pk}", recipient=person, period="1", sweep=_uuid()
    )
    message = Message.objects.create(
        programme=programme, segment="all", subject="Bonjour", body="…"
    )
    MessageRecipient.objects.create(message=message, user=person)
    SentEmail.objects.create(key=f"welcome:{EMAIL}", to=EMAIL, subject=f"Bienvenue {FIRST}")
    SentEmail.objects.create(
        key=f"pair_accepted:{pair.pk}:mentor",
        to=partner.email,
        template="pair_accepted",
        subject="Votre binôme",
        body=f"Votre binôme : {FIRST} {LAST} ({EMAIL}).",
        html=f"<p>{FIRST} {LAST}</p>",
        context={"partner_name": f"{FIRST} {LAST}", "partner_email": EMAIL},
    )
    other = ProgrammeFactory(name="Autre programme", slug="autre")
    Invitation.objects.create(programme=other, email=EMAIL, role=Role.MENTEE)
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f"Changed {LAST}",
    )
    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session.set_expiry(timezone.now() + timedelta(days=1))
    session.save()
    return Scene(programme, person, partner, coordinator, pair, wave)


def _uuid():
    import uuid

    return uuid.uuid4()
