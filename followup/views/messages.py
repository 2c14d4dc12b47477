"""The coordination's messages to a segment: the list of past messages, writing one, its preview
(how many people it reaches), sending it, and its progress while the workers send it."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programmes.permissions import get_object_for, programme_view

from ..forms.messages import MessageForm
from ..models import Message
from ..selectors.messages import (
    message_progress,
    messages_labelled,
    messages_of,
    segment_count,
    segment_label,
)
from ..services.messages import message_send

ACTION = "send_messages"
PAGE_SIZE = 25


@require_GET
@programme_view(ACTION)
def message_list(request, programme):
    page = Paginator(messages_of(programme), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = messages_labelled(page.object_list)
    return render(request, "followup/message_list.html", {"programme": programme, "page": page})


@require_http_methods(["GET", "POST"])
@programme_view(ACTION)
def message_compose(request, programme):
    """GET: the empty form. POST: the preview of a valid message (or the form again, with its
    errors, or to change it)."""
    if request.method == "GET":
        form = MessageForm(programme=programme)
        return _compose(request, programme, form)
    form = MessageForm(request.POST, programme=programme)
    if "change" in request.POST or not form.is_valid():
        return _compose(request, programme, form)
    code = form.cleaned_data["segment"]
    organisation = form.cleaned_data["organisation"]
    context = {
        "programme": programme,
        "form": form,
        "segment_label": segment_label(code, organisation.name if organisation else None),
        "count": segment_count(programme, code, form.segment_param),
    }
    return render(request, "followup/message_preview.html", context)


@require_POST
@programme_view(ACTION)
def message_send_view(request, programme):
    form = MessageForm(request.POST, programme=programme)
    if not form.is_valid():
        return _compose(request, programme, form)
    try:
        message = message_send(
            programme=programme,
            by=request.user,
            segment=form.cleaned_data["segment"],
            segment_param=form.segment_param,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _compose(request, programme, form)
    return redirect("followup:message_progress", slug=programme.slug, message_id=message.pk)


def _compose(request, programme, form):
    return render(request, "followup/message_compose.html", {"programme": programme, "form": form})


@require_GET
@programme_view(ACTION)
def message_progress_view(request, programme, message_id: int):
    message = get_object_for(
        request.user, programme, Message.objects.select_related("created_by"), ACTION,
        pk=message_id,
    )  # fmt: skip
    (message,) = messages_labelled([message])
    context = {"programme": programme, "message": message, "progress": message_progress(message)}
    return render(request, "followup/message_progress.html", context)


@require_GET
@never_cache
@programme_view(ACTION)
def message_status(request, programme, message_id: int):
    message = get_object_for(request.user, programme, Message.objects, ACTION, pk=message_id)
    progress = message_progress(message)
    # The page's own sentence, for the page to show as it is.
    progress["text"] = _("%(sent)s of %(total)s sent") % progress
    return JsonResponse(progress)
