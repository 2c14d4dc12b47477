"""The programme's questionnaires: copied from the default bank, then the coordinators'."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from programmes.models import Programme

from ..bank import BANK, ENABLED_BY_DEFAULT, INTRODUCTIONS, TITLES
from ..models import Kind, Question, Questionnaire


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
