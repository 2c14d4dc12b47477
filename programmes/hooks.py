"""Where an app higher in the stack tells ``programmes`` what it must know.

``programmes`` imports no app above it (docs/DESIGN.md, import-linter's layers contract). When
recruitment must ask a higher app something — "is this person in a pair that goes on?" — the
higher app registers a check here from its ``AppConfig.ready()``, and recruitment asks every
registered check. The same holds for a phase change (matching tells what it leaves behind) and
for the figures of a programme's page (matching counts its pairs).
"""

from collections.abc import Callable
from dataclasses import dataclass

# A check receives an application and returns why its role cannot be taken away (a translated
# sentence), or None when nothing stands in the way.
RoleRemovalCheck = Callable[[object], str | None]

_role_removal_checks: list[RoleRemovalCheck] = []


def register_role_removal_check(check: RoleRemovalCheck) -> None:
    """Called by a higher app once, at start-up; registering the same check twice is harmless."""
    if check not in _role_removal_checks:
        _role_removal_checks.append(check)


def role_removal_refusal(application) -> str | None:
    """The first reason a registered check gives for keeping the application's role, if any."""
    for check in _role_removal_checks:
        reason = check(application)
        if reason:
            return reason
    return None


# --- Phase changes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseNote:
    """What moving a programme to another phase changes, or leaves behind, in a sentence (in the
    active language), with what it is about (a few names) for the confirmation page.

    ``warning``: something is left undone (pairs still waiting for answers, a calendar not yet
    there): the change then needs an explicit confirmation."""

    message: str
    items: tuple[str, ...] = ()
    more: int = 0  # how many beyond ``items``
    warning: bool = False


# A check receives the programme and the phase it would move to (still in its current phase).
PhaseChangeCheck = Callable[[object, str], list[PhaseNote]]

_phase_change_checks: list[PhaseChangeCheck] = []


def register_phase_change_check(check: PhaseChangeCheck) -> None:
    """Called by a higher app once, at start-up; registering the same check twice is harmless."""
    if check not in _phase_change_checks:
        _phase_change_checks.append(check)


def phase_change_notes(programme, phase: str) -> list[PhaseNote]:
    """What every registered check has to say about moving ``programme`` to ``phase``."""
    return [note for check in _phase_change_checks for note in check(programme, phase)]


# --- Figures of a programme, for its page -----------------------------------------------------

# A function receives the programme and returns named counts ({"pairs_waiting": 3, ...}), in
# one or two queries: the programme's page says what to do next with them.
ProgrammeFigures = Callable[[object], dict[str, int]]

_programme_figures: list[ProgrammeFigures] = []


def register_programme_figures(figures: ProgrammeFigures) -> None:
    """Called by a higher app once, at start-up; registering the same function twice is
    harmless."""
    if figures not in _programme_figures:
        _programme_figures.append(figures)


def programme_figures(programme) -> dict[str, int]:
    """Every registered app's counts about ``programme``, in one dictionary."""
    found: dict[str, int] = {}
    for figures in _programme_figures:
        found.update(figures(programme))
    return found


# A callback receives the programme and the phase it left, once the programme has moved to its
# new phase (``programme.current_phase``), in the same transaction.
PhaseChangeCallback = Callable[[object, str], None]

_phase_change_callbacks: list[PhaseChangeCallback] = []


def register_phase_change(callback: PhaseChangeCallback) -> None:
    """Called by a higher app once, at start-up (the follow-up completes the pairs at closing);
    registering the same callback twice is harmless."""
    if callback not in _phase_change_callbacks:
        _phase_change_callbacks.append(callback)


def phase_changed(programme, previous: str) -> None:
    """Tell every registered app that ``programme`` moved from ``previous`` to its phase."""
    for callback in _phase_change_callbacks:
        callback(programme, previous)
