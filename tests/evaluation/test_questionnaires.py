"""The coordinators' edits of a questionnaire: its title and use, its questions (added, changed,
moved, removed), each checked against its kind, and all refused once a wave has opened."""

import pytest
from django.core.exceptions import ValidationError

from evaluation.models import Kind, QuestionKind, WaveStatus
from evaluation.services.questionnaires import (
    MAX_QUESTIONS,
    question_create,
    question_delete,
    question_move,
    question_update,
    questionnaire_update,
)
from programmes.models import Indicator
from tests.factories import ProgrammeFactory, questionnaire_for, wave_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def questionnaire(programme):
    return questionnaire_for(programme, Kind.BASELINE)


def fields(**changes):
    return {
        "text": "Je me sens à l’aise pour animer une réunion.",
        "kind": QuestionKind.AGREEMENT,
        "audience": "mentee",
        "options": [],
        "min_value": None,
        "max_value": None,
        "indicator": None,
        **changes,
    }


def texts(questionnaire):
    return list(questionnaire.questions.order_by("position", "pk").values_list("text", flat=True))


def test_a_question_is_added_at_the_end(questionnaire):
    before = texts(questionnaire)
    question = question_create(questionnaire=questionnaire, **fields())
    assert texts(questionnaire) == [*before, question.text]


def test_a_single_choice_keeps_its_options_one_per_line(questionnaire):
    question = question_create(
        questionnaire=questionnaire,
        **fields(kind=QuestionKind.CHOICE, options=["Oui", " Non ", "", "Je ne sais pas"]),
    )
    assert question.options == ["Oui", "Non", "Je ne sais pas"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["Oui"], "de 2 à 10 options"),
        ([f"Option {i}" for i in range(11)], "de 2 à 10 options"),
        (["Oui", "x" * 121], "120 caractères au plus"),
        (["Oui", "Oui"], "identiques"),
    ],
)
def test_a_single_choice_has_two_to_ten_distinct_short_options(questionnaire, options, message):
    with pytest.raises(ValidationError, match=message):
        question_create(
            questionnaire=questionnaire, **fields(kind=QuestionKind.CHOICE, options=options)
        )


def test_options_are_dropped_from_a_question_that_is_not_a_choice(questionnaire):
    question = question_create(questionnaire=questionnaire, **fields(options=["Oui", "Non"]))
    assert question.options == []


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        (None, 10, "le plus petit et le plus grand"),
        (10, 10, "doit dépasser le plus petit"),
        (0, 100_001, "doit dépasser le plus petit"),
    ],
)
def test_a_whole_number_has_bounds_in_order(questionnaire, low, high, message):
    with pytest.raises(ValidationError, match=message):
        question_create(
            questionnaire=questionnaire,
            **fields(kind=QuestionKind.NUMBER, min_value=low, max_value=high),
        )


def test_a_whole_number_keeps_its_bounds_and_other_kinds_drop_them(questionnaire):
    number = question_create(
        questionnaire=questionnaire,
        **fields(kind=QuestionKind.NUMBER, min_value=0, max_value=60),
    )
    assert (number.min_value, number.max_value) == (0, 60)
    scale = question_create(questionnaire=questionnaire, **fields(min_value=1, max_value=3))
    assert (scale.min_value, scale.max_value) == (None, None)


def test_a_question_is_tied_only_to_an_indicator_of_its_programme(programme, questionnaire):
    ours = Indicator.objects.create(programme=programme, name="Confiance des managers")
    theirs = Indicator.objects.create(programme=ProgrammeFactory(), name="Ailleurs")
    question = question_create(questionnaire=questionnaire, **fields(indicator=ours))
    assert question.indicator == ours
    with pytest.raises(ValidationError, match="indicateurs du programme"):
        question_update(question=question, **fields(indicator=theirs))


def test_a_questionnaire_holds_a_bounded_number_of_questions(questionnaire):
    while questionnaire.questions.count() < MAX_QUESTIONS:
        question_create(questionnaire=questionnaire, **fields())
    with pytest.raises(ValidationError, match="40 questions au plus"):
        question_create(questionnaire=questionnaire, **fields())


def test_a_question_moves_up_and_down(questionnaire):
    first, second, third = list(questionnaire.questions.order_by("position"))[:3]
    question_move(question=third, direction="up")
    assert texts(questionnaire)[:3] == [first.text, third.text, second.text]
    question_move(question=first, direction="down")
    assert texts(questionnaire)[:3] == [third.text, first.text, second.text]
    question_move(question=third, direction="up")  # already first: stays
    assert texts(questionnaire)[0] == third.text
    with pytest.raises(ValidationError):
        question_move(question=third, direction="sideways")


def test_a_question_is_removed(questionnaire):
    question = questionnaire.questions.first()
    question_delete(question=question)
    assert question.text not in texts(questionnaire)


def test_the_title_introduction_and_use_are_saved(questionnaire):
    questionnaire_update(
        questionnaire=questionnaire, title="  Départ 2027 ", introduction="Bonjour", enabled=False
    )
    questionnaire.refresh_from_db()
    assert (questionnaire.title, questionnaire.introduction, questionnaire.enabled) == (
        "Départ 2027",
        "Bonjour",
        False,
    )


def test_an_introduction_is_bounded(questionnaire):
    with pytest.raises(ValidationError):
        questionnaire_update(
            questionnaire=questionnaire, title="Départ", introduction="x" * 2001, enabled=True
        )


# --- Once a wave has opened ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [WaveStatus.OPEN, WaveStatus.CLOSED])
def test_editing_is_refused_once_a_wave_has_opened(programme, questionnaire, status):
    wave_of(programme, Kind.BASELINE, status=status)
    question = questionnaire.questions.first()
    before = texts(questionnaire)
    attempts = [
        lambda: question_create(questionnaire=questionnaire, **fields()),
        lambda: question_update(question=question, **fields(text="Autre chose")),
        lambda: question_delete(question=question),
        lambda: question_move(question=question, direction="down"),
        lambda: questionnaire_update(
            questionnaire=questionnaire, title="Autre", introduction="", enabled=True
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="ses questions ne peuvent plus changer"):
            attempt()
    assert texts(questionnaire) == before


def test_a_scheduled_wave_does_not_lock_the_questions(programme, questionnaire):
    wave_of(programme, Kind.BASELINE, status=WaveStatus.SCHEDULED)
    question_create(questionnaire=questionnaire, **fields(text="Encore une"))
    assert "Encore une" in texts(questionnaire)


def test_the_use_of_a_questionnaire_may_change_after_a_wave_opened(programme, questionnaire):
    wave_of(programme, Kind.BASELINE, status=WaveStatus.CLOSED)
    questionnaire_update(
        questionnaire=questionnaire,
        title=questionnaire.title,
        introduction=questionnaire.introduction,
        enabled=False,
    )
    questionnaire.refresh_from_db()
    assert not questionnaire.enabled
