"""Where an app higher in the stack tells ``programmes`` what it must know.

``programmes`` imports no app above it (docs/DESIGN.md, import-linter's layers contract). When
recruitment must ask a higher app something — "is this person in a pair that goes on?" — the
higher app registers a check here from its ``AppConfig.ready()``, and recruitment asks every
registered check.
"""

from collections.abc import Callable

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
