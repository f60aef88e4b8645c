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


class Calls:
    """Records what the watcher reports, one list of paths per call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, paths: list[str]) -> None:
        self.calls.append(paths)

    def wait(self, count: int) -> list[list[str]]:
        wait_for(lambda: len(self.calls) >= count, f"{count} call(s) from the watcher, got {self.calls}")
        return self.calls


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


def test_a_save_is_reported_once(site: Site, calls: Calls) -> None:
    site.add("a", "A", "2025-01-01")
    assert calls.wait(1) == [["content/a.md"]]


def test_editor_temp_files_trigger_nothing(site: Site, calls: Calls) -> None:
    folders = ["templates", "static", "sources"]
    for folder in folders:
        (site.root / folder).mkdir()
    assert calls.wait(1) == [folders[::-1]]
    for folder in ["content", *folders]:
        for name in EDITOR_TEMP_FILES:
            site.write(f"{folder}/{name}", "scratch")
    # Anything the temp files had triggered would be reported before, or with, this save.
    site.add("real", "Real", "2025-01-01")
    assert calls.wait(2)[1:] == [["content/real.md"]]


def test_only_the_sites_inputs_are_watched(site: Site, calls: Calls) -> None:
    for rel in ("output/index.html", ".newsarchive/manifest.json", ".venv/lib/x.py", "notes.txt", ".git/HEAD"):
        site.write(rel, "not an input")
    site.write("site.toml", 'title = "Renamed"\n')
    assert calls.wait(1) == [["site.toml"]]


def test_an_atomic_save_counts_as_a_change_of_the_real_file(site: Site, calls: Calls) -> None:
    temp = site.write("content/a.md___jb_tmp___", "new text")
    os.replace(temp, site.root / "content/a.md")
    assert calls.wait(1) == [["content/a.md"]]

    temp = site.write(".site.toml.tmp", 'title = "Renamed"\n')
    os.replace(temp, site.root / "site.toml")
    assert calls.wait(2)[1] == ["site.toml"]


def test_a_burst_is_reported_in_one_call(site: Site, calls: Calls) -> None:
    for i in range(200):
        site.add(f"burst/{i:03}", f"Story {i}", "2025-01-01")
    reported = calls.wait(1)
    assert len(reported) == 1
    assert {f"content/burst/{i:03}.md" for i in range(200)} <= set(reported[0])


def test_new_folders_are_watched(site: Site, calls: Calls) -> None:
    site.add("2026/01/a", "A", "2026-01-01")
    assert "content/2026/01/a.md" in calls.wait(1)[0]
    site.add("2026/01/a", "A again", "2026-01-01")
    assert calls.wait(2)[1] == ["content/2026/01/a.md"]

    # static/ did not exist when watching began; then it is deleted and made again.
    # A file written in the instant before its new folder is watched is not named,
    # but the folder is, and the rebuild that follows reads what is there.
    site.write("static/site.css", "body {}")
    assert "static" in calls.wait(3)[2]
    site.write("static/site.css", "body { color: red }")
    assert calls.wait(4)[3] == ["static/site.css"]
    shutil.rmtree(site.root / "static")
    assert "static" in calls.wait(5)[4]
    site.write("static/site.css", "body {}")
    assert "static" in calls.wait(6)[5]
    site.write("static/site.css", "body { color: blue }")
    assert calls.wait(7)[6] == ["static/site.css"]


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
        assert recorder.wait(2) == [["a"], ["b", "c"]]
    finally:
        release.set()
        debouncer.stop()
    assert recorder.calls == [["a"], ["b", "c"]]
