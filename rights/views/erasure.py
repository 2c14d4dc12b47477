"""Asking for erasure from "Mon compte" and confirming it from the e-mail's link."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms_erasure import ErasureConfirmForm
from ..services.erasure import (
    erasure_refusal,
    erasure_request_confirm,
    erasure_request_create,
    erasure_request_for,
)


@login_required
@require_http_methods(["GET", "POST"])
def erasure_request(request):
    refusal = erasure_refusal(user=request.user)
    if request.method == "POST" and not refusal:
        try:
            erasure_request_create(user=request.user)
        except ValidationError as error:
            refusal = error.messages[0]
        else:
            messages.success(
                request,
                _(
                    "An e-mail was sent to %(email)s: open its link within 48 hours to confirm "
                    "the erasure."
                )
                % {"email": request.user.email},
            )
            return redirect("rights:erasure_request")
    return render(request, "rights/erasure_request.html", {"refusal": refusal})


@login_required
@require_http_methods(["GET", "POST"])
def erasure_confirm(request, token: str):
    erasure = erasure_request_for(user=request.user, token=token)
    if erasure is None:
        raise Http404
    form = ErasureConfirmForm(request.POST if request.method == "POST" else None)
    refusal = erasure_refusal(user=request.user)
    if request.method == "POST" and form.is_valid() and not refusal:
        try:
            erasure_request_confirm(request=erasure)
        except ValidationError as error:
            refusal = error.messages[0]
        else:
            logout(request)
            return render(request, "rights/erasure_done.html")
    return render(
        request, "rights/erasure_confirm.html", {"form": form, "refusal": refusal, "token": token}
    )
