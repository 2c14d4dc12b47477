"""The programme's questionnaires: copied from the default bank, then the coordinators'."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from programmes.models import Programme

from ..bank import BANK, ENABLED_BY_DEFAULT, INTRODUCTIONS, TITLES
from ..models import Audience, Kind, Question, QuestionKind, Questionnaire


def questionnaires_ensure(*, programme: Programme) -> dict[str, Questionnaire]:
    """The programme's four questionnaires by kind, each created from the default bank (in the
    platform's language, French) the first time it is asked for. Idempotent."""
    existing = {q.kind: q for q in Questionnaire.objects.filter(programme=programme)}
    missing = [kind for kind in Kind.values if kind not in existing]
    if not missing:
        return existing
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for kind in missing:
            questionnaire, created = Questionnaire.objects.get_or_create(
                programme=programme,
                kind=kind,
                defaults={
                    "title": str(TITLES[kind]),
                    "introduction": str(INTRODUCTIONS[kind]) % {"k": programme.min_group_size},
                    "enabled": kind in ENABLED_BY_DEFAULT,
                },
            )
            if created:
                Question.objects.bulk_create(
                    Question(
                        questionnaire=questionnaire,
                        position=position,
                        code=item.code,
                        text=str(item.text),
                        kind=item.kind,
                        audience=item.audience,
                        options=[str(label) for label in item.options],
                        min_value=item.min_value,
                        max_value=item.max_value,
                    )
                    for position, item in enumerate(BANK[kind], start=1)
                )
            existing[kind] = questionnaire
    return existing


# --- The coordinators' edits (the questionnaire's page) ---------------------------------------

MAX_QUESTIONS = 40
OPTIONS_MIN, OPTIONS_MAX = 2, 10
OPTION_MAX_LENGTH = 120
# Bounds of a whole-number item.
NUMBER_LIMIT = 100_000


def _require_editable(questionnaire: Questionnaire) -> None:
    from ..models import WaveStatus

    # Locked against a wave opening at the same moment.
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    if questionnaire.waves.exclude(status=WaveStatus.SCHEDULED).exists():
        raise ValidationError(
            _(
                "A wave of this questionnaire has opened: its questions can no longer change "
                "(the answers would mix two different questions)."
            ),
            code="locked",
        )


@transaction.atomic
def questionnaire_update(
    *, questionnaire: Questionnaire, title: str, introduction: str, enabled: bool, by=None
) -> Questionnaire:
    """Change the title, introduction and use of ``questionnaire``. Once a wave has opened only
    its use may change (putting it out of use opens no further wave; nothing answered changes)."""
    from ..models import WaveStatus

    opened = questionnaire.waves.exclude(status=WaveStatus.SCHEDULED).exists()
    if opened and (title != questionnaire.title or introduction != questionnaire.introduction):
        _require_editable(questionnaire)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the questionnaire a title.")})
    questionnaire.title = title
    questionnaire.introduction = introduction.strip()
    questionnaire.enabled = enabled
    questionnaire.full_clean(exclude=["programme"])
    questionnaire.save(update_fields=["title", "introduction", "enabled"])
    return questionnaire


def _question_fields(questionnaire: Questionnaire, fields: dict) -> dict:
    """The fields of a question, cleaned and checked against its kind: options only for a
    single choice (2 to 10), bounds only for a whole number (smallest below largest), an
    indicator of the programme only."""
    errors: dict[str, list] = {}
    text = (fields.get("text") or "").strip()
    kind = fields.get("kind")
    if not text:
        errors["text"] = [_("Write the question.")]
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the kind of answer.")]
    if fields.get("audience") not in Audience.values:
        errors["audience"] = [_("Choose who is asked.")]
    options = [o.strip() for o in fields.get("options") or [] if o and o.strip()]
    min_value, max_value = fields.get("min_value"), fields.get("max_value")
    if kind == QuestionKind.CHOICE:
        if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
            errors["options"] = [
                _("A single choice has %(min)d to %(max)d options, one per line.")
                % {"min": OPTIONS_MIN, "max": OPTIONS_MAX}
            ]
        elif any(len(o) > OPTION_MAX_LENGTH for o in options):
            errors["options"] = [
                _("An option has %(max)d characters at most.") % {"max": OPTION_MAX_LENGTH}
            ]
        elif len(set(options)) != len(options):
            errors["options"] = [_("Two options are the same.")]
    else:
        options = []
    if kind == QuestionKind.NUMBER:
        if min_value is None or max_value is None:
            errors["max_value"] = [_("Give the smallest and the largest number accepted.")]
        elif not 0 <= min_value < max_value <= NUMBER_LIMIT:
            errors["max_value"] = [
                _("The largest number must be above the smallest, and at most %(limit)s.")
                % {"limit": f"{NUMBER_LIMIT:,}".replace(",", "\u202f")}
            ]
    else:
        min_value = max_value = None
    indicator = fields.get("indicator")
    if indicator is not None and indicator.programme_id != questionnaire.programme_id:
        errors["indicator"] = [_("Choose one of the programme's indicators.")]
    if errors:
        raise ValidationError(errors)
    return {
        "text": text,
        "kind": kind,
        "audience": fields["audience"],
        "options": options,
        "min_value": min_value,
        "max_value": max_value,
        "indicator": indicator,
    }


@transaction.atomic
def question_create(*, questionnaire: Questionnaire, by=None, **fields) -> Question:
    """Add a question at the end of ``questionnaire`` (while no wave has opened), at most
    ``MAX_QUESTIONS``."""
    _require_editable(questionnaire)
    cleaned = _question_fields(questionnaire, fields)
    if questionnaire.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(
            _("A questionnaire has %(max)d questions at most.") % {"max": MAX_QUESTIONS}
        )
    last = questionnaire.questions.aggregate(p=Max("position"))["p"] or 0
    return Question.objects.create(questionnaire=questionnaire, position=last + 1, **cleaned)


@transaction.atomic
def question_update(*, question: Question, by=None, **fields) -> Question:
    """Change a question (while no wave of its questionnaire has opened)."""
    _require_editable(question.questionnaire)
    for name, value in _question_fields(question.questionnaire, fields).items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, by=None) -> None:
    """Remove a question (while no wave of its questionnaire has opened)."""
    _require_editable(question.questionnaire)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, direction: str, by=None) -> None:
    """Move a question one place up or down (while no wave has opened); the positions are
    renumbered 1, 2, 3... on the way."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    _require_editable(question.questionnaire)
    questions = list(question.questionnaire.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, q in enumerate(questions, start=1):
        q.position = position
    Question.objects.bulk_update(questions, ["position"])
