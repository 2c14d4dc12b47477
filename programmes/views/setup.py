"""Views of programme setup: creation, overview, the setup steps, phase changes, organisations,
coordinators and referents, programme templates. Each parses a form, calls one service and
redirects, or renders."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mentorat.core.french import of_name

from .. import services
from ..forms import setup as forms
from ..models import Membership, Phase, Role
from ..permissions import can, get_object_for, get_organisation_for, programme_view, require
from ..programme_file import TemplateError, template_dumps, template_of_programme, template_parse
from ..selectors import phases as phase_selectors
from ..selectors import setup as setup_selectors
from ..selectors.retention import personal_data_purge_on
from ..services.setup import CALENDAR_PHASES, IndicatorRow, PhaseRow, TopicRow

# Re-exported by views/__init__.py (urls.py uses views.<name>).
__all__ = [
    "organisation_create",
    "setup_retention",
    "organisation_edit",
    "organisations",
    "programme_create",
    "programme_detail",
    "setup_calendar",
    "setup_charter",
    "setup_coordinator_add",
    "setup_coordinator_remove",
    "setup_export",
    "setup_general",
    "setup_import",
    "setup_indicators",
    "setup_matching",
    "setup_organisation_remove",
    "setup_organisations",
    "setup_organisations_add",
    "setup_phase",
    "setup_referent_add",
    "setup_referent_remove",
    "setup_reports",
    "setup_topics",
    "template_import",
]

# The setup steps, in order: (route name, label).
STEPS = [
    ("setup_general", gettext_lazy("General")),
    ("setup_calendar", gettext_lazy("Calendar")),
    ("setup_topics", gettext_lazy("Topics")),
    ("setup_indicators", gettext_lazy("Indicators")),
    ("setup_charter", gettext_lazy("Charter and follow-up")),
    ("setup_matching", gettext_lazy("Matching")),
    ("setup_reports", gettext_lazy("Reports")),
    ("setup_organisations", gettext_lazy("Organisations and coordination")),
]
STEP_NAMES = [name for name, _label in STEPS]


def _step_context(programme, step: str, **extra) -> dict:
    index = STEP_NAMES.index(step)
    return {
        "programme": programme,
        "steps": [
            {"name": name, "label": label, "number": i + 1, "current": name == step}
            for i, (name, label) in enumerate(STEPS)
        ],
        "step_number": index + 1,
        "step_label": STEPS[index][1],
        **extra,
    }


def _next_step(programme, step: str):
    index = STEP_NAMES.index(step)
    name = STEP_NAMES[min(index + 1, len(STEP_NAMES) - 1)]
    return redirect(f"programmes:{name}", slug=programme.slug)


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's error on the form: on its fields when the form has them."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- Creation and overview ------------------------------------------------------------------


@login_required
def programme_create(request):
    require(request.user, "create_programme")
    form = forms.ProgrammeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("The programme is created with default settings: adapt them step by step.")
        )
        return redirect("programmes:setup_general", slug=programme.slug)
    return render(request, "programmes/setup/create.html", {"form": form})


@programme_view("view")
def programme_detail(request, programme):
    can_manage = can(request.user, "manage", programme)
    context = {
        "programme": programme,
        "can_manage": can_manage,
        "can_administer": can(request.user, "administer", programme),
        "can_participate": can(request.user, "participate", programme),
        "can_view_enrolment": can(request.user, "view_enrolment", programme),
        "can_send_messages": can(request.user, "send_messages", programme),
        "calendar": _calendar_rows(programme),
        "phases": _phase_rows(programme),
    }
    if can_manage:
        context.update(
            steps=_step_context(programme, STEP_NAMES[0])["steps"],
            topics=list(programme.topics.all()),
            indicators=list(programme.indicators.all()),
            organisations=list(setup_selectors.participating_organisations(programme)),
            coordinators=list(setup_selectors.memberships_of(programme, Role.COORDINATOR)),
            figures=phase_selectors.programme_figures(programme),
            purge_on=personal_data_purge_on(programme),
        )
    if context["can_administer"]:
        context["retention_form"] = forms.RetentionForm(instance=programme, prefix="retention")
    return render(request, "programmes/setup/detail.html", context)


def _calendar_rows(programme) -> list[dict]:
    dates = {d.phase: d for d in programme.calendar.all()}
    return [
        {
            "phase": phase,
            "label": Phase(phase).label,
            "starts_on": dates[phase].starts_on if phase in dates else None,
            "ends_on": dates[phase].ends_on if phase in dates else None,
            "current": phase == programme.current_phase,
        }
        for phase in CALENDAR_PHASES
    ]


def _phase_rows(programme) -> list[dict]:
    return [
        {"value": value, "label": label, "current": value == programme.current_phase}
        for value, label in Phase.choices
    ]


# --- Steps -----------------------------------------------------------------------------------


@programme_view("manage")
def setup_general(request, programme):
    form = forms.GeneralForm(request.POST or None, instance=copy.copy(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_general_update(programme=programme, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("General information saved."))
            return _next_step(programme, "setup_general")
    return render(
        request,
        "programmes/setup/form_step.html",
        _step_context(programme, "setup_general", form=form),
    )


def _settings_step(request, programme, step: str, form_class, saved: str):
    """The steps that edit a few fields of the programme itself."""
    form = form_class(request.POST or None, instance=copy.copy(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_settings_update(programme=programme, changes=form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, saved)
            return _next_step(programme, step)
    return render(
        request, "programmes/setup/form_step.html", _step_context(programme, step, form=form)
    )


@programme_view("manage")
def setup_charter(request, programme):
    return _settings_step(
        request, programme, "setup_charter", forms.CharterForm, _("Charter and follow-up saved.")
    )


@programme_view("manage")
def setup_matching(request, programme):
    return _settings_step(
        request, programme, "setup_matching", forms.MatchingForm, _("Matching settings saved.")
    )


@programme_view("manage")
def setup_reports(request, programme):
    return _settings_step(
        request, programme, "setup_reports", forms.ReportsForm, _("Report settings saved.")
    )


@programme_view("manage")
def setup_calendar(request, programme):
    rows = _calendar_rows(programme)
    initial = [
        {"phase": r["phase"], "starts_on": r["starts_on"], "ends_on": r["ends_on"]} for r in rows
    ]
    formset = forms.CalendarFormSet(request.POST or None, initial=initial, prefix="calendar")
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        phase_rows = [
            PhaseRow(
                f.cleaned_data["phase"],
                f.cleaned_data.get("starts_on"),
                f.cleaned_data.get("ends_on"),
            )
            for f in formset.forms
        ]
        try:
            services.programme_calendar_update(programme=programme, rows=phase_rows)
        except ValidationError as e:
            errors = e.messages
        else:
            messages.success(request, _("Calendar saved."))
            return _next_step(programme, "setup_calendar")
    labels = {r["phase"]: r["label"] for r in rows}
    context = _step_context(
        programme,
        "setup_calendar",
        formset=formset,
        rows=[(labels[f.initial["phase"]], f) for f in formset.forms],
        errors=errors,
        phases=_phase_rows(programme),
    )
    return render(request, "programmes/setup/calendar.html", context)


@programme_view("manage")
def setup_topics(request, programme):
    topics = programme.topics.annotate(n_applications=Count("applications")).order_by(
        "position", "name"
    )
    initial = [{"id": t.pk, "name": t.name, "ORDER": i + 1} for i, t in enumerate(topics)]
    used = {t.pk: t.n_applications for t in topics}
    formset = forms.TopicFormSet(request.POST or None, initial=initial, prefix="topics")
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = [TopicRow(d.get("id"), d["name"]) for d in formset.rows()]
        try:
            services.programme_topics_update(programme=programme, rows=rows)
        except ValidationError as e:
            errors = e.messages
        else:
            messages.success(request, _("Topics saved."))
            return _next_step(programme, "setup_topics")
    context = _step_context(
        programme,
        "setup_topics",
        formset=formset,
        rows=[(f, used.get(f.initial.get("id"), 0)) for f in formset.forms],
        errors=errors,
    )
    return render(request, "programmes/setup/topics.html", context)


@programme_view("manage")
def setup_indicators(request, programme):
    initial = [
        {"id": i.pk, "name": i.name, "measure": i.measure, "target": i.target, "ORDER": n + 1}
        for n, i in enumerate(programme.indicators.all())
    ]
    formset = forms.IndicatorFormSet(request.POST or None, initial=initial, prefix="indicators")
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = [
            IndicatorRow(d.get("id"), d["name"], d.get("measure", ""), d.get("target", ""))
            for d in formset.rows()
        ]
        try:
            services.programme_indicators_update(programme=programme, rows=rows)
        except ValidationError as e:
            errors = e.messages
        else:
            messages.success(request, _("Indicators saved."))
            return _next_step(programme, "setup_indicators")
    context = _step_context(programme, "setup_indicators", formset=formset, errors=errors)
    return render(request, "programmes/setup/indicators.html", context)


# --- Phase -----------------------------------------------------------------------------------


@programme_view("manage")
def setup_phase(request, programme, phase: str):
    """Move the programme to another phase, after a confirmation page that says what the change
    does (going back) and what it leaves behind (pairs waiting, a calendar not there yet)."""
    if phase not in Phase.values or phase == programme.current_phase:
        raise Http404
    review = None
    if request.method == "POST":
        try:
            services.programme_phase_set(
                programme=programme, phase=phase, confirm=request.POST.get("confirm") == "1"
            )
        except services.PhaseChangeNotConfirmed as e:
            # Something changed since the page was shown (pairs published meanwhile...).
            messages.warning(request, e.messages[0])
            review = e.review
        else:
            messages.success(
                request,
                _("The programme is now in its phase “%(phase)s”.") % {"phase": Phase(phase).label},
            )
            return redirect(programme)
    if review is None:
        review = phase_selectors.phase_change_review(programme, phase)
    context = {
        "programme": programme,
        "phase": phase,
        "phase_label": Phase(phase).label,
        "review": review,
    }
    return render(request, "programmes/setup/phase_confirm.html", context)


# --- Organisations and people of the programme -------------------------------------------------


def _back(request, programme):
    """After adding or removing an organisation: back to the directory or to step 8."""
    if request.POST.get("next") == "directory":
        return redirect("programmes:organisations", slug=programme.slug)
    return redirect("programmes:setup_organisations", slug=programme.slug)


def _organisations_page(request, programme, **forms_given):
    """Step 8, with the forms a POST may have returned with errors."""
    participating = list(setup_selectors.participating_organisations(programme))
    context = _step_context(
        programme,
        "setup_organisations",
        organisations=participating,
        referents=list(setup_selectors.memberships_of(programme, Role.REFERENT)),
        coordinators=list(setup_selectors.memberships_of(programme, Role.COORDINATOR)),
        can_administer=can(request.user, "administer", programme),
        add_form=forms_given.get("add_form")
        or forms.OrganisationsAddForm(queryset=setup_selectors.organisations_to_add(programme)),
        referent_form=forms_given.get("referent_form")
        or forms.ReferentForm(
            queryset=setup_selectors.participating_organisations(programme), prefix="referent"
        ),
        coordinator_form=forms_given.get("coordinator_form")
        or forms.CoordinatorForm(prefix="coordinator"),
    )
    return render(request, "programmes/setup/organisations.html", context)


@programme_view("manage")
def setup_organisations(request, programme):
    return _organisations_page(request, programme)


@require_POST
@programme_view("manage")
def setup_organisations_add(request, programme):
    form = forms.OrganisationsAddForm(
        request.POST, queryset=setup_selectors.organisations_to_add(programme)
    )
    if not form.is_valid():
        return _organisations_page(request, programme, add_form=form)
    services.programme_organisations_add(
        programme=programme, organisations=list(form.cleaned_data["organisations"])
    )
    messages.success(request, _("Organisations added to the programme."))
    return _back(request, programme)


@require_POST
@programme_view("manage")
def setup_organisation_remove(request, programme, pk: int):
    organisation = get_object_or_404(programme.organisations, pk=pk)
    try:
        services.programme_organisation_remove(programme=programme, organisation=organisation)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("%(name)s no longer takes part in the programme.") % {"name": organisation.name},
        )
    return _back(request, programme)


@require_POST
@programme_view("manage")
def setup_referent_add(request, programme):
    form = forms.ReferentForm(
        request.POST,
        queryset=setup_selectors.participating_organisations(programme),
        prefix="referent",
    )
    if form.is_valid():
        try:
            membership = services.referent_appoint_by_email(
                programme=programme, **form.cleaned_data
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(
                request,
                _("%(email)s is the referent %(of_organisation)s; an e-mail tells them.")
                % {
                    "email": membership.user.email,
                    "of_organisation": of_name(membership.organisation.name),
                },
            )
            return redirect("programmes:setup_organisations", slug=programme.slug)
    return _organisations_page(request, programme, referent_form=form)


@require_POST
@programme_view("manage")
def setup_referent_remove(request, programme, pk: int):
    membership = get_object_for(
        request.user, programme, Membership.objects, "manage", pk=pk, role=Role.REFERENT
    )
    services.referent_remove(programme=programme, membership=membership)
    messages.success(request, _("The referent was removed."))
    return redirect("programmes:setup_organisations", slug=programme.slug)


@require_POST
@programme_view("administer")
def setup_coordinator_add(request, programme):
    form = forms.CoordinatorForm(request.POST, prefix="coordinator")
    if form.is_valid():
        try:
            membership = services.coordinator_appoint_by_email(
                programme=programme, **form.cleaned_data
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(
                request,
                _("%(email)s coordinates the programme; an e-mail tells them.")
                % {"email": membership.user.email},
            )
            return redirect("programmes:setup_organisations", slug=programme.slug)
    return _organisations_page(request, programme, coordinator_form=form)


@require_POST
@programme_view("administer")
def setup_retention(request, programme):
    form = forms.RetentionForm(request.POST, prefix="retention")
    if form.is_valid():
        services.programme_retention_set(
            programme=programme, months=form.cleaned_data["retention_months"]
        )
        messages.success(request, _("The retention period is saved."))
    else:
        for error in form.errors.get("retention_months", []):
            messages.error(request, error)
    return redirect(programme.get_absolute_url() + "#conservation")


@require_POST
@programme_view("administer")
def setup_coordinator_remove(request, programme, pk: int):
    membership = get_object_for(
        request.user, programme, Membership.objects, "administer", pk=pk, role=Role.COORDINATOR
    )
    services.coordinator_remove(programme=programme, membership=membership)
    messages.success(request, _("The coordinator was removed."))
    return redirect("programmes:setup_organisations", slug=programme.slug)


# --- The organisations directory ---------------------------------------------------------------


@programme_view("manage")
def organisations(request, programme):
    query = request.GET.get("q", "")[:100]
    directory = setup_selectors.organisations_directory(programme, query, user=request.user)
    page = Paginator(directory, 50).get_page(request.GET.get("page"))
    context = {"programme": programme, "page": page, "query": query}
    return render(request, "programmes/setup/organisation_list.html", context)


@programme_view("manage")
def organisation_create(request, programme):
    form = forms.OrganisationForm(request.POST or None, initial={"join_programme": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        join = data.pop("join_programme")
        try:
            organisation = services.organisation_create(
                programme=programme if join else None, **data
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": organisation.name})
            return redirect("programmes:organisations", slug=programme.slug)
    context = {"programme": programme, "form": form, "creating": True}
    return render(request, "programmes/setup/organisation_form.html", context)


@programme_view("manage")
def organisation_edit(request, programme, pk: int):
    organisation = get_organisation_for(request.user, pk, "edit_organisation")
    form = forms.OrganisationForm(
        request.POST or None, instance=copy.copy(organisation), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": organisation.name})
            return redirect("programmes:organisations", slug=programme.slug)
    context = {"programme": programme, "form": form, "organisation": organisation}
    return render(request, "programmes/setup/organisation_form.html", context)


# --- Programme templates --------------------------------------------------------------------


@programme_view("manage")
def setup_export(request, programme):
    content = template_dumps(template_of_programme(programme))
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}.json"'
    return response


def _import_page(request, *, programme=None):
    """Upload a template: into ``programme``, or (staff) to the programme of the file's slug."""
    form = forms.TemplateUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            template = template_parse(form.cleaned_data["file"].read())
            imported, created = services.programme_file_import(
                template=template, by=request.user, programme=programme
            )
        except TemplateError as e:
            errors = e.errors
        else:
            message = (
                _("Programme “%(name)s” created from the template.")
                if created
                else _("Programme “%(name)s” updated from the template.")
            )
            messages.success(request, message % {"name": imported.name})
            return redirect(imported)
    context = {"programme": programme, "form": form, "errors": errors}
    return render(request, "programmes/setup/import.html", context)


@programme_view("manage")
def setup_import(request, programme):
    return _import_page(request, programme=programme)


@login_required
def template_import(request):
    """Staff: create a programme from a template, or update the one with the file's slug."""
    require(request.user, "create_programme")
    return _import_page(request)
