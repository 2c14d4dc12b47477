"""The coordination's evaluation pages: the overview (questionnaires, waves, participation), a
questionnaire and its questions (editable until a wave opens), scheduling a wave, opening and
closing one (after a confirmation page).

Each view asks ``programme_view("manage_evaluation")`` for the programme and
``get_object_for`` for the questionnaire, parses a form, calls one service and redirects (or
renders the page again with the form's errors).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programmes.permissions import get_object_for, programme_view

from ..forms.questionnaires import (
    MoveForm,
    QuestionForm,
    QuestionnaireForm,
    QuestionnaireUseForm,
    WaveForm,
)
from ..models import Questionnaire
from ..selectors import waves as selectors
from ..services import questionnaires as questionnaire_services
from ..services import waves as services

ACTION = "manage_evaluation"


def _questionnaire(request, programme, questionnaire_id: int) -> Questionnaire:
    return get_object_for(
        request.user, programme, Questionnaire.objects.all(), ACTION, pk=questionnaire_id
    )


def _wave(request, programme, wave_id: int):
    # The questionnaire holding the wave, of this programme (404 otherwise), then the wave.
    questionnaire = get_object_for(
        request.user, programme, Questionnaire.objects.all(), ACTION, waves__pk=wave_id
    )
    wave = get_object_or_404(questionnaire.waves, pk=wave_id)
    wave.questionnaire = questionnaire
    return wave


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _to_overview(programme):
    return redirect("evaluation:overview", slug=programme.slug)


def _to_questionnaire(programme, questionnaire):
    return redirect(
        "evaluation:questionnaire", slug=programme.slug, questionnaire_id=questionnaire.pk
    )


@programme_view(ACTION)
def overview(request, programme):
    # The programme's four instruments exist from the first visit (copied from the bank).
    questionnaire_services.questionnaires_ensure(programme=programme)
    return render(
        request,
        "evaluation/overview.html",
        {"programme": programme, "rows": selectors.evaluation_overview(programme)},
    )


@programme_view(ACTION)
def questionnaire(request, programme, questionnaire_id: int):
    questionnaire = _questionnaire(request, programme, questionnaire_id)
    editable = selectors.questionnaire_editable(questionnaire)
    form_class = QuestionnaireForm if editable else QuestionnaireUseForm
    initial = {
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "enabled": questionnaire.enabled,
    }
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**initial, **form.cleaned_data}
        try:
            questionnaire_services.questionnaire_update(
                questionnaire=questionnaire, by=request.user, **data
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("The questionnaire is saved."))
            return _to_questionnaire(programme, questionnaire)
    return render(
        request,
        "evaluation/questionnaire.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "questions": selectors.questions_of(questionnaire),
            "editable": editable,
            "form": form,
        },
    )


def _question_page(request, programme, questionnaire, form, question=None):
    return render(
        request,
        "evaluation/question.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "question": question,
            "form": form,
        },
    )


def _locked(request, programme, questionnaire):
    messages.error(
        request,
        _(
            "A wave of this questionnaire has opened: its questions can no longer change "
            "(the answers would mix two different questions)."
        ),
    )
    return _to_questionnaire(programme, questionnaire)


@programme_view(ACTION)
def question_add(request, programme, questionnaire_id: int):
    questionnaire = _questionnaire(request, programme, questionnaire_id)
    if not selectors.questionnaire_editable(questionnaire):
        return _locked(request, programme, questionnaire)
    form = QuestionForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_services.question_create(
                questionnaire=questionnaire, by=request.user, **form.service_fields()
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("The question is added."))
            return _to_questionnaire(programme, questionnaire)
    return _question_page(request, programme, questionnaire, form)


@programme_view(ACTION)
def question_edit(request, programme, questionnaire_id: int, question_id: int):
    questionnaire = _questionnaire(request, programme, questionnaire_id)
    question = get_object_or_404(questionnaire.questions, pk=question_id)
    if not selectors.questionnaire_editable(questionnaire):
        return _locked(request, programme, questionnaire)
    form = QuestionForm(
        request.POST or None, programme=programme, initial=QuestionForm.initial_of(question)
    )
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire_services.question_update(
                question=question, by=request.user, **form.service_fields()
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("The question is saved."))
            return _to_questionnaire(programme, questionnaire)
    return _question_page(request, programme, questionnaire, form, question)


@require_POST
@programme_view(ACTION)
def question_delete(request, programme, questionnaire_id: int, question_id: int):
    questionnaire = _questionnaire(request, programme, questionnaire_id)
    question = get_object_or_404(questionnaire.questions, pk=question_id)
    try:
        questionnaire_services.question_delete(question=question, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The question is removed."))
    return _to_questionnaire(programme, questionnaire)


@require_POST
@programme_view(ACTION)
def question_move(request, programme, questionnaire_id: int, question_id: int):
    questionnaire = _questionnaire(request, programme, questionnaire_id)
    question = get_object_or_404(questionnaire.questions, pk=question_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move a question up or down."))
        return _to_questionnaire(programme, questionnaire)
    try:
        questionnaire_services.question_move(
            question=question, direction=form.cleaned_data["direction"], by=request.user
        )
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    return _to_questionnaire(programme, questionnaire)


@programme_view(ACTION)
def wave_create(request, programme, questionnaire_id: int):
    questionnaire = _questionnaire(request, programme, questionnaire_id)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_schedule(
                questionnaire=questionnaire, by=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(
                request,
                _("Wave %(number)d is scheduled: it opens on its first day.")
                % {"number": wave.number},
            )
            return _to_overview(programme)
    return render(
        request,
        "evaluation/wave_form.html",
        {"programme": programme, "questionnaire": questionnaire, "form": form},
    )


def _wave_confirm(request, programme, wave, action: str):
    return render(
        request,
        "evaluation/wave_confirm.html",
        {
            "programme": programme,
            "wave": wave,
            "questionnaire": wave.questionnaire,
            "action": action,
            "invitable": (
                selectors.invited_applications(wave.questionnaire).count()
                if action == "open"
                else None
            ),
        },
    )


@programme_view(ACTION)
def wave_open(request, programme, wave_id: int):
    wave = _wave(request, programme, wave_id)
    if request.method != "POST":
        return _wave_confirm(request, programme, wave, "open")
    try:
        invited = services.wave_open(wave=wave, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "The wave is open: %(n)d person is invited to answer.",
                "The wave is open: %(n)d people are invited to answer.",
                invited,
            )
            % {"n": invited},
        )
    return _to_overview(programme)


@programme_view(ACTION)
def wave_close(request, programme, wave_id: int):
    wave = _wave(request, programme, wave_id)
    if request.method != "POST":
        return _wave_confirm(request, programme, wave, "close")
    try:
        services.wave_close(wave=wave, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The wave is closed: its results are computed once and for all.")
        )
    return _to_overview(programme)
