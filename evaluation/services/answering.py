"""Answering a wave: the response stored apart from the person, the invitation marked answered,
in one transaction; then, on its own, the named contact request if the person asked for one.

Nothing here logs, e-mails or returns anything that would put the person and the response side
by side: no "thank you" e-mail (the e-mail log would date the answer), no log line.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from followup.models import HelpChannel, HelpRequest
from followup.services.pair_life import help_request_create

from ..attributes import coarsen, shared_values
from ..models import Question, QuestionKind, Response, SurveyInvitation, Wave
from ..selectors.answering import (
    AnswerRefused,
    check_answerable,
    contact_pair,
    questions_for,
)

# The largest whole number a "number" item without an upper bound accepts.
NUMBER_CEILING = 100_000
ATTRIBUTES = ("sector_group", "departement", "size_band")


def value_bounds(question: Question) -> tuple[int, int]:
    """The smallest and largest value an item accepts."""
    if question.kind == QuestionKind.AGREEMENT:
        return 1, 5
    if question.kind == QuestionKind.SCALE4:
        return 1, 4
    if question.kind == QuestionKind.CHOICE:
        return 1, len(question.options)
    low = question.min_value if question.min_value is not None else 0
    high = question.max_value if question.max_value is not None else NUMBER_CEILING
    return low, high


def _validated(answers: dict, questions: list[Question]) -> dict[str, int]:
    if not isinstance(answers, dict):
        raise ValidationError(_("The answers could not be read."))
    by_id = {question.pk: question for question in questions}
    if len(answers) > len(by_id):
        raise ValidationError(_("The answers do not match the questions of this questionnaire."))
    cleaned: dict[str, int] = {}
    for question_id, value in answers.items():
        question = by_id.get(question_id) if isinstance(question_id, int) else None
        if question is None:
            raise ValidationError(
                _("The answers do not match the questions of this questionnaire.")
            )
        low, high = value_bounds(question)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValidationError(
                {
                    f"q{question.pk}": _("Choose an answer between %(low)s and %(high)s.")
                    % {"low": low, "high": high}
                }
            )
        cleaned[str(question.pk)] = value
    return cleaned


def _coarse_attributes(invitation: SurveyInvitation) -> dict[str, str]:
    """The person's coarse attributes as a response may carry them: each value only if at least
    k invited people of the wave share it, else "autre"."""
    k = invitation.wave.questionnaire.programme.min_group_size
    rows = list(invitation.wave.invitations.values_list(*ATTRIBUTES))
    return {
        name: coarsen(getattr(invitation, name), shared_values((row[i] for row in rows), k))
        for i, name in enumerate(ATTRIBUTES)
    }


@sensitive_variables()
def response_submit(
    *, invitation: SurveyInvitation, answers: dict[int, int], contact: str | None = None
) -> Response:
    """Store ``answers`` ({question id: value}; an item left out is left unanswered) as the
    anonymous response to ``invitation``'s wave and mark the invitation answered, in one
    transaction. ``contact`` (a ``HelpChannel``) asks the coordination to contact the person:
    that request alone is named, and it is made after the response is committed, in a
    transaction of its own. Raises ``AnswerRefused`` (answered already, wave not open) or
    ``ValidationError`` (a value out of bounds, a question not asked to them): nothing is saved
    then."""
    pair = None
    if contact is not None:
        if contact not in HelpChannel.values:
            raise ValidationError({"channel": _("Choose how you wish to be contacted.")})
        pair = contact_pair(invitation.user, invitation.wave.questionnaire.programme)
        if pair is None:
            raise ValidationError(
                _("You have no pair that goes on: the coordination cannot be asked from here.")
            )
    with transaction.atomic():
        # The wave first: the answers to one wave are written one after the other. Each one
        # rewrites every answered invitation of the wave (below), but only those it can see:
        # two answers at once would each miss the other's invitation, and each response would
        # share its transaction id with its own invitation alone again. Serialised, the later
        # one sees and rewrites the earlier. It also keeps an answer from slipping in while
        # the wave closes.
        wave = (
            Wave.objects.select_for_update(of=("self",))
            .select_related("questionnaire__programme")
            .get(pk=invitation.wave_id)
        )
        locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        locked.wave = wave
        check_answerable(locked)
        cleaned = _validated(answers, questions_for(locked))
        locked.answered = True
        locked.save(update_fields=["answered"])
        response = Response.objects.create(
            wave=locked.wave, role=locked.role, answers=cleaned, **_coarse_attributes(locked)
        )
        # On PostgreSQL every row carries the id of the transaction that last wrote it (xmin).
        # Without this, the response and its own invitation would be the only two rows of the
        # wave written by the same transaction: anyone reading xmin could join them. Rewriting
        # every answered invitation of the wave here gives them all the latest transaction id,
        # so a response's xmin points at every answered invitation, not at its own.
        locked.wave.invitations.filter(answered=True).update(answered=True)
    invitation.answered = True
    if pair is not None:
        _contact_request(pair=pair, user=invitation.user, channel=contact)
    return response


def _contact_request(*, pair, user, channel: str) -> HelpRequest | None:
    # Outside the response's transaction on purpose: the help request is named and dated, and
    # it must never be written by the transaction that wrote the anonymous response.
    try:
        return help_request_create(pair=pair, by=user, channel=channel)
    except ValidationError:
        # The pair ended between the check and now: the answer stands, the request does not.
        return None


__all__ = ["AnswerRefused", "response_submit", "value_bounds"]
