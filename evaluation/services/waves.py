"""The waves of a questionnaire: scheduled, opened (the right people invited), closed (the
results frozen), and the daily sweep that does it on the waves' dates and keeps the pulse
check-ins going on the programme's cadence.

A wave goes scheduled → open → closed and never back: a closed wave never reopens and its
results are never recomputed (docs/DESIGN.md, no differencing over time). Each step is a
compare-and-set on the wave's status, so that two sweeps, or a sweep and a coordinator, never
do it twice.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from programmes.models import Phase, PhaseDates, Programme

from ..models import Kind, Questionnaire, Wave, WaveStatus
from ..selectors.waves import invited_applications, moves_forward
from .invitations import wave_invitations_create
from .questionnaires import questionnaires_ensure
from .results import wave_results_freeze

logger = logging.getLogger(__name__)

# How long the waves opened by a phase change stay open.
BASELINE_DAYS = 21
FINAL_DAYS = 28
# The longest a wave may stay open, so that a typo does not keep it open for years.
MAX_WAVE_DAYS = 180


def _overlapping(questionnaire: Questionnaire, opens_on: date, closes_on: date):
    return (
        Wave.objects.filter(questionnaire=questionnaire)
        .exclude(status=WaveStatus.CLOSED)
        .filter(opens_on__lte=closes_on, closes_on__gte=opens_on)
        .first()
    )


def wave_schedule(
    *, questionnaire: Questionnaire, opens_on: date, closes_on: date, by=None
) -> Wave:
    """A new wave of ``questionnaire`` from ``opens_on`` to ``closes_on`` (both included), with
    the next number. The daily sweep opens it on its first day. Refused for a questionnaire not
    in use, dates in the past or in the wrong order, a period longer than ``MAX_WAVE_DAYS`` or
    one overlapping another wave of the questionnaire not yet closed."""
    today = timezone.localdate()
    if not questionnaire.enabled:
        raise ValidationError(
            _("This questionnaire is not in use: put it in use before scheduling a wave.")
        )
    if opens_on < today:
        raise ValidationError(
            {"opens_on": _("The opening date cannot be in the past.")}, code="past"
        )
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": _("The closing date must be on or after the opening date.")},
            code="order",
        )
    if (closes_on - opens_on).days + 1 > MAX_WAVE_DAYS:
        raise ValidationError(
            {"closes_on": _("A wave stays open %(days)d days at most.") % {"days": MAX_WAVE_DAYS}},
            code="too_long",
        )
    with transaction.atomic():
        # One wave scheduled at a time per questionnaire: its row is the lock.
        Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
        other = _overlapping(questionnaire, opens_on, closes_on)
        if other is not None:
            raise ValidationError(
                _(
                    "These dates overlap wave %(number)d (%(opens)s to %(closes)s), which is "
                    "not closed yet."
                )
                % {
                    "number": other.number,
                    "opens": formats.date_format(other.opens_on, "j F Y"),
                    "closes": formats.date_format(other.closes_on, "j F Y"),
                },
                code="overlap",
            )
        number = (
            Wave.objects.filter(questionnaire=questionnaire).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        return Wave.objects.create(
            questionnaire=questionnaire, number=number, opens_on=opens_on, closes_on=closes_on
        )


def wave_open(*, wave: Wave, by=None, today: date | None = None) -> int:
    """Open ``wave`` and invite the right people (``invited_applications``); returns how many
    were invited. A wave opened before its date opens today. Refused when the wave is not
    scheduled (open, or closed: a closed wave never reopens), when its questionnaire is not in
    use, when its closing date has passed, or while another wave of the questionnaire is open.
    ``today``: the sweep's day (the real one by default)."""
    today = today or timezone.localdate()
    questionnaire = wave.questionnaire
    with transaction.atomic():
        current = Wave.objects.select_for_update().get(pk=wave.pk)
        if current.status == WaveStatus.CLOSED:
            raise ValidationError(_("This wave is closed: a closed wave never reopens."))
        if current.status == WaveStatus.OPEN:
            raise ValidationError(_("This wave is already open."))
        if not questionnaire.enabled:
            raise ValidationError(
                _("This questionnaire is not in use: put it in use before opening a wave.")
            )
        if current.closes_on < today:
            raise ValidationError(
                _("The closing date of this wave has passed: schedule a new wave instead.")
            )
        if (
            Wave.objects.filter(questionnaire_id=current.questionnaire_id, status=WaveStatus.OPEN)
            .exclude(pk=current.pk)
            .exists()
        ):
            raise ValidationError(
                _("Another wave of this questionnaire is open: close it before opening this one.")
            )
        current.status = WaveStatus.OPEN
        current.opens_on = min(current.opens_on, today)
        current.save(update_fields=["status", "opens_on"])
        wave.status, wave.opens_on = current.status, current.opens_on
        people = invited_applications(questionnaire)
        return wave_invitations_create(wave=current, applications=people)


