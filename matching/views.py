"""Pages of matching: the coordinator runs, reviews, adjusts and publishes a proposal; each
participant sees their own pair and answers. Each view parses a form, calls one service or
selector, and redirects or renders.

Participants' pages show their partner and the reasons of the match in words only: no score of
anyone, nothing about who else was considered (DESIGN.md).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentorat.accounts.forms import RemindersForm
from programmes.models import Application, Role
from programmes.permissions import get_application_for, get_object_for, programme_view

from . import forms, selectors, services
from .models import (
    IncompatibleOrganisations,
    MatchingRun,
    Pair,
    PairRuleKind,
    PairStatus,
    RunStatus,
)
from .permissions import get_pair_for

PAGE_SIZE = 50


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(request, form) -> None:
    """Buttons' hidden fields cannot show their errors beside them: say them as messages."""
    for field, errors in form.errors.items():
        for error in errors:
            if field == "__all__" or form.fields[field].widget.is_hidden:
                messages.error(request, error)
            else:
                messages.error(
                    request,
                    _("%(field)s: %(error)s") % {"field": form.fields[field].label, "error": error},
                )


def _person(application: Application) -> str:
    return application.user.display_name if application.user else _("erased participant")


def _current_run(request, programme, run: MatchingRun) -> bool:
    """Adjustments apply to the proposal the coordinator looked at, and only if it is still the
    latest one: a run started meanwhile (by a colleague) must be reviewed first."""
    latest = selectors.latest_run(programme)
    if latest is None or latest.pk != run.pk:
        messages.error(
            request,
            _(
                "The proposal was computed again in the meantime: review the new proposal "
                "before changing it."
            ),
        )
        return False
    return True


# --- Run and review -------------------------------------------------------------------------


@require_GET
@programme_view("manage")
def proposal(request, programme):
    run = selectors.latest_run(programme)
    filter_form = forms.ProposalFilterForm(request.GET or None, programme=programme)
    if filter_form.is_bound:
        filter_form.is_valid()
    context = {
        "programme": programme,
        "run": run,
        "runs": selectors.runs_for(programme)[:20],
        "start_form": forms.RunStartForm(),
        "filter_form": filter_form,
        "filters": filter_form.filters(),
        "rules": selectors.pair_rules(programme),
    }
    if run is not None and run.status == RunStatus.DONE:
        rows = selectors.proposal_rows(run, **filter_form.filters())
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        # Each list pages on its own (hundreds of unmatched mentees, a thousand mentors on a
        # large programme), the filters of the pairs kept in the links.
        context.update(
            page=page,
            unmatched_page=Paginator(selectors.unmatched_rows(run), PAGE_SIZE).get_page(
                request.GET.get("unmatched_page")
            ),
            loads_page=selectors.mentor_loads_page(
                run, request.GET.get("loads_page"), per_page=PAGE_SIZE
            ),
        )
        if run.published_at is not None:
            context.update(_responses(run))
    if run is not None:
        # The pairs of the earlier rounds stay in sight while a new round is prepared.
        counts = selectors.earlier_pairs_counts(run)
        context.update(
            earlier_counts=[
                {"status": status, "label": PairStatus(status).label, "count": counts[status]}
                for status in PairStatus.values
                if counts.get(status)
            ],
            earlier_page=(
                Paginator(selectors.earlier_pairs(run), PAGE_SIZE).get_page(
                    request.GET.get("earlier_page")
                )
                if counts
                else None
            ),
        )
    return render(request, "matching/proposal.html", context)


def _responses(run: MatchingRun) -> dict:
    """The answers to the published pairs, with the statuses in words."""
    counts, declined = selectors.pair_answers(run)
    return {
        "responses": [
            {"status": status, "label": PairStatus(status).label, "count": counts[status]}
            for status in PairStatus.values
            if counts.get(status)
        ],
        "declined": declined,
    }


