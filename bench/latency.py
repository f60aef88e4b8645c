"""Save-to-served latency: the time from writing a file until a running `serve` answers with the new bytes.

Used by bench/serving.py and tested by tests/test_serve.py; not part of the package.
"""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

# Short enough to add little to what is measured; long enough not to starve a
# server running in the same process of the GIL.
POLL = 0.002


def serves(url: str, expect: bytes) -> bool:
    """Whether `url` answers 200 with `expect` in its body."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return expect in response.read()
    except OSError:  # not up yet, or 404 until a new page is written
        return False


def save_to_served(path: Path, text: str, url: str, expect: str, timeout: float = 10.0) -> float:
    """Write `text` to `path`, then fetch `url` until it answers 200 with `expect` in its body.

    Returns the seconds from just before the write to the first such answer,
    measured with a 2 ms polling step. `expect` must not be served before the
    write (that would measure nothing): ValueError. TimeoutError after `timeout`
    seconds without it.
    """
    wanted = expect.encode()
    if serves(url, wanted):
        raise ValueError(f"{url} already serves {expect!r}; write something new to measure")
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    while not serves(url, wanted):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{url} did not serve {expect!r} within {timeout} s of writing {path}")
        time.sleep(POLL)
    return time.perf_counter() - started