def wave_close(*, wave: Wave, by=None, today: date | None = None) -> None:
    """Close ``wave`` today (the sweep's day) and freeze its results (``wave_results_freeze``)
    in the same transaction: from then on no answer is taken and the published figures never
    change."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Compare-and-set: of two closings at once, one only closes and freezes.
        closed = Wave.objects.filter(pk=wave.pk, status=WaveStatus.OPEN).update(
            status=WaveStatus.CLOSED, closed_on=today
        )
        if not closed:
            status = Wave.objects.values_list("status", flat=True).get(pk=wave.pk)
            if status == WaveStatus.CLOSED:
                raise ValidationError(_("This wave is already closed."))
            raise ValidationError(_("Only an open wave can be closed."))
        wave.refresh_from_db()
        wave_results_freeze(wave=wave)


# --- The daily sweep --------------------------------------------------------------------------


@dataclass
class SweepResult:
    opened: int = 0
    closed: int = 0
    pulses: int = 0
    invited: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "opened": self.opened,
            "closed": self.closed,
            "pulses": self.pulses,
            "invited": self.invited,
            "failed": self.failed,
        }


def _close_due(today: date, result: SweepResult, failed: set[int]) -> None:
    due = Wave.objects.filter(status=WaveStatus.OPEN, closes_on__lt=today).exclude(pk__in=failed)
    for wave in due.order_by("pk"):
        try:
            wave_close(wave=wave, today=today)
        except Exception:
            if not Wave.objects.filter(pk=wave.pk, status=WaveStatus.OPEN).exists():
                continue  # closed meanwhile by a coordinator or another sweep
            # One wave whose results cannot be computed must not keep the others open: it
            # stays open (nothing of it was written) and is tried again tomorrow.
            logger.exception("wave %s could not be closed", wave.pk)
            failed.add(wave.pk)
            result.failed += 1
            continue
        result.closed += 1


def _open_due(today: date, result: SweepResult) -> None:
    due = (
        Wave.objects.filter(
            status=WaveStatus.SCHEDULED, opens_on__lte=today, questionnaire__enabled=True
        )
        .select_related("questionnaire")
        .order_by("opens_on", "pk")
    )
    for wave in due:
        try:
            result.invited += wave_open(wave=wave, today=today)
        except ValidationError:
            # Another wave of the questionnaire still open, or the dates passed: it waits for
            # a coordinator (the overview shows it).
            continue
        result.opened += 1


def pulse_due_on(programme: Programme, last: Wave | None) -> date | None:
    """The day the next pulse wave of ``programme`` opens: the cadence after the last one
    opened, else the cadence after the running phase's first day in the calendar (today when
    the calendar says nothing)."""
    cadence = timedelta(days=programme.checkin_cadence_days)
    if last is not None:
        return last.opens_on + cadence
    dates = PhaseDates.objects.filter(programme=programme, phase=Phase.RUNNING).first()
    if dates is None or dates.starts_on is None:
        return timezone.localdate()
    return dates.starts_on + cadence


def _pulse(programme: Programme, today: date, result: SweepResult) -> None:
    # A programme that was running before its questionnaires existed gets them now.
    questionnaire = questionnaires_ensure(programme=programme)[Kind.PULSE]
    if not questionnaire.enabled:
        return
    waves = Wave.objects.filter(questionnaire=questionnaire)
    if waves.exclude(status=WaveStatus.CLOSED).exists():
        return  # never two pulse waves at once: the open (or scheduled) one goes first
    last = waves.order_by("-number").first()
    due = pulse_due_on(programme, last)
    if due is None or due > today:
        return
    if not invited_applications(questionnaire).exists():
        return  # no pair meets yet: nobody to ask
    try:
        with transaction.atomic():
            wave = Wave.objects.create(
                questionnaire=questionnaire,
                number=(last.number if last else 0) + 1,
                opens_on=today,
                closes_on=today + timedelta(days=programme.checkin_cadence_days - 1),
            )
            result.invited += wave_open(wave=wave, today=today)
    except IntegrityError:
        return  # another sweep made this wave at the same moment
    result.pulses += 1
    result.opened += 1


def waves_sweep(*, today: date | None = None) -> SweepResult:
    """The daily sweep (beat task ``evaluation.tasks.sweep_waves``, ``manage.py waves_sweep``):
    close the open waves whose closing date has passed, open the scheduled waves whose day has
    come, and open the next pulse check-in of each running programme every
    ``checkin_cadence_days`` (open that many days, never two at once). Idempotent: run twice,
    it leaves the same state."""
    today = today or timezone.localdate()
    result = SweepResult()
    failed: set[int] = set()
    _close_due(today, result, failed)
    _open_due(today, result)
    # A wave opened late whose closing date has passed as well closes at once.
    _close_due(today, result, failed)
    for programme in Programme.objects.filter(current_phase=Phase.RUNNING).order_by("pk"):
        _pulse(programme, today, result)
    return result


# --- Phase changes (registered in programmes.hooks from EvaluationConfig.ready) ---------------


def _open_first_wave(programme: Programme, kind: str, days: int) -> Wave | None:
    questionnaire = questionnaires_ensure(programme=programme)[kind]
    if not questionnaire.enabled or questionnaire.waves.exists():
        return None
    today = timezone.localdate()
    wave = Wave.objects.create(
        questionnaire=questionnaire,
        number=1,
        opens_on=today,
        closes_on=today + timedelta(days=days - 1),
    )
    wave_open(wave=wave)
    return wave


def waves_on_phase_change(programme: Programme, previous: str) -> None:
    """When a programme enters its running phase, its questionnaires are made (from the bank)
    and the baseline opens for three weeks; when it enters its closing phase, the final
    questionnaire opens for four weeks. Each only if it is in use and has no wave yet, and
    only when the programme moves forward."""
    phase = programme.current_phase
    if not moves_forward(previous, phase):
        return  # going back opens nothing
    if phase == Phase.RUNNING:
        _open_first_wave(programme, Kind.BASELINE, BASELINE_DAYS)
    elif phase == Phase.CLOSING:
        _open_first_wave(programme, Kind.FINAL, FINAL_DAYS)
