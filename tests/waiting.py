"""Waiting on another process: poll for the event itself, with a deadline, never a fixed sleep.

A test that reads what a worker, Redis or a browser did must wait for the very thing it then
asserts (the row's status *and* the log line), because the other process may do them in any
order. ``wait_until`` raises with the last value seen and a diagnostic when the deadline passes.
"""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class WaitTimeout(AssertionError):
    pass


def wait_until(
    probe: Callable[[], T],
    *,
    timeout: float = 60,
    interval: float = 0.1,
    what: str = "the condition",
    diagnostic: Callable[[], str] | None = None,
) -> T:
    """Call ``probe`` until it returns a truthy value and return that value.

    The interval grows up to 0.5 s so that a slow machine is not polled in a tight loop.
    """
    deadline = time.monotonic() + timeout
    last: T | None = None
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() >= deadline:
            detail = f"\n{diagnostic()}" if diagnostic else ""
            raise WaitTimeout(f"{what}: not reached within {timeout:g} s (last: {last!r}){detail}")
        time.sleep(interval)
        interval = min(interval * 1.5, 0.5)
