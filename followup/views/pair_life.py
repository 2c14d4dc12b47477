"""Pages of one pair's life: the members' pair page (charter, meeting log, next meeting and its
.ics, asking the coordination for a call, phone sharing) and the coordination's page of the pair
(history, meeting dates, charter dates, help requests, ending or completing it).

Each view asks ``programme_view`` for the programme and ``get_pair_for`` for the pair, parses a
form, calls one service and redirects (or renders the page again with the form's errors).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from matching.models import PairStatus
from matching.permissions import get_pair_for
from mentorat.accounts.forms import RemindersForm
from mentorat.accounts.services import user_reminders_set
from programmes.permissions import programme_view

from ..calendar import planned_meeting_ics
from ..forms.pair_life import (
    HelpRequestForm,
    MeetingLogForm,
    PairEndForm,
    PhoneForm,
    PlannedMeetingForm,
)
from ..hooks import pair_page_links
from ..models import HelpRequest
from ..selectors import pair_life as selectors
from ..services import pair_life as services

MEMBER = "live_pair"
COORDINATION = "steer_pair"
# A pair not yet accepted by both lives on the matching page of the member ("my pair").
BEFORE_LIFE = (PairStatus.PROPOSED, PairStatus.DECLINED)


def _to_page(programme, pair):
    return redirect("followup:pair", slug=programme.slug, pair_id=pair.pk)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _member_page(request, programme, pair, *, status: int = 200, **given):
    if pair.status in BEFORE_LIFE:
        return redirect("matching:my_pair", slug=programme.slug)
    view = selectors.member_view(pair, request.user)
    planned = view.life.planned if view.life.planned_to_come else None
    initial_planned = (
        {
            "starts_at": timezone.localtime(planned.starts_at).replace(tzinfo=None),
            "duration_minutes": planned.duration_minutes,
            "mode": planned.mode,
        }
        if planned
        else None
    )
    context = {
        "programme": programme,
        "pair": pair,
        "view": view,
        "life": view.life,
        "planned": planned,
        "meeting_form": given.get("meeting_form")
        or MeetingLogForm(initial={"held_on": timezone.localdate()}),
        "planned_form": given.get("planned_form") or PlannedMeetingForm(initial=initial_planned),
        "help_form": given.get("help_form")
        or HelpRequestForm(
            initial={"channel": view.my_open_request.channel} if view.my_open_request else None
        ),
        "phone_form": given.get("phone_form") or PhoneForm(instance=request.user),
        "reminders_form": RemindersForm(user=request.user),
        # What higher apps ask of the member here (the evaluation's check-ins to fill in).
        "pair_page_links": pair_page_links(pair, request.user),
    }
    return render(request, "followup/pair_member.html", context, status=status)


# --- the members' pair page --------------------------------------------------------------------


@require_GET
@programme_view("participate")
def pair(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    return _member_page(request, programme, pair)


@require_POST
@programme_view("participate")
def pair_charter_accept(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    try:
        services.charter_accept(pair=pair, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your acceptance of the charter is recorded."))
    return _to_page(programme, pair)


@require_POST
@programme_view("participate")
def pair_meeting_log(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    form = MeetingLogForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_log(pair=pair, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("The meeting is logged."))
            return _to_page(programme, pair)
    return _member_page(request, programme, pair, meeting_form=form)


@require_POST
@programme_view("participate")
def pair_planned_set(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    form = PlannedMeetingForm(request.POST)
    if form.is_valid():
        try:
            services.planned_meeting_set(pair=pair, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("The next meeting is planned."))
            return _to_page(programme, pair)
    return _member_page(request, programme, pair, planned_form=form)


@require_POST
@programme_view("participate")
def pair_planned_clear(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    services.planned_meeting_clear(pair=pair, by=request.user)
    messages.success(request, _("The planned meeting is removed."))
    return _to_page(programme, pair)


@require_GET
@programme_view("participate")
def pair_planned_ics(request, programme, pair_id: int):
    """The next planned meeting as an .ics file for one's calendar: when, how long, and the
    programme's name; nothing else."""
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    life = selectors.pair_life(pair)
    if not life.planned_to_come:
        messages.info(request, _("No meeting is planned: set the next one first."))
        return _to_page(programme, pair)
    ics = planned_meeting_ics(life.planned, programme_name=programme.name)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rencontre-binome.ics"'
    return response


@require_POST
@programme_view("participate")
def pair_help(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    form = HelpRequestForm(request.POST)
    if form.is_valid():
        try:
            services.help_request_create(pair=pair, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(
                request,
                _(
                    "Your request is sent to the coordination, who will contact you. Your "
                    "partner is not told."
                ),
            )
            return _to_page(programme, pair)
    return _member_page(request, programme, pair, help_form=form)


@require_POST
@programme_view("participate")
def pair_phone(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
    form = PhoneForm(request.POST, instance=request.user)
    if form.is_valid():
        try:
            services.user_phone_set(
                user=request.user,
                phone=form.cleaned_data["phone"],
                share_phone=form.cleaned_data["share_phone"],
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Your phone number is saved."))
            return _to_page(programme, pair)
    request.user.refresh_from_db()
    return _member_page(request, programme, pair, phone_form=form)


@require_POST
@programme_view("participate")
def pair_reminders(request, programme, pair_id: int):
    """Receive the reminders one may refuse, or not (the link of every reminder's e-mail)."""
    pair = get_pair_for(request.user, programme, pair_id, MEMBER)
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
    # A pair not yet accepted by both is answered on the matching page: the form is there too.
    return _to_page(programme, pair)


# --- the coordination's page of one pair -------------------------------------------------------


def _steer_page(request, programme, pair, end_form=None):
    life = selectors.pair_life(pair, for_coordination=True)
    context = {
        "programme": programme,
        "pair": pair,
        "life": life,
        "open_requests": selectors.open_help_requests(life),
        "end_form": end_form or PairEndForm(),
        "may_end": pair.status in (PairStatus.PROPOSED, PairStatus.ACCEPTED, PairStatus.ACTIVE),
        "may_complete": pair.status in (PairStatus.ACCEPTED, PairStatus.ACTIVE),
    }
    return render(request, "followup/pair_steer.html", context)


@require_GET
@programme_view("manage")
def steer_pair(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, COORDINATION)
    return _steer_page(request, programme, pair)


def _to_steer(programme, pair):
    return redirect("followup:steer_pair", slug=programme.slug, pair_id=pair.pk)


@require_POST
@programme_view("manage")
def steer_pair_end(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, COORDINATION)
    form = PairEndForm(request.POST)
    if form.is_valid():
        try:
            services.pair_end(pair=pair, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(
                request,
                _("The pair is ended. The mentee can be proposed another mentor."),
            )
            return _to_steer(programme, pair)
    return _steer_page(request, programme, pair, end_form=form)


@require_POST
@programme_view("manage")
def steer_pair_complete(request, programme, pair_id: int):
    pair = get_pair_for(request.user, programme, pair_id, COORDINATION)
    try:
        services.pair_complete(pair=pair, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The pair is marked completed."))
    return _to_steer(programme, pair)


@require_POST
@programme_view("manage")
def steer_help_handled(request, programme, pair_id: int, request_id: int):
    pair = get_pair_for(request.user, programme, pair_id, COORDINATION)
    help_request = get_object_or_404(HelpRequest, pk=request_id, pair=pair)
    services.help_request_handle(help_request=help_request, by=request.user)
    messages.success(request, _("The request is marked handled."))
    return _to_steer(programme, pair)
