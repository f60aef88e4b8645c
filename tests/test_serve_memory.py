"""`serve` does not grow with history: its memory after many saves is what it was after a hundred."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from conftest import Site, article
from waiting import wait_for

SERVER = (
    "import sys; from pathlib import Path; from generator.serve import DevServer\n"
    "dev = DevServer(Path(sys.argv[1]), port=0); dev.start(); sys.stdout.write(dev.url + '\\n'); sys.stdout.flush()\n"
    "sys.stdin.read(); dev.close()"
)  # the URL in one write: the search thread logs at the same time (see console.log)
WARM = 100
SAVES = 400  # the leak this guards against (75 KB a save) would show as +22 MB here, against ~6 MB allowed


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


def saves_and_memory(site: Site, count: int, marks: set[int]) -> dict[int, int]:
    """Save one article `count` times under a real `serve`, waiting each time until the new body is
    served; the server's resident memory (KB) after each save numbered in `marks`."""
    for n in range(1, 6):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", f"Body {n}.", tags=["Politics"], section="World")
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(site.root)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    assert server.stdin and server.stdout
    try:
        root = next(line for line in server.stdout if line.startswith("http://")).strip()  # after the build log
        url = root + "2025/01/a3/index.html"
        # Its log of each save must go somewhere, or a full pipe would stop it.
        threading.Thread(target=server.stdout.read, daemon=True).start()
        memory = {}
        for n in range(1, count + 1):
            text = article("Story 3", "2025-01-03", f"Edit number {n}.", tags=["Politics"], section="World")
            temp = site.write("content/a3.md.tmp", text)
            os.replace(temp, site.root / "content/a3.md")
            wait_for(lambda n=n: f"Edit number {n}.".encode() in urllib.request.urlopen(url).read(), f"save {n}")
            if n in marks:
                memory[n] = rss_kb(server.pid)
        return memory
    finally:
        server.stdin.close()
        server.wait(timeout=30)


def test_serve_memory_stays_flat_over_many_saves(site: Site) -> None:
    memory = saves_and_memory(site, SAVES, {WARM, SAVES})
    assert memory[SAVES] <= memory[WARM] * 1.10, memory


# Twenty saves through a Builder set up as serve's, every other one a retag (which models the site again);
# then the garbage that was frozen, which the collector finds only once everything is unfrozen.
FROZEN_GARBAGE = """
import gc, sys
from pathlib import Path
from conftest import Site
from generator.build import Builder
site = Site(Path(sys.argv[1]))
for n in range(1, 6):
    site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", f"Body {n}.", tags=["Politics"], section="World")
builder = Builder(site.root, atomic=False, search=False)
builder.build()
gc.unfreeze()  # the first build's, and the imports': not what saves leave
gc.collect()
for n in range(20):
    tags = ["Politics"] if n % 2 else ["Energy"]
    builder.build(changed=[site.add("a3", "Story 3", "2025-01-03", f"Edit {n}.", tags=tags, section="World")])
gc.collect()  # the last build's garbage that was not frozen
gc.unfreeze()
print(gc.collect())
"""


def test_rebuilds_leave_no_garbage_the_collector_cannot_free(tmp_path: Path) -> None:
    """Builds freeze what they made out of the collector's way (build.py); cyclic garbage frozen with it
    would never be freed, and serve would grow by it with every save, edits in place and remodels alike.
    In a process of its own, so that no other test's threads or frozen objects count."""
    tests = Path(__file__).resolve().parent
    command = [sys.executable, "-c", FROZEN_GARBAGE, str(tmp_path / "site")]
    env = {**os.environ, "PYTHONPATH": str(tests)}
    run = subprocess.run(command, cwd=tests, env=env, capture_output=True, text=True, check=True)
    assert run.stdout.split()[-1] == "0", run.stdout
