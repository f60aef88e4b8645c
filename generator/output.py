"""Writes the built pages and static files to output/ (search.py writes output/search-index/): staged, then committed.

Pages are staged beside output/ first; output/ is touched only once every
page has rendered, and then only the changed files are (see journal.py). A
file is rewritten only when its bytes changed, and a file is removed only if
an earlier build wrote it (the manifest says so) and nobody changed it since.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.errors import NewsarchiveError
from generator.journal import Journal, journal_path, roll_forward
from generator.manifest import Entry, Manifest
from generator.slugs import WINDOWS_RESERVED


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def checked_path(rel: str) -> PurePosixPath:
    """Refuse any output path that could land outside output/ or upset a file system."""
    path = PurePosixPath(rel)
    bad = (
        not rel
        or "\0" in rel
        or "\\" in rel
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in rel.split("/"))
        or any(len(part.encode()) > 255 for part in path.parts)
        or any(part.split(".")[0].lower() in WINDOWS_RESERVED for part in path.parts)
        or any(part.endswith((".", " ")) for part in path.parts)  # Windows drops these, merging two names
    )
    if bad:
        raise NewsarchiveError(f"refusing to write unsafe output path {rel!r}")
    return path


def still_written(root: Path, rel: str, entry: Entry | None, data_digest: str) -> bool:
    """Is the file on disk still exactly what we wrote (the manifest's `entry`), with these bytes?"""
    # A string, not root / rel: a build with nothing to do makes this check for every file of the site.
    return _still_written(os.path.join(root, rel), entry, data_digest)


def _still_written(path: str | Path, entry: Entry | None, data_digest: str) -> bool:
    if not entry or entry[0] != data_digest:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == entry[1:]


def stage_file(staging: Path, root: Path, rel: str, data: bytes, entry: Entry | None) -> tuple[str, bool]:
    """Put `data` in the staging area unless output/ already holds exactly it.

    `entry` is the file's line in the last manifest. Returns the digest and
    whether the file was staged. Safe to call from worker processes.
    """
    checked_path(rel)
    data_digest = digest(data)
    if _still_written(root / rel, entry, data_digest):
        return data_digest, False
    target = staging / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return data_digest, True


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: list[str] = field(default_factory=list)  # output paths written or removed


class OutputWriter:
    """Stage changed files, then commit them to output/, touching only what changed."""

    def __init__(self, root: Path, manifest_path: Path, *, atomic: bool = True, known: Manifest | None = None) -> None:
        """A commit that a crash cut short is finished first (see journal.py), before anything else
        reads the manifest: the last build's files are then exactly those it lists.
        `known`: the manifest this process's last commit left (see `Manifest.open`)."""
        self.root = root
        self.atomic = atomic
        self.staging = root.parent / f".{root.name}.staging"
        self.old = Manifest.open(manifest_path, known)
        self.pending = roll_forward(root, self.staging, self.old)  # changed, not yet finished
        self.staged: list[str] = []
        self.digests: dict[str, str] = {}  # the files of the new site this build looked at
        self.rewritten: set[str] | None = None  # with carry_over: the only files of the last build not kept
        self.stats = WriteStats()
        shutil.rmtree(self.staging, ignore_errors=True)

    def stage(self, rel: str, data: bytes) -> None:
        self.record(rel, *stage_file(self.staging, self.root, rel, data, self.old.get(rel)))

    def record(self, rel: str, data_digest: str, staged: bool) -> None:
        """Note a file that `stage_file` handled (here or in a worker process)."""
        if rel in self.digests:
            raise NewsarchiveError(f"two pages want the same output file {rel!r}")
        self.digests[rel] = data_digest
        if staged:
            self.staged.append(rel)
        else:
            self.stats.unchanged += 1

    def keep(self, rel: str) -> bool:
        """Keep the file from the last build as it is, if it is still exactly what we wrote."""
        entry = self.old.get(rel)
        if entry is None or rel in self.digests or not still_written(self.root, rel, entry, entry[0]):
            return False
        self.digests[rel] = entry[0]
        self.stats.unchanged += 1
        return True

    def carry_over(self, rewritten: set[str]) -> None:
        """Keep every file of the last build but `rewritten` as the manifest has it, without looking or
        reading the others' entries. For a build that knows exactly what it changed (an edit)."""
        self.rewritten = rewritten
        self.stats.unchanged = self.old.count() - sum(1 for rel in rewritten if self.old.get(rel) is not None)

    def intact(self) -> bool:
        """Is every file of the last build still there, unchanged, and its commit finished?"""
        files = self.old.files
        return (
            not self.pending
            and bool(files)
            and all(still_written(self.root, rel, entry, entry[0]) for rel, entry in files.items())
        )

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self, finish: Callable[[Path, Sequence[str]], object] | None = None) -> WriteStats:
        """Put the staged files in output/, remove stale ones, update the manifest, then `finish`.

        With `atomic`, a journal listing every move, removal and manifest entry
        is made durable first, so once the commit has begun the next build (or
        `serve`) completes it before anything else: output/ holds the old site
        or the new one. The cost is that of the changed files. Without it (the
        dev server, where speed matters more), files are replaced one by one,
        each atomically.

        `finish(folder, changed)` runs on the complete new site (the search index);
        if a crash stops it, the next commit runs it again with these paths too.
        The very first build runs it on the staging area, which then becomes output/.
        """
        # Files of the last build this one did not make or keep: removed when still as written, forgotten anyway.
        last = self.old.files.keys() if self.rewritten is None else self.rewritten
        entries = {rel: entry for rel in last if rel not in self.digests and (entry := self.old.get(rel)) is not None}
        gone = sorted(entries)
        stale = [rel for rel in gone if self._still_ours(rel, entries[rel])]
        written = {}
        for rel in self.staged:
            st = (self.staging / rel).stat()  # moving keeps the inode, so these stay true
            written[rel] = [self.digests[rel], st.st_size, st.st_mtime_ns]
        self.stats.written, self.stats.removed = len(self.staged), len(stale)
        self.stats.changed += [*self.pending, *self.staged, *stale]
        removals = [[rel, *entries[rel][1:]] for rel in stale]
        journal = Journal(written, removals, gone, self.stats.changed if finish else [])
        if not self.root.is_dir() and self.staging.is_dir():
            if finish:
                finish(self.staging, self.stats.changed)
            self.root.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.root)
            self.old.update(written, gone, durable=False)
        else:
            if self.atomic and (written or gone):
                journal.write(journal_path(self.old.path))  # from here on, the new site is what stands
            journal.apply(self.root, self.staging, self.old, durable=self.atomic)
            if finish:
                finish(self.root, self.stats.changed)
        journal_path(self.old.path).unlink(missing_ok=True)
        self.abort()
        self.root.mkdir(parents=True, exist_ok=True)
        return self.stats

    def _still_ours(self, rel: str, entry: Entry) -> bool:
        """Is this file of the last build (its manifest `entry`) still there, as the build wrote it?"""
        try:
            checked_path(rel)
        except NewsarchiveError:
            return False
        return still_written(self.root, rel, entry, entry[0])