@require_POST
@programme_view("manage")
def run_start(request, programme):
    form = forms.RunStartForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("matching:proposal", slug=programme.slug)
    try:
        run = services.run_start(
            programme=programme, by=request.user, fairness=form.cleaned_data["fairness"]
        )
    except ValidationError as e:
        _error(request, e)
        return redirect("matching:proposal", slug=programme.slug)
    return redirect("matching:run_progress", slug=programme.slug, run_id=run.pk)


@require_GET
@programme_view("manage")
def run_progress(request, programme, run_id: int):
    run = get_object_for(request.user, programme, MatchingRun.objects, "manage", pk=run_id)
    if run.status == RunStatus.DONE:
        messages.success(request, _("The proposal is ready: review it below."))
        return redirect("matching:proposal", slug=programme.slug)
    return render(request, "matching/run_progress.html", {"programme": programme, "run": run})


@require_GET
@never_cache
@programme_view("manage")
def run_status(request, programme, run_id: int):
    run = get_object_for(request.user, programme, MatchingRun.objects, "manage", pk=run_id)
    finished = run.status in (RunStatus.DONE, RunStatus.FAILED)
    return JsonResponse(
        {
            "status": run.status,
            "label": run.get_status_display(),
            "progress": 100 if finished else run.progress,
            # Where the page goes once the run is over: the proposal, or the failure's reasons.
            "next": (
                reverse("matching:run_progress", kwargs={"slug": programme.slug, "run_id": run.pk})
                if finished
                else None
            ),
        }
    )


def _mentee(request, programme, application_id: int, queryset) -> Application:
    return get_application_for(
        request.user,
        programme,
        "review_application",
        application_id,
        queryset=queryset.filter(role=Role.MENTEE),
    )


@require_GET
@programme_view("manage")
def mentee(request, programme, application_id: int):
    application = _mentee(
        request,
        programme,
        application_id,
        Application.objects.select_related("user", "organisation").prefetch_related("topics"),
    )
    run = selectors.latest_run(programme)
    rules = selectors.pair_rules(programme, application)
    context = {
        "programme": programme,
        "application": application,
        "run": run,
        "rules": rules,
    }
    if run is not None and run.status == RunStatus.DONE:
        current = selectors.proposal_rows(run).filter(mentee=application).first()
        alternatives = selectors.alternatives_for(run, application, n=3)
        for alternative in alternatives:
            # What choosing this mentor would cost (or bring) against the current proposal.
            alternative["difference"] = (
                round(alternative["score"] - current.score, 1) if current else None
            )
        context.update(
            current=current,
            current_rule=next(
                (r.kind for r in rules if current and r.mentor_id == current.mentor_id), None
            ),
            unmatched=selectors.unmatched_rows(run).filter(mentee=application).first(),
            alternatives=alternatives,
            editable=run.published_at is None,
        )
    return render(request, "matching/mentee.html", context)


# --- Adjust ---------------------------------------------------------------------------------


@require_POST
@programme_view("manage")
def proposal_swap(request, programme, application_id: int):
    application = _mentee(
        request, programme, application_id, Application.objects.select_related("user")
    )
    back = redirect("matching:mentee", slug=programme.slug, application_id=application.pk)
    form = forms.SwapForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    run, mentor = form.cleaned_data["run"], form.cleaned_data["mentor"]
    if not _current_run(request, programme, run):
        return back
    try:
        services.proposal_swap(run=run, mentee=application, mentor=mentor, by=request.user)
    except ValidationError as e:
        _error(request, e)
        return back
    messages.success(
        request,
        _("%(mentor)s is now the proposed mentor of %(mentee)s.")
        % {"mentor": _person(mentor), "mentee": _person(application)},
    )
    return back


@require_POST
@programme_view("manage")
def proposal_remove(request, programme, application_id: int):
    application = _mentee(
        request, programme, application_id, Application.objects.select_related("user")
    )
    back = redirect("matching:mentee", slug=programme.slug, application_id=application.pk)
    form = forms.RunChoiceForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    run = form.cleaned_data["run"]
    if not _current_run(request, programme, run):
        return back
    try:
        services.proposal_remove(run=run, mentee=application, by=request.user)
    except ValidationError as e:
        _error(request, e)
        return back
    messages.success(
        request,
        _(
            "%(mentee)s is removed from the proposal: their mentor has a free place. Choose "
            "another mentor below, or run the matching again."
        )
        % {"mentee": _person(application)},
    )
    return back


