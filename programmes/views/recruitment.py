"""Views of recruitment: application pages, the coordinators' review and imports, the
participants' own pages and the referents' enrolment list."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..forms.recruitment import (
    ApplicationForm,
    DecisionForm,
    ImportUploadForm,
    InvitationForm,
    NoteForm,
    ProfileForm,
    ReviewFilterForm,
)
from ..imports.uploads import upload_discard, upload_read, upload_store
from ..models import (
    PARTICIPANT_ROLES,
    Application,
    ApplicationLink,
    ApplicationStatus,
    Invitation,
    Programme,
)
from ..permissions import can, enrolment_scope, get_application_for, programme_view
from ..selectors import recruitment as selectors
from ..services import recruitment as services

# Re-exported by views/__init__.py (urls.py uses views.<name>): list every view here.
__all__ = [
    "account_activate",
    "application_decision",
    "application_note",
    "application_review",
    "apply",
    "apply_invited",
    "apply_sent",
    "enrolment",
    "import_confirm",
    "import_preview",
    "import_upload",
    "imported_accounts_invite",
    "invitations_send",
    "link_renew",
    "my_application",
    "my_programmes",
    "profile_edit",
    "withdraw",
    "recruitment",
    "review_list",
]

PAGE_SIZE = 50
ENROLMENT_PAGE_SIZE = 100
IMPORT_SESSION_KEY = "participants_import"
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- Applying ----------------------------------------------------------------------------------


def apply(request, token: str):
    """The application page reached by a programme's shareable link (one per role)."""
    link = ApplicationLink.objects.select_related("programme").filter(token=token).first()
    if link is None:
        return _link_invalid(request)
    return _application_page(request, programme=link.programme, role=link.role)


def apply_invited(request, token: str):
    """The application page reached by a personal invitation sent by e-mail."""
    invitation = Invitation.objects.select_related("programme").filter(token=token).first()
    if invitation is None:
        return _link_invalid(request)
    if not request.user.is_authenticated:
        User = get_user_model()
        if User.objects.filter(email__iexact=invitation.email).exists():
            # Only the reader of this mailbox holds the link: telling them is no leak.
            messages.info(request, _("You already have an account: log in to apply."))
            return redirect(f"{reverse('account_login')}?next={request.path}")
    return _application_page(
        request, programme=invitation.programme, role=invitation.role, invitation=invitation
    )


