"""Reads about a programme's phase: what moving to another phase changes or leaves behind (the
confirmation page, and the service that refuses an unconfirmed change), and the figures the
programme's page reads to say what to do next."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import hooks
from ..hooks import PhaseNote
from ..models import Application, ApplicationStatus, Phase, PhaseDates, Programme, Role

PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)


@dataclass(frozen=True)
class PhaseChange:
    """Moving ``programme`` from its current phase to ``phase``: its calendar dates, whether it
    goes back, and the notes (``PhaseNote``) of every app, the warnings first."""

    programme: Programme
    phase: str
    backwards: bool
    starts_on: date | None = None
    ends_on: date | None = None
    notes: list[PhaseNote] = field(default_factory=list)

    @property
    def warnings(self) -> list[PhaseNote]:
        return [note for note in self.notes if note.warning]

    @property
    def changes(self) -> list[PhaseNote]:
        return [note for note in self.notes if not note.warning]

    @property
    def needs_confirmation(self) -> bool:
        """Something is left undone, or the programme goes back: the person must have read the
        notes and confirmed."""
        return self.backwards or bool(self.warnings)


def phase_change_review(programme: Programme, phase: str) -> PhaseChange:
    """What moving ``programme`` to ``phase`` does: this app's notes (calendar, applications,
    profiles) and those of the apps above (matching: pairs waiting for answers). A query for the
    calendar, and what the registered checks make (one or two each)."""
    current = programme.current_phase
    backwards = PHASE_ORDER.index(phase) < PHASE_ORDER.index(current)
    dates = PhaseDates.objects.filter(programme=programme, phase=phase).first()
    starts_on, ends_on = (dates.starts_on, dates.ends_on) if dates else (None, None)
    notes: list[PhaseNote] = []
    today = timezone.localdate()
    if phase == Phase.RUNNING and not backwards and starts_on and starts_on > today:
        notes.append(
            PhaseNote(
                _(
                    "The calendar says the pairs start on %(date)s: moving now starts this "
                    "phase before the date the participants were given."
                )
                % {"date": formats.date_format(starts_on, "j F Y")},
                warning=True,
            )
        )
    notes += _recruitment_notes(current, phase)
    notes += hooks.phase_change_notes(programme, phase)
    if backwards and not notes:
        notes.append(
            PhaseNote(
                _(
                    "The programme goes back to an earlier phase: what it opened then is open "
                    "again, and nothing already done is undone."
                )
            )
        )
    notes.sort(key=lambda note: not note.warning)
    return PhaseChange(programme, phase, backwards, starts_on, ends_on, notes)


def _recruitment_notes(current: str, phase: str) -> list[PhaseNote]:
    before, after = Programme(current_phase=current), Programme(current_phase=phase)
    notes = []
    if after.is_recruiting and not before.is_recruiting:
        notes.append(
            PhaseNote(
                _(
                    "Applications open again: the application links and invitations work, and "
                    "the coordinators review the new applications."
                )
            )
        )
    elif before.is_recruiting and not after.is_recruiting:
        notes.append(
            PhaseNote(
                _(
                    "Applications close: the application links and invitations no longer work "
                    "until recruitment opens again."
                )
            )
        )
    if after.profiles_editable and not before.profiles_editable:
        notes.append(
            PhaseNote(
                _(
                    "Participants may edit their profile again: the next matching run reads "
                    "the profiles as they are then. The pairs already published stay as they "
                    "are."
                )
            )
        )
    elif before.profiles_editable and not after.profiles_editable:
        notes.append(
            PhaseNote(
                _(
                    "Participants can no longer edit their profile: matching reads them as "
                    "they are now."
                )
            )
        )
    return notes


def programme_figures(programme: Programme) -> dict[str, int]:
    """The counts the programme's page reads to say what to do next: applications to review,
    accepted mentors and mentees (one query), and those of the apps above (matching: pairs by
    status, one query)."""
    accepted = Q(status=ApplicationStatus.ACCEPTED)
    figures = Application.objects.filter(programme=programme).aggregate(
        applications_waiting=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        mentors=Count("pk", filter=accepted & Q(role=Role.MENTOR)),
        mentees=Count("pk", filter=accepted & Q(role=Role.MENTEE)),
    )
    figures.update(hooks.programme_figures(programme))
    return figures
