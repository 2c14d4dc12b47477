"""Where an app higher in the stack adds to the follow-up's pages (followup imports no app
above it: docs/DESIGN.md).

The members' pair page shows links given by higher apps ("Check-in to fill in" from the
evaluation): a function ``fn(pair, user) -> list[(label, url)]`` registered from the higher
app's ``AppConfig.ready()``, in a query or two whatever the person has to do.
"""

from collections.abc import Callable

PairPageLinks = Callable[[object, object], list[tuple[str, str]]]

_pair_page_links: list[PairPageLinks] = []


def register_pair_page_links(fn: PairPageLinks) -> None:
    """Called by a higher app once, at start-up; registering the same function twice is
    harmless."""
    if fn not in _pair_page_links:
        _pair_page_links.append(fn)


def pair_page_links(pair, user) -> list[tuple[str, str]]:
    """Every registered function's links for ``user`` on the page of ``pair``, in order."""
    return [link for fn in _pair_page_links for link in fn(pair, user)]
