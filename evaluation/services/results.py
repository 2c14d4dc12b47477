"""The results of a wave, computed once when it closes and frozen on ``Wave.results``.

Freezing reads the wave's anonymous responses (as ``stats.Record``: role and coarse attributes,
never a person), its invitations (as ``stats.Invited``: role and answered, for the participation)
and its questions (as ``stats.Item``), runs the suppression of ``evaluation.stats`` with the
programme's k and stores the published figures as JSON. They are never recomputed: two reports
of the same wave publish the same figures, so that no one can subtract one from the other. A
final questionnaire also freezes its comparison with the baseline (difference of means with its
95 % confidence interval, unpaired), from the baseline's responses, at the same moment.
"""

from dataclasses import asdict, is_dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import stats
from ..bank import AGREE_FROM, AGREEMENT_LABELS, SCALE4_LABELS
from ..models import OTHER, Kind, Question, QuestionKind, Response, Wave, WaveStatus

# Bumped if the shape of the frozen JSON changes (readers check it).
RESULTS_VERSION = 1


def wave_label(wave: Wave) -> str:
    """The wave's name in the report and the CSV ("Point d’étape, vague 3"), in the active
    language: the questionnaire's title, and the wave's number when there can be several."""
    title = wave.questionnaire.title
    if wave.questionnaire.kind == Kind.PULSE or wave.number > 1:
        return _("%(title)s, wave %(number)s") % {"title": title, "number": wave.number}
    return title


def question_options(question: Question) -> tuple[stats.Option, ...]:
    """The answer options of a question, values from 1: the fixed labels of the scales, the
    coordinators' labels of a single choice, none for a whole number."""
    if question.kind == QuestionKind.AGREEMENT:
        labels = [str(label) for label in AGREEMENT_LABELS]
    elif question.kind == QuestionKind.SCALE4:
        labels = [str(label) for label in SCALE4_LABELS]
    elif question.kind == QuestionKind.CHOICE:
        labels = [str(label) for label in question.options or []]
    else:
        labels = []
    return tuple(stats.Option(value, label) for value, label in enumerate(labels, start=1))


def question_item(question: Question) -> stats.Item:
    return stats.Item(
        key=str(question.pk),
        label=question.text,
        kind=question.kind,
        options=question_options(question),
        agree_from=AGREE_FROM.get(question.kind),
        indicator=str(question.indicator_id) if question.indicator_id else None,
    )


def _answers(raw: dict, keys: set[str]) -> dict[str, int]:
    """The answers of a response to the wave's current questions, as whole numbers (anything
    else, a question since removed or a value that is not a number, is left out)."""
    answers = {}
    for key, value in (raw or {}).items():
        if key in keys and isinstance(value, int | float) and not isinstance(value, bool):
            answers[key] = int(value)
    return answers


def response_records(wave: Wave, keys: set[str]) -> list[stats.Record]:
    rows = Response.objects.filter(wave=wave).values_list(
        "role", "sector_group", "departement", "size_band", "answers"
    )
    return [
        stats.Record(
            role=role,
            sector=sector or OTHER,
            departement=departement or OTHER,
            size=size or OTHER,
            answers=_answers(answers, keys),
        )
        for role, sector, departement, size, answers in rows.order_by()
    ]


def _plain(value: Any) -> Any:
    """A stats result as JSON: dataclasses as dicts, tuples as lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {key: _plain(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _questions_of(wave: Wave) -> list[Question]:
    return list(wave.questionnaire.questions.order_by("position", "pk"))


def _question_entry(question: Question, item: stats.Item) -> dict:
    return {
        "label": item.label,
        "code": question.code,
        "kind": item.kind,
        "audience": question.audience,
        "position": question.position,
        "options": [[option.value, option.label] for option in item.options],
        "agree_from": item.agree_from,
        "indicator": question.indicator_id,
    }


def _differences(wave: Wave, questions: list[Question], k: int) -> list[dict]:
    """Final vs baseline, per item asked in both (same bank code): the difference of means of
    all the answers of each side (unpaired: responses are not linked to anyone)."""
    programme = wave.questionnaire.programme
    baseline = (
        Wave.objects.filter(
            questionnaire__programme=programme,
            questionnaire__kind=Kind.BASELINE,
            status=WaveStatus.CLOSED,
        )
        .order_by("-number")
        .first()
    )
    if baseline is None:
        return []
    final_by_code = {q.code: q for q in questions if q.code and q.kind != QuestionKind.CHOICE}
    baseline_by_code = {
        q.code: q for q in _questions_of(baseline) if q.code in final_by_code and q.kind != "choice"
    }
    if not baseline_by_code:
        return []
    keys_final = {str(final_by_code[code].pk): code for code in baseline_by_code}
    keys_baseline = {str(q.pk): code for code, q in baseline_by_code.items()}
    values: dict[str, tuple[list[float], list[float]]] = {
        code: ([], []) for code in baseline_by_code
    }
    for side, (of_wave, keys) in enumerate(((baseline, keys_baseline), (wave, keys_final))):
        for record in response_records(of_wave, set(keys)):
            for key, value in record.answers.items():
                values[keys[key]][side].append(float(value))
    differences = []
    for code in baseline_by_code:
        before, after = values[code]
        difference = stats.mean_difference(before, after, k=k)
        shown = not difference.masked
        differences.append(
            {
                "code": code,
                "question": str(final_by_code[code].pk),
                "label": final_by_code[code].text,
                "baseline_wave": baseline.pk,
                # The two means behind the difference (each over at least k answers).
                "baseline_mean": sum(before) / len(before) if shown else None,
                "final_mean": sum(after) / len(after) if shown else None,
                **_plain(difference),
            }
        )
    return differences


def wave_results_freeze(*, wave: Wave) -> dict:
    """Compute the published figures of ``wave`` (evaluation.stats over its responses and
    invitations) and store them on ``wave.results``; refused for a wave that is not closed or
    whose results are already frozen (they are never recomputed). Returns the results."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # Locked: two closings at once cannot both compute.
        wave = (
            Wave.objects.select_for_update()
            .select_related("questionnaire__programme")
            .get(pk=wave.pk)
        )
        if wave.status != WaveStatus.CLOSED:
            raise ValidationError(
                _("The results of a wave are computed only once it is closed."),
                code="wave_not_closed",
            )
        if wave.results is not None:
            raise ValidationError(
                _("The results of this wave are already computed: they never change."),
                code="results_frozen",
            )
        programme = wave.questionnaire.programme
        k = programme.min_group_size
        questions = _questions_of(wave)
        items = [question_item(question) for question in questions]
        keys = {item.key for item in items}
        records = response_records(wave, keys)
        invited = [
            stats.Invited(role=role, answered=answered)
            for role, answered in wave.invitations.order_by().values_list("role", "answered")
        ]
        label = wave_label(wave)
        figures = stats.compute_wave(label, items, records, k=k)
        results = {
            "version": RESULTS_VERSION,
            "label": label,
            "kind": wave.questionnaire.kind,
            "k": k,
            "computed_on": timezone.localdate().isoformat(),
            "figures": [_plain(figure) for figure in figures],
            "participation": _plain(stats.participation(invited, k=k)),
            "questions": {
                item.key: _question_entry(question, item)
                for question, item in zip(questions, items, strict=True)
            },
            "differences": (
                _differences(wave, questions, k) if wave.questionnaire.kind == Kind.FINAL else []
            ),
        }
        wave.results = results
        wave.save(update_fields=["results"])
    return results
