"""The activity of the pairs, from the follow-up: active pairs, meetings per pair, completed and
ended early, help requests. Each figure is masked when it rests on fewer than k pairs, and a
count below k is masked too (1 to k-1; 0 is shown)."""

from collections.abc import Sequence
from dataclasses import dataclass

from .tables import check_k, round_half_up

ACTIVE = "active"
COMPLETED = "completed"
ENDED = "ended"


@dataclass(frozen=True)
class PairActivity:
    status: str  # "active", "completed", "ended" (ended early)...
    meetings: int
    help_requests: int


@dataclass(frozen=True)
class ActivityFigure:
    statistic: str  # "paires", "paires_actives", "rencontres_par_paire", "terminees",
    # "arretees", "demandes_aide"
    value: float | int | None
    n: int | None  # the pairs behind the figure
    masked: bool


def activity(pairs: Sequence[PairActivity], *, k: int) -> list[ActivityFigure]:
    check_k(k)
    total = len(pairs)

    def count(name: str, value: int) -> ActivityFigure:
        masked = total < k or 0 < value < k
        return ActivityFigure(name, None if masked else value, None if masked else total, masked)

    active = sum(1 for p in pairs if p.status == ACTIVE)
    completed = sum(1 for p in pairs if p.status == COMPLETED)
    ended = sum(1 for p in pairs if p.status == ENDED)
    helps = sum(p.help_requests for p in pairs)
    helped = sum(1 for p in pairs if p.help_requests)
    # active, completed and ended early (and any other status, never shown) add up to the
    # pairs: a masked one must not be their difference
    parts = {"paires_actives": active, "terminees": completed, "arretees": ended}
    other = total - active - completed - ended
    hidden = {name for name, value in parts.items() if total < k or 0 < value < k}
    if hidden and total >= k:
        shown = sorted((v, name) for name, v in parts.items() if name not in hidden)
        while shown and (
            len(hidden) + bool(other) < 2 or sum(parts[h] for h in hidden) + other < k
        ):
            hidden.add(shown.pop(0)[1])

    def part(name: str) -> ActivityFigure:
        masked = name in hidden
        return ActivityFigure(
            name, None if masked else parts[name], None if masked else total, masked
        )

    out = [count("paires", total), part("paires_actives")]
    masked = total < k
    mean = round_half_up(sum(p.meetings for p in pairs) / total, 1) if total else None
    out.append(
        ActivityFigure(
            "rencontres_par_paire", None if masked else mean, None if masked else total, masked
        )
    )
    out += [part("terminees"), part("arretees")]
    # help requests rest on the pairs that asked: masked while fewer than k pairs asked
    help_masked = total < k or 0 < helped < k
    out.append(
        ActivityFigure(
            "demandes_aide",
            None if help_masked else helps,
            None if help_masked else total,
            help_masked,
        )
    )
    return out
