""" "Mon compte" and "download my data": the person's own pages, open to anyone signed in, about
themselves only (a download of someone else does not exist for them: 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from followup.forms.pair_life import PhoneForm
from followup.services.pair_life import user_phone_set
from mentorat.accounts.forms import RemindersForm
from mentorat.accounts.services import user_reminders_set
from programmes.permissions import can

from .. import selectors
from ..forms import LanguageForm, ProfileForm
from ..models import JobStatus
from ..services.account import account_profile_set
from ..services.data_export import (
    ZIP_NAME,
    data_download_delete,
    data_download_request,
    download_expired,
    download_kept_until,
)


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _account_page(request, *, profile_form=None, phone_form=None, status=200):
    user = request.user
    context = {
        "account": selectors.account_of(user),
        "profile_form": profile_form
        or ProfileForm(initial={"first_name": user.first_name, "last_name": user.last_name}),
        "language_form": LanguageForm(user=user),
        "reminders_form": RemindersForm(user=user),
        "phone_form": phone_form or PhoneForm(instance=user),
        # Staff read the export log: the account page leads there.
        "reads_export_log": can(user, "use_admin"),
    }
    return render(request, "rights/account.html", context, status=status)


@require_GET
@login_required
def account(request):
    return _account_page(request)


@require_POST
@login_required
def account_profile(request):
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            account_profile_set(user=request.user, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Your name is saved."))
            return redirect("rights:account")
    request.user.refresh_from_db()
    return _account_page(request, profile_form=form)


@require_POST
@login_required
def account_reminders(request):
    form = RemindersForm(request.POST, user=request.user)
    form.is_valid()  # a single checkbox: always valid, unticked when absent
    wants = bool(form.cleaned_data.get("wants_reminders"))
    user_reminders_set(user=request.user, wants_reminders=wants)
    if wants:
        messages.success(request, _("You will receive the reminders."))
    else:
        messages.success(
            request,
            _("You will no longer receive reminders; the programme's own messages still come."),
        )
    return redirect("rights:account")


@require_POST
@login_required
def account_phone(request):
    form = PhoneForm(request.POST, instance=request.user)
    if form.is_valid():
        try:
            user_phone_set(
                user=request.user,
                phone=form.cleaned_data["phone"],
                share_phone=form.cleaned_data["share_phone"],
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Your phone number is saved."))
            return redirect("rights:account")
    request.user.refresh_from_db()
    return _account_page(request, phone_form=form)


# --- Download my data ---------------------------------------------------------------------------


def _zip_response(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{ZIP_NAME}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def data_download(request):
    asked = data_download_request(user=request.user)
    if asked.content is not None:
        return _zip_response(asked.content)
    return redirect("rights:data_download_status", token=asked.download.token)


def _own_download(request, token: str):
    download = selectors.get_download_for(request.user, token)
    if download_expired(download):
        data_download_delete(download=download)
        raise Http404
    return download


@require_GET
@never_cache
@login_required
def data_download_status(request, token: str):
    download = _own_download(request, token)
    return render(
        request,
        "rights/data_download.html",
        {"download": download, "kept_until": download_kept_until(download)},
    )


@require_GET
@never_cache
@login_required
def data_download_file(request, token: str):
    download = _own_download(request, token)
    if download.status != JobStatus.DONE or not download.file:
        return redirect("rights:data_download_status", token=download.token)
    # Streamed from the storage (a folder or an object store): a large zip is never read whole.
    response = FileResponse(
        download.file.open("rb"), as_attachment=True, filename=ZIP_NAME,
        content_type="application/zip",
    )  # fmt: skip
    response["Cache-Control"] = "no-store"
    return response
