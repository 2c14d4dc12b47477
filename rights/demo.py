"""The demo's closed programme: the 2024 promotion, over, whose personal data is purged on a
date shown on its page (retention)."""

import datetime

from matching.models import Pair, PairStatus, PairTransition, Response
from programmes.models import (
    Application,
    ApplicationStatus,
    Membership,
    Phase,
    PhaseDates,
    Programme,
    Role,
)

CLOSED_SLUG = "mentorat-bfc-2024"
CLOSED_NAME = "Mentorat BFC 2024"
CLOSED_PAIRS = 3
D = datetime.date
CLOSED_CALENDAR = {
    Phase.RECRUITMENT: (D(2024, 1, 8), D(2024, 2, 23)),
    Phase.MATCHING: (D(2024, 2, 26), D(2024, 3, 15)),
    Phase.RUNNING: (D(2024, 3, 25), D(2025, 1, 31)),
    Phase.CLOSING: (D(2025, 2, 3), D(2025, 2, 28)),
    Phase.EVALUATION: (D(2025, 3, 3), D(2025, 3, 28)),
}


def seed_demo_rights(*, source: Programme, coordinators) -> Programme:
    """The closed 2024 promotion (idempotent): its coordinators, three completed pairs of people
    who now take part in ``source`` again, and its calendar. Its purge date is the end of its
    evaluation phase plus its retention (24 months by default): 28 March 2027."""
    programme, created = Programme.objects.get_or_create(
        slug=CLOSED_SLUG,
        defaults={
            "name": CLOSED_NAME,
            "description": "Première promotion du programme régional, terminée en 2025.",
            "current_phase": Phase.EVALUATION,
        },
    )
    for phase, (starts_on, ends_on) in CLOSED_CALENDAR.items():
        PhaseDates.objects.update_or_create(
            programme=programme, phase=phase, defaults={"starts_on": starts_on, "ends_on": ends_on}
        )
    for coordinator in coordinators:
        Membership.objects.get_or_create(
            programme=programme, user=coordinator, role=Role.COORDINATOR
        )
    if not created:
        return programme
    accepted = Application.objects.filter(
        programme=source, status=ApplicationStatus.ACCEPTED
    ).select_related("organisation")
    mentors = list(accepted.filter(role=Role.MENTOR).order_by("user__email")[:CLOSED_PAIRS])
    mentees = list(accepted.filter(role=Role.MENTEE).order_by("user__email")[:CLOSED_PAIRS])
    for mentor, mentee in zip(mentors, mentees, strict=False):
        members = [
            Application.objects.create(
                programme=programme,
                user=application.user,
                role=application.role,
                status=ApplicationStatus.ACCEPTED,
                organisation=application.organisation,
                departement=application.departement,
                capacity=1 if application.role == Role.MENTOR else None,
            )
            for application in (mentor, mentee)
        ]
        programme.organisations.add(mentor.organisation, mentee.organisation)
        pair = Pair.objects.create(
            programme=programme,
            mentor=members[0],
            mentee=members[1],
            status=PairStatus.COMPLETED,
            mentor_response=Response.ACCEPTED,
            mentee_response=Response.ACCEPTED,
        )
        at = datetime.datetime(2024, 3, 20, 10, tzinfo=datetime.UTC)
        steps = [
            ("", PairStatus.PROPOSED, at),
            (PairStatus.PROPOSED, PairStatus.ACCEPTED, at + datetime.timedelta(days=3)),
            (PairStatus.ACCEPTED, PairStatus.ACTIVE, at + datetime.timedelta(days=10)),
            (PairStatus.ACTIVE, PairStatus.COMPLETED, at + datetime.timedelta(days=315)),
        ]
        PairTransition.objects.bulk_create(
            PairTransition(pair=pair, from_status=f, to_status=t, at=when) for f, t, when in steps
        )
    return programme
