"""The watcher, on real files with a real watchdog observer."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from conftest import Site
from waiting import wait_for

from generator.watch import Debouncer, Watcher, is_editor_temp

EDITOR_TEMP_FILES = [
    ".a.md.swp", ".a.md.swo", ".a.md.swx", "a.md~", "4913", ".#a.md", "#a.md#",
    "a.md___jb_tmp___", "a.md___jb_old___", ".goutputstream-X1Y2Z3", ".DS_Store",
]  # fmt: skip


# How a loaded machine splits one burst into several calls depends on timing, so
# most tests look at every path reported so far, not at how they were grouped.


class Calls:
    """Records what the watcher reports, one list of paths per call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self._lock = threading.Lock()

    def __call__(self, paths: list[str]) -> None:
        with self._lock:
            self.calls.append(paths)

    def reported(self) -> set[str]:
        with self._lock:
            return {path for call in self.calls for path in call}

    def wait(self, path: str) -> set[str]:
        """Every path reported, once `path` is among them."""
        wait_for(lambda: path in self.reported(), f"{path} to be reported, got {self.reported()}")
        return self.reported()

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()


@pytest.fixture
def calls(site: Site) -> Iterator[Calls]:
    recorder = Calls()
    watcher = Watcher(site.root, recorder)
    watcher.start()
    yield recorder
    watcher.stop()


@pytest.mark.parametrize("name", EDITOR_TEMP_FILES)
def test_editor_temp_names_are_recognised(name: str) -> None:
    assert is_editor_temp(name)


@pytest.mark.parametrize("name", ["a.md", "site.toml", "4913.md", "notes~.md", "#hashtag.md", "swp.md"])
def test_real_names_are_not_temp_files(name: str) -> None:
    assert not is_editor_temp(name)


def test_editor_temp_files_trigger_nothing(site: Site, calls: Calls) -> None:
    folders = ["templates", "static", "sources"]
    for folder in folders:
        (site.root / folder).mkdir()
    for folder in ["content", *folders]:
        for name in EDITOR_TEMP_FILES:
            site.write(f"{folder}/{name}", "scratch")
    # Events arrive in order: a temp file that counted would be reported before, or with, this save.
    site.add("real", "Real", "2025-01-01")
    assert calls.wait("content/real.md") == {*folders, "content/real.md"}


def test_only_the_sites_inputs_are_watched(site: Site, calls: Calls) -> None:
    for rel in ("output/index.html", ".newsarchive/manifest.json", ".venv/lib/x.py", "notes.txt", ".git/HEAD"):
        site.write(rel, "not an input")
    site.write("site.toml", 'title = "Renamed"\n')
    assert calls.wait("site.toml") == {"site.toml"}


def test_an_atomic_save_counts_as_a_change_of_the_real_file(site: Site, calls: Calls) -> None:
    temp = site.write("content/a.md___jb_tmp___", "new text")
    os.replace(temp, site.root / "content/a.md")
    assert calls.wait("content/a.md") == {"content/a.md"}

    temp = site.write(".site.toml.tmp", 'title = "Renamed"\n')
    os.replace(temp, site.root / "site.toml")
    assert calls.wait("site.toml") == {"content/a.md", "site.toml"}


def test_a_burst_is_reported_whole_and_coalesced(site: Site) -> None:
    """200 files written in a burst: every one is reported, and none twice within a call. How many
    calls a loaded machine makes of it is timing, so it is not checked here (the Debouncer's own
    test below shows that paths arriving during a call make exactly one more call)."""
    recorder = Calls()
    watcher = Watcher(site.root, recorder)
    watcher.start()
    try:
        for i in range(200):
            site.add(f"burst/{i:03}", f"Story {i}", "2025-01-01")
        recorder.wait("content/burst/199.md")
        wait_for(
            lambda: {f"content/burst/{i:03}.md" for i in range(200)} <= recorder.reported(),
            "every file of the burst to be reported",
        )
    finally:
        watcher.stop()
    assert recorder.reported() <= {"content/burst", *(f"content/burst/{i:03}.md" for i in range(200))}
    assert all(len(call) == len(set(call)) for call in recorder.calls)


def test_new_folders_are_watched(site: Site, calls: Calls) -> None:
    site.add("2026/01/a", "A", "2026-01-01")
    calls.wait("content/2026/01/a.md")
    calls.clear()
    site.add("2026/01/a", "A again", "2026-01-01")
    assert calls.wait("content/2026/01/a.md") == {"content/2026/01/a.md"}

    # static/ did not exist when watching began; then it is deleted and made again.
    # A file written in the instant before its new folder is watched may not be
    # named, but the folder is, and the rebuild that follows reads what is there.
    for step in ("created", "deleted", "created again"):
        calls.clear()
        if step == "deleted":
            shutil.rmtree(site.root / "static")
        else:
            site.write("static/site.css", "body {}")
        calls.wait("static")
        if step != "deleted":
            calls.clear()
            site.write("static/site.css", f"/* {step} */")
            assert calls.wait("static/site.css") == {"static/site.css"}


def test_paths_added_during_a_call_cause_exactly_one_more_call() -> None:
    running, release = threading.Event(), threading.Event()
    recorder = Calls()

    def action(paths: list[str]) -> None:
        recorder(paths)
        running.set()
        release.wait()

    debouncer = Debouncer(action, quiet=0.01)
    debouncer.start()
    try:
        debouncer.add("a")
        wait_for(running.is_set, "the first call to start")
        debouncer.add("b")
        debouncer.add("c")
        release.set()
        wait_for(lambda: len(recorder.calls) == 2, "the second call")
    finally:
        release.set()
        debouncer.stop()
    assert recorder.calls == [["a"], ["b", "c"]]
