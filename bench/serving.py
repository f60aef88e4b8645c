"""Save-to-served latency under a real `newsarchive serve`: from writing a file until the server answers with it.

Driven from outside, as a user would: the edited article's page is found in
output/ by its text, and a new article counts as served once the home page
lists it.
"""

from __future__ import annotations

import re
import signal
import socket
import statistics
import subprocess
import time
from pathlib import Path

from corpus import markdown, new_story, stories
from latency import save_to_served, serves


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _saved_to_served(path: Path, text: str, url: str, expect: str, timeout: float) -> float:
    try:
        return save_to_served(path, text, url, expect, timeout)
    except (ValueError, TimeoutError) as exc:  # run.py reports a SystemExit and keeps the builds' figures
        raise SystemExit(f"serve: {exc}") from exc


def _plain(text: str) -> str:
    """The longest run of words without punctuation in `text`, which no template escapes or curls."""
    return max(re.findall(r"(?:[A-Za-z]+ ){2,}[A-Za-z]+", text), key=len, default=text)


def _page_of(output: Path, subtitle: str, month: str) -> str:
    """The site path of the article page that shows `subtitle`, among that month's pages."""
    words = _plain(subtitle).lower()
    for page in sorted(output.glob(f"{month}/*/index.html")):
        if words in page.read_text(encoding="utf-8", errors="replace").lower():
            return page.parent.relative_to(output).as_posix() + "/"
    raise SystemExit(f"serve: no page under {output / month} shows the edited article")


def _wait_up(base: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not serves(base + "/", b"<"):
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("newsarchive serve did not start")
        time.sleep(0.2)


def serve_latency(site: Path, newsarchive: Path, samples: int) -> dict[str, float]:
    """Median seconds from save to served for a body edit and for a new article."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([newsarchive, "serve", "--site", site, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    added: list[Path] = []
    try:
        _wait_up(base, server, timeout=3600)
        first = next(stories(1))
        path = site / "content" / first.rel
        url = f"{base}/{_page_of(site / 'output', first.subtitle, f'{first.date:%Y/%m}')}"
        edits = []
        for n in range(samples + 1):  # the first save after start loads the build cache: a warm-up, not counted
            time.sleep(0.5)
            marker = f"latency{n}x{time.time_ns()}"
            text = path.read_text(encoding="utf-8") + f"\n{marker}\n"
            edits.append(_saved_to_served(path, text, url, marker, timeout=120))
        adds = []
        for n in range(samples):
            time.sleep(0.5)
            story = new_story(20_000_000 + n)
            added.append(site / "content" / story.rel)
            added[-1].parent.mkdir(parents=True, exist_ok=True)
            adds.append(_saved_to_served(added[-1], markdown(story), base + "/", _plain(story.title), timeout=300))
        return {"edit": statistics.median(edits[1:]), "add": statistics.median(adds)}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # still indexing in the background on a busy machine
            server.kill()
            server.wait()
        for path in added:
            path.unlink(missing_ok=True)
