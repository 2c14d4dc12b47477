"""Participation: invited, answered and the response rate, per role and overall.

The number who answered (and so the rate) is masked while fewer than k have answered. A masked
role is never alone: if one role's count is masked and the total is shown, another role's count
is masked too (otherwise the total minus the others would give it away); if that cannot protect
it (the masked answers add up to fewer than k), the total's count is masked as well. The number
invited is always shown: it is known to the coordination anyway and says nothing of who answered.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from . import WHOLE, Invited
from .tables import check_k, round_half_up


@dataclass(frozen=True)
class Participation:
    role: str  # a role, or "ensemble"
    invited: int
    answered: int | None  # None where masked
    rate: int | None  # a whole percentage, None where masked or nobody invited
    masked: bool


def participation(invited: Sequence[Invited], *, k: int) -> list[Participation]:
    check_k(k)
    roles = sorted({i.role for i in invited})
    counts = {r: [0, 0] for r in roles}
    for invitation in invited:
        counts[invitation.role][0] += 1
        counts[invitation.role][1] += bool(invitation.answered)
    total = [sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())]
    whole_hidden = total[1] < k
    hidden = set(roles) if whole_hidden else {r for r in roles if counts[r][1] < k}
    if hidden and not whole_hidden:
        # the total is shown: the masked roles must be at least two and hold k answers
        others = sorted((r for r in roles if r not in hidden), key=lambda r: counts[r][1])
        while others and (len(hidden) < 2 or sum(counts[r][1] for r in hidden) < k):
            hidden.add(others.pop(0))

    def row(role: str, invited_n: int, answered: int, masked: bool) -> Participation:
        rate = int(round_half_up(100 * answered / invited_n)) if invited_n else None
        return Participation(
            role, invited_n, None if masked else answered, None if masked else rate, masked
        )

    out = [row(WHOLE, total[0], total[1], whole_hidden)]
    out += [row(r, counts[r][0], counts[r][1], r in hidden) for r in roles]
    return out