def _pair_rule(request, programme, kind: str | None):
    form = forms.PairForm(request.POST, programme=programme)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("matching:proposal", slug=programme.slug)
    mentor, mentee_ = form.cleaned_data["mentor"], form.cleaned_data["mentee"]
    names = {"mentor": _person(mentor), "mentee": _person(mentee_)}
    try:
        if kind is None:
            services.pair_rule_remove(
                programme=programme, mentor=mentor, mentee=mentee_, by=request.user
            )
        else:
            services.pair_rule_set(
                programme=programme, mentor=mentor, mentee=mentee_, kind=kind, by=request.user
            )
    except ValidationError as e:
        _error(request, e)
    else:
        if kind == PairRuleKind.LOCK:
            text = _(
                "The pair %(mentor)s – %(mentee)s is locked: it will be in every next proposal."
            )
        elif kind == PairRuleKind.EXCLUDE:
            text = _(
                "The pair %(mentor)s – %(mentee)s is excluded: it will never be proposed again."
            )
        else:
            text = _(
                "The rule on the pair %(mentor)s – %(mentee)s is removed: the next proposal "
                "decides freely."
            )
        messages.success(request, text % names)
    return redirect("matching:mentee", slug=programme.slug, application_id=mentee_.pk)


@require_POST
@programme_view("manage")
def pair_lock(request, programme):
    return _pair_rule(request, programme, PairRuleKind.LOCK)


@require_POST
@programme_view("manage")
def pair_exclude(request, programme):
    return _pair_rule(request, programme, PairRuleKind.EXCLUDE)


@require_POST
@programme_view("manage")
def pair_rule_remove(request, programme):
    return _pair_rule(request, programme, None)


# --- Publish ----------------------------------------------------------------------------------


@programme_view("manage")
def publish(request, programme):
    """GET: what publishing does, and a confirmation button. POST: publish."""
    if request.method == "POST":
        form = forms.RunChoiceForm(request.POST, programme=programme)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("matching:proposal", slug=programme.slug)
        run = form.cleaned_data["run"]
        if not _current_run(request, programme, run):
            return redirect("matching:proposal", slug=programme.slug)
        moves = programme.current_phase in services.PHASES_BEFORE_MATCHING
        try:
            pairs = services.proposal_publish(run=run, by=request.user)
        except ValidationError as e:
            _error(request, e)
            return redirect("matching:proposal", slug=programme.slug)
        messages.success(
            request,
            ngettext(
                "%(count)s pair is published: its mentor and mentee each receive an e-mail and "
                "are asked to accept.",
                "%(count)s pairs are published: each mentor and mentee receives an e-mail and is "
                "asked to accept.",
                len(pairs),
            )
            % {"count": len(pairs)},
        )
        if moves and pairs:
            messages.success(
                request,
                _(
                    "The programme is now in its matching phase: participants' profiles can no "
                    "longer be edited."
                ),
            )
        return redirect("matching:proposal", slug=programme.slug)
    run = selectors.latest_run(programme)
    if run is None or run.status != RunStatus.DONE:
        messages.error(request, _("There is no finished proposal to publish: run matching first."))
        return redirect("matching:proposal", slug=programme.slug)
    if run.published_at is not None:
        messages.info(request, _("This proposal is already published."))
        return redirect("matching:proposal", slug=programme.slug)
    return render(
        request,
        "matching/publish_confirm.html",
        {
            "programme": programme,
            "run": run,
            "form": forms.RunChoiceForm(programme=programme),
            "moves_to_matching": programme.current_phase in services.PHASES_BEFORE_MATCHING,
        },
    )


# --- Incompatible organisations ------------------------------------------------------------


def _incompatibilities_page(request, programme, form, status: int = 200):
    return render(
        request,
        "matching/incompatibilities.html",
        {"programme": programme, "rows": selectors.incompatibilities_of(programme), "form": form},
        status=status,
    )


