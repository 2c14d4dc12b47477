"""The questionnaire's page and its questions' pages: who may, the forms and their French errors,
and the read-only page once a wave has opened."""

import pytest
from django.urls import reverse

from evaluation.models import Kind, Question, WaveStatus
from programmes.models import Indicator
from tests.factories import ProgrammeFactory, questionnaire_for, wave_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(personas):
    return questionnaire_for(personas.programme, Kind.BASELINE)


def url(name, questionnaire, question=None):
    args = [questionnaire.programme.slug, questionnaire.pk]
    if question is not None:
        args.append(question.pk)
    return reverse(f"evaluation:{name}", args=args)


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def question_data(**changes):
    return {
        "text": "Je me sens à l’aise pour animer une réunion.",
        "kind": "agreement",
        "audience": "mentee",
        "options": "",
        "min_value": "",
        "max_value": "",
        "indicator": "",
        **changes,
    }


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_see_the_questions(client, personas, questionnaire, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(url("questionnaire", questionnaire))
    assert response.status_code == 200
    page = text_of(response)
    for question in questionnaire.questions.all():
        assert question.text.replace("'", "&#x27;") in page
    assert url("question_add", questionnaire) in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("referent", 403), ("mentor", 403), ("mentee", 403), ("outsider", 404)],
)
def test_others_may_not_see_or_change_a_questionnaire(
    client, personas, questionnaire, persona, status
):
    question = questionnaire.questions.first()
    client.force_login(getattr(personas, persona))
    assert client.get(url("questionnaire", questionnaire)).status_code == status
    assert client.post(url("question_add", questionnaire), question_data()).status_code == status
    assert client.post(url("question_delete", questionnaire, question)).status_code == status
    assert questionnaire.questions.filter(pk=question.pk).exists()


def test_another_programmes_questionnaire_is_not_found(client, personas):
    theirs = questionnaire_for(ProgrammeFactory(), Kind.BASELINE)
    client.force_login(personas.coordinator)
    mine = reverse("evaluation:questionnaire", args=[personas.programme.slug, theirs.pk])
    assert client.get(mine).status_code == 404


def test_another_questionnaires_question_is_not_found(client, personas, questionnaire):
    final = questionnaire_for(personas.programme, Kind.FINAL)
    client.force_login(personas.coordinator)
    other = final.questions.first()
    assert client.get(url("question_edit", questionnaire, other)).status_code == 404
    assert client.post(url("question_delete", questionnaire, other)).status_code == 404
    assert Question.objects.filter(pk=other.pk).exists()


def test_a_coordinator_saves_the_title_and_use(client, personas, questionnaire):
    client.force_login(personas.coordinator)
    response = client.post(
        url("questionnaire", questionnaire),
        {"title": "Départ 2027", "introduction": "Merci !", "enabled": ""},
        follow=True,
    )
    questionnaire.refresh_from_db()
    assert (questionnaire.title, questionnaire.enabled) == ("Départ 2027", False)
    assert "Le questionnaire est enregistré." in text_of(response)


def test_a_title_too_long_is_refused_in_french(client, personas, questionnaire):
    client.force_login(personas.coordinator)
    response = client.post(
        url("questionnaire", questionnaire), {"title": "x" * 201, "introduction": ""}
    )
    assert response.status_code == 200
    assert "au plus 200 caractères" in text_of(response)


def test_a_coordinator_adds_a_single_choice_tied_to_an_indicator(client, personas, questionnaire):
    indicator = Indicator.objects.create(programme=personas.programme, name="Pratiques")
    client.force_login(personas.coordinator)
    response = client.post(
        url("question_add", questionnaire),
        question_data(kind="choice", options="Oui\nNon\nPas encore", indicator=indicator.pk),
        follow=True,
    )
    question = questionnaire.questions.order_by("-position").first()
    assert question.options == ["Oui", "Non", "Pas encore"]
    assert question.indicator == indicator
    assert "La question est ajoutée." in text_of(response)


def test_a_single_choice_with_one_option_is_refused_in_french(client, personas, questionnaire):
    client.force_login(personas.coordinator)
    count = questionnaire.questions.count()
    response = client.post(
        url("question_add", questionnaire), question_data(kind="choice", options="Oui")
    )
    assert response.status_code == 200
    assert "Un choix unique a de 2 à 10 options, une par ligne." in text_of(response)
    assert questionnaire.questions.count() == count


def test_another_programmes_indicator_is_refused(client, personas, questionnaire):
    theirs = Indicator.objects.create(programme=ProgrammeFactory(), name="Ailleurs")
    client.force_login(personas.coordinator)
    count = questionnaire.questions.count()
    response = client.post(url("question_add", questionnaire), question_data(indicator=theirs.pk))
    assert response.status_code == 200
    assert questionnaire.questions.count() == count


def test_a_coordinator_edits_moves_and_removes_a_question(client, personas, questionnaire):
    first, second = list(questionnaire.questions.order_by("position"))[:2]
    client.force_login(personas.coordinator)
    client.get(url("question_edit", questionnaire, first))
    client.post(
        url("question_edit", questionnaire, first),
        question_data(text="Nouvelle formulation", kind="scale4", audience="both"),
    )
    first.refresh_from_db()
    assert (first.text, first.kind) == ("Nouvelle formulation", "scale4")
    client.post(url("question_move", questionnaire, second), {"direction": "up"})
    order = list(questionnaire.questions.order_by("position").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]
    client.post(url("question_delete", questionnaire, first))
    assert not Question.objects.filter(pk=first.pk).exists()


def test_once_a_wave_opened_the_page_is_read_only_and_says_why(client, personas, questionnaire):
    wave_of(personas.programme, Kind.BASELINE, status=WaveStatus.OPEN)
    question = questionnaire.questions.first()
    client.force_login(personas.coordinator)
    page = text_of(client.get(url("questionnaire", questionnaire)))
    assert "ses questions ne peuvent plus changer" in page
    assert url("question_add", questionnaire) not in page
    assert url("question_edit", questionnaire, question) not in page
    response = client.post(
        url("question_edit", questionnaire, question), question_data(), follow=True
    )
    assert "ses questions ne peuvent plus changer" in text_of(response)
    question.refresh_from_db()
    assert question.text != question_data()["text"]
    # Its use may still change: the form holds only that.
    client.post(url("questionnaire", questionnaire), {"enabled": ""})
    questionnaire.refresh_from_db()
    assert not questionnaire.enabled
