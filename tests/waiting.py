"""Waiting for things that happen on other threads: poll against a deadline, never sleep a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEADLINE = 10.0


def wait_for(check: Callable[[], T], what: str, timeout: float = DEADLINE) -> T:
    """Call `check` until it returns something truthy, and return that; fail after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)
    return result
