"""Reads of the respondent's side: the invitation behind a signed link or an address, the
questions a person is asked, their open invitations, their pair for the contact request.

Nothing here reads a ``Response``: the respondent's pages never need one, and a page that
showed "your answers" would be the link the design forbids.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.selectors.pair_life import LIVE_STATUSES
from matching.models import Pair
from programmes.models import Programme

from ..models import Audience, Kind, Question, SurveyInvitation, WaveStatus
from ..tokens import TokenExpired, TokenForged, invitation_id_from

# Why a link (or an address) no longer opens the form.
FORGED = "forged"
EXPIRED = "expired"
USED = "used"
CLOSED = "closed"


class AnswerRefused(Exception):
    """The form cannot be opened: ``reason`` is one of FORGED, EXPIRED, USED, CLOSED."""

    def __init__(self, reason: str, invitation: SurveyInvitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def _invitations():
    return SurveyInvitation.objects.select_related("wave__questionnaire__programme", "user")


def wave_accepts_answers(wave) -> bool:
    """Open, and not past its closing date (the sweep that closes it may not have run yet)."""
    today = timezone.localdate()
    return wave.status == WaveStatus.OPEN and wave.opens_on <= today <= wave.closes_on


def check_answerable(invitation: SurveyInvitation) -> SurveyInvitation:
    if invitation.answered:
        raise AnswerRefused(USED, invitation)
    if not wave_accepts_answers(invitation.wave):
        raise AnswerRefused(CLOSED, invitation)
    return invitation


def invitation_for_link(token: str) -> SurveyInvitation:
    """The invitation a signed link opens, or ``AnswerRefused`` saying why not."""
    try:
        invitation_id = invitation_id_from(token)
    except TokenForged as e:
        raise AnswerRefused(FORGED) from e
    except TokenExpired as e:
        raise AnswerRefused(EXPIRED) from e
    invitation = _invitations().filter(pk=invitation_id, user__is_active=True).first()
    if invitation is None:
        raise AnswerRefused(FORGED)
    return check_answerable(invitation)


def get_invitation_for(user, programme: Programme, invitation_id: int) -> SurveyInvitation:
    """The signed-in person's own invitation of ``programme``: 404 for anyone else's."""
    invitation = (
        _invitations()
        .filter(pk=invitation_id, user=user, wave__questionnaire__programme=programme)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def questions_for(invitation: SurveyInvitation) -> list[Question]:
    """The questions of the invitation's questionnaire asked to its role, in order."""
    return list(
        Question.objects.filter(
            questionnaire_id=invitation.wave.questionnaire_id,
            audience__in=(Audience.BOTH, invitation.role),
        ).order_by("position", "pk")
    )


def contact_pair(user, programme: Programme) -> Pair | None:
    """The person's pair in ``programme`` that goes on (accepted or meeting): the one a contact
    request is about. None when they have none (the form then does not offer it)."""
    return (
        Pair.objects.filter(programme=programme, status__in=LIVE_STATUSES)
        .filter(Q(mentor__user=user) | Q(mentee__user=user))
        .order_by("-pk")
        .first()
    )


@dataclass(frozen=True)
class MySurvey:
    invitation: SurveyInvitation
    title: str
    closes_on: object
    answered: bool


def my_surveys(user, programme: Programme) -> list[MySurvey]:
    """The person's invitations to the programme's open waves: those to answer first, then
    those answered (only that they are: nothing of what was answered)."""
    today = timezone.localdate()
    invitations = (
        _invitations()
        .filter(
            user=user,
            wave__questionnaire__programme=programme,
            wave__status=WaveStatus.OPEN,
            wave__opens_on__lte=today,
            wave__closes_on__gte=today,
        )
        .order_by("answered", "wave__closes_on", "pk")
    )
    return [
        MySurvey(
            invitation=invitation,
            title=invitation.wave.questionnaire.title,
            closes_on=invitation.wave.closes_on,
            answered=invitation.answered,
        )
        for invitation in invitations
    ]


PULSE_LINK = _("Check-in to fill in")
QUESTIONNAIRE_LINK = _("Questionnaire to fill in")


def to_answer(user, programme: Programme) -> list[SurveyInvitation]:
    """The person's invitations still to answer in ``programme``'s open waves (one query)."""
    return [survey.invitation for survey in my_surveys(user, programme) if not survey.answered]


def link_label(invitation: SurveyInvitation) -> str:
    if invitation.wave.questionnaire.kind == Kind.PULSE:
        return str(PULSE_LINK)
    return str(QUESTIONNAIRE_LINK)


def pair_page_links(pair, user) -> list[tuple[str, str]]:
    """For the follow-up's pair page (``followup.hooks``): a link to each check-in or
    questionnaire the person has still to answer in the pair's programme (one query)."""
    from django.urls import reverse

    return [
        (
            link_label(invitation),
            reverse(
                "evaluation:answer",
                kwargs={"slug": pair.programme.slug, "invitation_id": invitation.pk},
            ),
        )
        for invitation in to_answer(user, pair.programme)
    ]