@require_GET
@programme_view("manage")
def incompatibilities(request, programme):
    return _incompatibilities_page(
        request, programme, forms.IncompatibilityForm(programme=programme)
    )


@require_POST
@programme_view("manage")
def incompatibility_add(request, programme):
    form = forms.IncompatibilityForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            services.incompatibility_add(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            for message in e.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "%(a)s and %(b)s are incompatible: their people will never be paired in "
                    "the next proposals."
                )
                % {
                    "a": form.cleaned_data["organisation_a"],
                    "b": form.cleaned_data["organisation_b"],
                },
            )
            return redirect("matching:incompatibilities", slug=programme.slug)
    # Errors beside the fields they concern, as on any form page.
    return _incompatibilities_page(request, programme, form)


@require_POST
@programme_view("manage")
def incompatibility_remove(request, programme, pk: int):
    incompatibility = get_object_for(
        request.user,
        programme,
        IncompatibleOrganisations.objects.select_related("organisation_a", "organisation_b"),
        "manage",
        pk=pk,
    )
    try:
        services.incompatibility_remove(incompatibility=incompatibility, by=request.user)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(
            request,
            _("%(a)s and %(b)s may be paired again in the next proposals.")
            % {"a": incompatibility.organisation_a, "b": incompatibility.organisation_b},
        )
    return redirect("matching:incompatibilities", slug=programme.slug)


# --- Participants ---------------------------------------------------------------------------


def _pair_view(pair: Pair, user) -> dict:
    """One of the participant's pairs as their page shows it: their side of it."""
    is_mentor = pair.mentor.user_id == user.pk
    my_response = pair.mentor_response if is_mentor else pair.mentee_response
    return {
        "pair": pair,
        "is_mentor": is_mentor,
        "partner": pair.mentee if is_mentor else pair.mentor,
        "my_response": my_response,
        "to_answer": pair.status == PairStatus.PROPOSED and not my_response,
    }


@require_GET
@programme_view("participate")
def my_pair(request, programme):
    items = [
        _pair_view(pair, request.user)
        for pair in selectors.pairs_for_participant(request.user, programme)
    ]
    context = {
        "programme": programme,
        "items": items,
        # The reminders of an unanswered proposal lead here: "receive reminders" is set here too.
        "reminders_form": RemindersForm(user=request.user),
    }
    return render(request, "matching/my_pair.html", context)


def _respond(request, programme, pair_id: int, accept: bool, reason: str = ""):
    pair = get_pair_for(request.user, programme, pair_id, "respond_pair")
    try:
        pair = services.pair_respond(pair=pair, user=request.user, accept=accept, reason=reason)
    except ValidationError as e:
        _error(request, e)
    else:
        names = {
            "name": _person(pair.mentee if pair.mentor.user_id == request.user.pk else pair.mentor)
        }
        if not accept:
            messages.info(
                request,
                _(
                    "You declined the pair with %(name)s. The coordination is told and will "
                    "come back to you with another proposal if possible."
                )
                % names,
            )
        elif pair.status == PairStatus.ACCEPTED:
            messages.success(request, _("Thank you: your pair with %(name)s is confirmed.") % names)
        else:
            messages.success(
                request,
                _("Thank you: your answer is recorded. %(name)s has yet to answer.") % names,
            )
    return redirect("matching:my_pair", slug=programme.slug)


@require_POST
@programme_view("participate")
def my_pair_accept(request, programme, pair_id: int):
    return _respond(request, programme, pair_id, accept=True)


@programme_view("participate")
def my_pair_decline(request, programme, pair_id: int):
    """GET: ask why, and for confirmation, since declining cannot be undone here. POST: decline
    with the reason chosen, or show the page again when none was."""
    pair = get_pair_for(request.user, programme, pair_id, "respond_pair")
    form = forms.DeclineForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return _respond(
            request, programme, pair.pk, accept=False, reason=form.cleaned_data["reason"]
        )
    context = {"programme": programme, "form": form, **_pair_view(pair, request.user)}
    return render(request, "matching/my_pair_decline.html", context)
