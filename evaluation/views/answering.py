"""The respondent's pages: the signed link of the e-mail (no login), the list of one's
questionnaires, and the same form signed in. Each view fetches the invitation (a selector),
parses the form, calls ``response_submit`` and renders or redirects."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from programmes.permissions import programme_view

from ..forms.answering import AnswerForm
from ..selectors import answering as selectors
from ..services.answering import response_submit

# A used, expired or closed link is gone for good (410); a forged one never existed (404).
REFUSED_STATUS = {
    selectors.FORGED: 404,
    selectors.EXPIRED: 410,
    selectors.USED: 410,
    selectors.CLOSED: 410,
}


def _refused(request, refusal: selectors.AnswerRefused, *, signed_in: bool = False):
    invitation = refusal.invitation
    programme = invitation.wave.questionnaire.programme if invitation else None
    context = {"reason": refusal.reason, "programme": programme, "signed_in": signed_in}
    return render(
        request, "evaluation/answer_refused.html", context, status=REFUSED_STATUS[refusal.reason]
    )


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


# An error report (a 500 e-mailed to the admins) must not put the answers beside the invitation
# (its id is in the address): the posted values and the local variables are left out of it.
@sensitive_variables()
def _answer(request, invitation, *, action: str, signed_in: bool):
    """The form of ``invitation`` (GET), or its submission (POST). Returns the page to show,
    or None once submitted (the caller says thanks), and the form."""
    programme = invitation.wave.questionnaire.programme
    questions = selectors.questions_for(invitation)
    may_contact = selectors.contact_pair(invitation.user, programme) is not None
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        may_contact=may_contact,
    )
    if form.is_bound and form.is_valid():
        try:
            response_submit(
                invitation=invitation, answers=form.answers(), contact=form.contact_channel()
            )
        except selectors.AnswerRefused as refusal:
            return _refused(request, refusal, signed_in=signed_in), form
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            return None, form
    context = {
        "invitation": invitation,
        "questionnaire": invitation.wave.questionnaire,
        "wave": invitation.wave,
        "programme": programme,
        "form": form,
        "action": action,
        "k": programme.min_group_size,
        "may_contact": may_contact,
        "signed_in": signed_in,
    }
    page = render(request, "evaluation/answer.html", context, status=400 if form.is_bound else 200)
    return page, form


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def answer_link(request, token: str):
    """The e-mail's signed link: the form without logging in."""
    try:
        invitation = selectors.invitation_for_link(token)
    except selectors.AnswerRefused as refusal:
        return _refused(request, refusal)
    page, form = _answer(request, invitation, action=request.path, signed_in=False)
    if page is not None:
        return page
    context = {
        "programme": invitation.wave.questionnaire.programme,
        "contacted": form.contact_channel() is not None,
    }
    return render(request, "evaluation/answer_thanks.html", context)


@require_GET
@programme_view("participate")
def my_surveys(request, programme):
    context = {"programme": programme, "surveys": selectors.my_surveys(request.user, programme)}
    return render(request, "evaluation/my_surveys.html", context)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@programme_view("participate")
def answer(request, programme, invitation_id: int):
    invitation = selectors.get_invitation_for(request.user, programme, invitation_id)
    try:
        selectors.check_answerable(invitation)
    except selectors.AnswerRefused as refusal:
        return _refused(request, refusal, signed_in=True)
    page, form = _answer(request, invitation, action=request.path, signed_in=True)
    if page is not None:
        return page
    messages.success(request, _("Thank you: your answers are recorded, without your name."))
    if form.contact_channel() is not None:
        messages.info(
            request, _("The coordination has received your request and will contact you.")
        )
    return redirect("evaluation:my_surveys", slug=programme.slug)