def _application_page(request, *, programme: Programme, role: str, invitation=None):
    if not programme.is_recruiting:
        return render(request, "programmes/recruitment/apply_closed.html", {"programme": programme})
    user = request.user
    if (
        user.is_authenticated
        and Application.objects.filter(programme=programme, user=user).exists()
    ):
        messages.info(request, _("You have already applied to this programme."))
        return redirect("programmes:my_application", slug=programme.slug)
    with_account = not user.is_authenticated
    form = ApplicationForm(
        request.POST or None,
        programme=programme,
        role=role,
        with_account=with_account,
        fixed_email=invitation.email if invitation and with_account else "",
    )
    if request.method == "POST" and form.is_valid():
        # Creating accounts from a public page: the same limit as allauth's sign-up.
        if with_account and (refused := ratelimit.consume_or_429(request, action="signup")):
            return refused
        try:
            if with_account:
                data = form.cleaned_data
                outcome = services.application_create_with_account(
                    request=request,
                    programme=programme,
                    role=role,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    password=data["password1"],
                    profile=form.profile(),
                    invitation=invitation,
                )
                if outcome.signed_in_user is None:
                    return redirect("programmes:apply_sent")
                login(request, outcome.signed_in_user, backend=LOGIN_BACKEND)
            else:
                services.application_create(
                    programme=programme,
                    user=user,
                    role=role,
                    profile=form.profile(),
                    invitation=invitation,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application has been sent to the coordinators."))
            return redirect("programmes:my_application", slug=programme.slug)
    return render(
        request,
        "programmes/recruitment/apply.html",
        {"programme": programme, "role": role, "form": form, "invitation": invitation},
    )


def apply_sent(request):
    """« Check your e-mail »: the same page whether the address had an account or not."""
    return render(request, "programmes/recruitment/apply_sent.html")


def _link_invalid(request):
    return render(request, "programmes/recruitment/link_invalid.html", status=404)


# --- Recruitment page of the coordinators -------------------------------------------------------


@programme_view("manage")
def recruitment(request, programme):
    links = [
        (role, services.application_link_get(programme=programme, role=role))
        for role in PARTICIPANT_ROLES
    ]
    context = {
        "programme": programme,
        "links": [
            (role, link, request.build_absolute_uri(link.get_absolute_url()))
            for role, link in links
        ],
        "invitation_form": InvitationForm(),
        "counts": selectors.application_counts(programme),
        "pending_accounts": services.imported_accounts_pending(programme).count(),
        "invitations": programme.invitations.order_by("-created_at")[:20],
    }
    return render(request, "programmes/recruitment/recruitment.html", context)


@require_POST
@programme_view("manage")
def link_renew(request, programme, role: str):
    if role not in PARTICIPANT_ROLES:
        raise Http404
    services.application_link_renew(programme=programme, role=role)
    messages.success(request, _("A new link was made: the previous one no longer works."))
    return redirect("programmes:recruitment", slug=programme.slug)


@require_POST
@programme_view("manage")
def invitations_send(request, programme):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            sent = services.invitations_send(
                programme=programme,
                emails=form.cleaned_data["emails"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            skipped = len(form.cleaned_data["emails"]) - len(sent)
            messages.success(
                request,
                ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", len(sent))
                % {"count": len(sent)},
            )
            if skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s address had already been invited for this role.",
                        "%(count)s addresses had already been invited for this role.",
                        skipped,
                    )
                    % {"count": skipped},
                )
            return redirect("programmes:recruitment", slug=programme.slug)
    return render(
        request,
        "programmes/recruitment/invitations.html",
        {"programme": programme, "invitation_form": form},
    )


# --- Review --------------------------------------------------------------------------------------


@programme_view("manage")
def review_list(request, programme):
    form = ReviewFilterForm(request.GET or None, programme=programme)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.review_list(programme, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "programme": programme,
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "counts": selectors.application_counts(programme),
    }
    return render(request, "programmes/recruitment/review_list.html", context)


@programme_view("manage")
def application_review(request, programme, pk: int):
    application = _application_of(request, programme, pk)
    return _review_page(request, programme, application)


def _review_page(request, programme, application, note_form=None):
    context = {
        "programme": programme,
        "application": application,
        "note_form": note_form or NoteForm(),
        "decisions": services.DECISIONS,
        "email_confirmed": any(
            address.verified for address in application.user.emailaddress_set.all()
        ),
    }
    return render(request, "programmes/recruitment/application_review.html", context)


def _application_of(request, programme, pk: int) -> Application:
    return get_application_for(
        request.user,
        programme,
        "review_application",
        pk,
        queryset=selectors.applications_for_review(),
    )


@require_POST
@programme_view("manage")
def application_decision(request, programme, pk: int):
    application = _application_of(request, programme, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept, waiting list or decline."))
    else:
        try:
            changed = services.application_decide(
                application=application, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if changed:
                messages.success(request, _("Decision recorded; the applicant is told by e-mail."))
            else:
                messages.info(request, _("The application already had this status."))
    return redirect("programmes:application_review", slug=programme.slug, pk=application.pk)


@require_POST
@programme_view("manage")
def application_note(request, programme, pk: int):
    application = _application_of(request, programme, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.application_note_add(
            application=application, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Note added."))
        return redirect("programmes:application_review", slug=programme.slug, pk=application.pk)
    return _review_page(request, programme, application, note_form=form)


# --- Import ------------------------------------------------------------------------------------


@programme_view("manage")
def import_upload(request, programme):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _forget_upload(request)
        request.session[IMPORT_SESSION_KEY] = {
            "programme": programme.pk,
            "name": upload_store(data=upload.read(), filename=upload.name),
            "filename": upload.name,
        }
        return redirect("programmes:import_preview", slug=programme.slug)
    return render(
        request,
        "programmes/recruitment/import_upload.html",
        {"programme": programme, "form": form},
    )


def _stored_upload(request, programme) -> tuple[dict, bytes] | tuple[None, None]:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or stored.get("programme") != programme.pk:
        return None, None
    data = upload_read(stored["name"])
    return (stored, data) if data is not None else (None, None)


def _forget_upload(request) -> None:
    stored = request.session.pop(IMPORT_SESSION_KEY, None)
    if stored:
        upload_discard(stored["name"])


@programme_view("manage")
def import_preview(request, programme):
    stored, data = _stored_upload(request, programme)
    if stored is None:
        messages.info(request, _("Choose the file to import."))
        return redirect("programmes:import_participants", slug=programme.slug)
    report = services.participants_import(
        programme=programme, data=data, filename=stored["filename"], dry_run=True
    )
    context = {
        "programme": programme,
        "report": report,
        "filename": stored["filename"],
        "form": ImportUploadForm(),
    }
    return render(request, "programmes/recruitment/import_preview.html", context)


@require_POST
@programme_view("manage")
def import_confirm(request, programme):
    stored, data = _stored_upload(request, programme)
    if stored is None:
        messages.error(request, _("The file to import is no longer available: send it again."))
        return redirect("programmes:import_participants", slug=programme.slug)
    report = services.participants_import(
        programme=programme, data=data, filename=stored["filename"], by=request.user
    )
    if report.refused:
        context = {
            "programme": programme,
            "report": report,
            "filename": stored["filename"],
            "form": ImportUploadForm(),
        }
        return render(request, "programmes/recruitment/import_preview.html", context)
    _forget_upload(request)
    messages.success(
        request,
        _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
    )
    return redirect("programmes:recruitment", slug=programme.slug)


@require_POST
@programme_view("manage")
def imported_accounts_invite(request, programme):
    queued = services.imported_accounts_invite(programme=programme, by=request.user)
    messages.success(
        request,
        ngettext("%(count)s activation e-mail sent.", "%(count)s activation e-mails sent.", queued)
        % {"count": queued},
    )
    return redirect("programmes:recruitment", slug=programme.slug)


def account_activate(request, uidb64: str, token: str):
    """The link of the activation e-mail sent to imported people: confirms their address,
    signs them in and lets them choose a password. Works once (signing in spends it)."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not user.is_active or not default_token_generator.check_token(user, token):
        return render(request, "programmes/recruitment/activation_invalid.html", status=400)
    if request.method == "POST":
        services.account_activate(user=user)
        login(request, user, backend=LOGIN_BACKEND)
        if not user.has_usable_password():
            messages.success(request, _("Your account is active: choose your password."))
            return redirect("account_set_password")
        return redirect("programmes:my_programmes")
    # A page with a button rather than activating on GET: mail scanners open links too.
    return render(request, "programmes/recruitment/activation.html", {"person": user})


# --- The participants' own pages -------------------------------------------------------------


@login_required
def my_programmes(request):
    return render(
        request,
        "programmes/recruitment/my_programmes.html",
        {"applications": selectors.applications_of(request.user)},
    )


def _own_application(request, slug: str, action: str) -> Application:
    return get_application_for(
        request.user,
        slug,
        action,
        queryset=Application.objects.select_related("organisation").prefetch_related("topics"),
    )


@login_required
def my_application(request, slug: str):
    application = _own_application(request, slug, "view_application")
    return render(
        request, "programmes/recruitment/my_application.html", {"application": application}
    )


@login_required
def profile_edit(request, slug: str):
    application = _own_application(request, slug, "edit_application")
    programme = application.programme
    if not programme.profiles_editable:
        return render(
            request,
            "programmes/recruitment/my_application.html",
            {"application": application, "locked": True},
            status=403 if request.method == "POST" else 200,
        )
    form = ProfileForm(
        request.POST or None,
        programme=programme,
        role=application.role,
        initial=ProfileForm.initial_from(application),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_profile_update(application=application, profile=form.profile())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("programmes:my_application", slug=programme.slug)
    return render(
        request,
        "programmes/recruitment/profile_edit.html",
        {"application": application, "programme": programme, "form": form},
    )


@login_required
def withdraw(request, slug: str):
    """GET: what withdrawing means, and a confirmation button. POST: withdraw."""
    application = _own_application(request, slug, "edit_application")
    programme = application.programme
    if application.status == ApplicationStatus.WITHDRAWN:
        return redirect("programmes:my_application", slug=programme.slug)
    if request.method == "POST":
        try:
            services.application_withdraw(application=application)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You have withdrawn from “%(programme)s”. The coordination can see it.")
                % {"programme": programme.name},
            )
        return redirect("programmes:my_application", slug=programme.slug)
    return render(
        request, "programmes/recruitment/withdraw_confirm.html", {"application": application}
    )


# --- Company referents -------------------------------------------------------------------------


@programme_view("view_enrolment")
def enrolment(request, programme):
    scope = enrolment_scope(request.user, programme)
    applications = selectors.enrolment(programme, scope)
    page = Paginator(applications, ENROLMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/recruitment/enrolment.html",
        {
            "programme": programme,
            "applications": page.object_list,
            "page": page,
            "can_manage": can(request.user, "manage", programme),
        },
    )
