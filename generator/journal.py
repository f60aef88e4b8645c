"""The commit journal: what a commit to output/ is about to do, made durable before it starts.

A commit moves each new file from the staging area to its place in output/,
removes the stale ones and records both in the manifest. A crash part way
would leave a mix of two builds, so the commit first writes this journal;
the next build or `serve` reads it before anything else and does what is
left (`roll_forward`). Moving a file that is already in place, removing one
already gone, or recording the same entries again is skipped or harmless, so
a journal can be rolled forward any number of times.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.atomic import write_atomic
from generator.manifest import Entry, Manifest

JOURNAL_VERSION = 2


@dataclass
class Journal:
    renames: dict[str, Entry] = field(default_factory=dict)  # paths to move from staging/ to output/: their entries
    removals: list[list] = field(default_factory=list)  # [path, size, mtime_ns]: removed only if still so
    forget: list[str] = field(default_factory=list)  # paths the manifest drops: removed, or no longer ours
    finish: list[str] = field(default_factory=list)  # paths changed whose finishing step (search) has not run

    @classmethod
    def read(cls, path: Path) -> Journal | None:
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except ValueError:
            return None  # written by rename, so never half; an unreadable one is from no version of ours
        if data.get("version") != JOURNAL_VERSION:
            return None
        return cls(data["renames"], data["removals"], data["forget"], data["finish"])

    def write(self, path: Path) -> None:
        body = {"version": JOURNAL_VERSION, "renames": self.renames, "removals": self.removals,
                "forget": self.forget, "finish": self.finish}  # fmt: skip
        write_atomic(path, json.dumps(body).encode(), durable=True)

    def apply(self, root: Path, staging: Path, manifest: Manifest, *, durable: bool) -> None:
        """Move every staged file into output/, remove the stale ones, skipping what is done, then record it."""
        made: set[Path] = set()
        for rel in self.renames:
            source, target = staging / rel, root / rel
            if not os.path.lexists(source):
                continue  # moved before the crash
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(source, target)
        for rel, size, mtime_ns in self.removals:
            try:
                st = (root / rel).stat()
            except OSError:
                continue
            if (st.st_size, st.st_mtime_ns) == (size, mtime_ns):  # still the file the build left there
                remove(root, rel)
        if self.renames or self.forget:
            manifest.update(self.renames, self.forget, durable=durable)


def remove(root: Path, rel: str) -> None:
    """Remove output file `rel`, and the folders that this leaves empty."""
    path = root / rel
    path.unlink()
    for parent in path.parents:
        if parent == root or not parent.is_relative_to(root):
            break
        try:
            parent.rmdir()  # only succeeds when the folder is empty
        except OSError:
            break


def roll_forward(root: Path, staging: Path, manifest: Manifest) -> list[str]:
    """Finish the commit that a crash cut short, if any; return the paths still to finish.

    What is left to do afterwards is only the finishing step; the journal then
    keeps just that, so the staging area may be cleared."""
    path = journal_path(manifest.path)
    journal = Journal.read(path) or Journal()
    if journal.renames or journal.removals or journal.forget:
        journal.apply(root, staging, manifest, durable=True)
        if journal.finish:
            Journal(finish=journal.finish).write(path)
    if not journal.finish:
        path.unlink(missing_ok=True)
    return journal.finish


def journal_path(manifest: Path) -> Path:
    return manifest.with_suffix(".journal")
