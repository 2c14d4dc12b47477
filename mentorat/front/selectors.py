"""What the home page shows each person, by the roles they hold."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from matching.models import PairStatus
from matching.selectors import open_pairs_of
from programmes.models import Application, ApplicationStatus, Membership, Programme, Role


@dataclass
class Home:
    managed: list = field(default_factory=list)  # programmes the person runs (or all, for staff)
    referent_of: list = field(default_factory=list)  # (programme, organisation)
    applications: list = field(default_factory=list)  # the person's own applications


def home_for(user) -> Home:
    home = Home()
    if user.is_staff:
        managed = Programme.objects.all()
    else:
        managed = Programme.objects.filter(
            memberships__user=user, memberships__role=Role.COORDINATOR
        )
    home.managed = list(
        managed.annotate(
            n_applications=Count("applications", distinct=True),
            n_to_review=Count(
                "applications",
                filter=Q(applications__status=ApplicationStatus.SUBMITTED),
                distinct=True,
            ),
        ).order_by("-created_at")
    )
    home.referent_of = list(
        Membership.objects.filter(user=user, role=Role.REFERENT).select_related(
            "programme", "organisation"
        )
    )
    home.applications = list(
        Application.objects.filter(user=user).select_related("programme", "organisation")
    )
    pairs = open_pairs_of(user)
    for application in home.applications:
        mine = pairs.get(application.programme_id, [])
        # The pairs this person still has to answer (a mentor may be proposed several mentees).
        waiting = [
            pair
            for pair in mine
            if pair.status == PairStatus.PROPOSED
            and (
                (pair.mentor.user_id == user.pk and not pair.mentor_response)
                or (pair.mentee.user_id == user.pk and not pair.mentee_response)
            )
        ]
        application.pair_to_answer = bool(waiting)
        # The pair the card speaks of: one to answer first, else the earliest open one.
        application.pair = waiting[0] if waiting else (mine[0] if mine else None)
        # One pair under way: the card leads straight to its page; several: to the list of them.
        application.pair_page = (
            mine[0]
            if len(mine) == 1 and mine[0].status in (PairStatus.ACCEPTED, PairStatus.ACTIVE)
            else None
        )
    return home
