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

import orjson

from generator.atomic import write_atomic
from generator.errors import NewsarchiveError
from generator.journal import Journal, journal_path, next_manifest, roll_forward
from generator.slugs import WINDOWS_RESERVED

MANIFEST_VERSION = 1


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


Stamp = tuple[int, int, int]  # (inode, size, mtime_ns) of a manifest file


def _stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


@dataclass
class Manifest:
    """What the last build wrote: path -> [digest, size, mtime_ns]."""

    files: dict[str, list] = field(default_factory=dict)
    stamp: Stamp | None = None  # of the file this manifest was read from or written to

    @classmethod
    def read(cls, path: Path, known: Manifest | None = None) -> Manifest:
        """The manifest at `path`; `known` itself when it is what the file holds (serve's next build
        need not parse 15,000 entries again). Every write replaces the file, so a new inode tells."""
        stamp = _stamp(path)
        if known is not None and stamp is not None and known.stamp == stamp:
            return known
        try:
            data = orjson.loads(path.read_bytes())
            if data.get("version") == MANIFEST_VERSION and isinstance(data.get("files"), dict):
                return cls(data["files"], stamp)
        except (OSError, ValueError, AttributeError):
            pass  # a missing or damaged manifest only means nothing is known to be ours
        return cls()

    def write(self, path: Path, *, durable: bool = False) -> None:
        data = orjson.dumps({"version": MANIFEST_VERSION, "files": self.files}, option=orjson.OPT_SORT_KEYS)
        write_atomic(path, data, durable=durable)

    def unchanged(self, root: Path, rel: str, data_digest: str) -> bool:
        """Is the file on disk still exactly what we wrote, with these bytes?"""
        # A string, not root / rel: a build with nothing to do makes this check for every file of the site.
        return _still_written(os.path.join(root, rel), self.files.get(rel), data_digest)


def _still_written(path: str | Path, entry: list | None, data_digest: str) -> bool:
    if not entry or entry[0] != data_digest:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == entry[1:]


def stage_file(staging: Path, root: Path, rel: str, data: bytes, entry: list | None) -> tuple[str, bool]:
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
        """A commit that a crash cut short is finished first (see journal.py), before the
        manifest is read: the last build's files are then exactly those it listed.
        `known`: the manifest the last commit of this process left (see `Manifest.read`)."""
        self.root = root
        self.atomic = atomic
        self.manifest_path = manifest_path
        self.staging = root.parent / f".{root.name}.staging"
        self.pending = roll_forward(root, self.staging, manifest_path)  # changed, not yet finished
        self.old = Manifest.read(manifest_path, known)
        self.new = Manifest()
        self.staged: list[str] = []
        self.digests: dict[str, str] = {}
        self.stats = WriteStats()
        shutil.rmtree(self.staging, ignore_errors=True)

    def stage(self, rel: str, data: bytes) -> None:
        self.record(rel, *stage_file(self.staging, self.root, rel, data, self.old.files.get(rel)))

    def record(self, rel: str, data_digest: str, staged: bool) -> None:
        """Note a file that `stage_file` handled (here or in a worker process)."""
        if rel in self.digests:
            raise NewsarchiveError(f"two pages want the same output file {rel!r}")
        self.digests[rel] = data_digest
        if staged:
            self.staged.append(rel)
        else:
            self.new.files[rel] = self.old.files[rel]
            self.stats.unchanged += 1

    def keep(self, rel: str) -> bool:
        """Keep the file from the last build as it is, if it is still exactly what we wrote."""
        entry = self.old.files.get(rel)
        if entry is None or rel in self.digests or not self.old.unchanged(self.root, rel, entry[0]):
            return False
        self.digests[rel] = entry[0]
        self.new.files[rel] = entry
        self.stats.unchanged += 1
        return True

    def carry_over(self, rewritten: set[str]) -> None:
        """Keep every file of the last build but `rewritten` as the manifest has it, without looking.

        For a build that knows exactly what it changed (a body edit under serve)."""
        kept = {rel: entry for rel, entry in self.old.files.items() if rel not in rewritten}
        self.digests.update({rel: entry[0] for rel, entry in kept.items()})
        self.new.files.update(kept)
        self.stats.unchanged = len(self.new.files)

    def intact(self) -> bool:
        """Is every file of the last build still there, unchanged, and its commit finished?"""
        old = self.old
        return (
            not self.pending
            and bool(old.files)
            and all(old.unchanged(self.root, rel, entry[0]) for rel, entry in old.files.items())
        )

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self, finish: Callable[[Path, Sequence[str]], object] | None = None) -> WriteStats:
        """Put the staged files in output/, remove stale ones, save the manifest, then `finish`.

        With `atomic`, a journal listing every move and removal is made durable
        first, so once the commit has begun the next build (or `serve`) completes
        it before anything else: output/ holds the old site or the new one. The
        cost is that of the changed files. Without it (the dev server, where
        speed matters more), files are replaced one by one, each atomically.

        `finish(folder, changed)` runs on the complete new site (the search index);
        if a crash stops it, the next commit runs it again with these paths too.
        The very first build runs it on the staging area, which then becomes output/.
        """
        stale = [rel for rel in sorted(set(self.old.files) - set(self.digests)) if self._still_ours(rel)]
        for rel in self.staged:
            st = (self.staging / rel).stat()  # moving keeps the inode, so these stay true
            self.new.files[rel] = [self.digests[rel], st.st_size, st.st_mtime_ns]
        self.stats.written, self.stats.removed = len(self.staged), len(stale)
        self.stats.changed += [*self.pending, *self.staged, *stale]
        if not self.root.is_dir() and self.staging.is_dir():
            if finish:
                finish(self.staging, self.stats.changed)
            self.root.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.root)
            self.new.write(self.manifest_path)
        else:
            self._replace(stale, self.stats.changed if finish else [])
            if finish:
                finish(self.root, self.stats.changed)
        journal_path(self.manifest_path).unlink(missing_ok=True)
        self.new.stamp = _stamp(self.manifest_path)
        self.abort()
        self.root.mkdir(parents=True, exist_ok=True)
        return self.stats

    def _replace(self, stale: list[str], to_finish: list[str]) -> None:
        """Move the staged files into output/ and remove `stale`; the journal goes first when atomic."""
        removals = [[rel, *self.old.files[rel][1:]] for rel in stale]
        journal = Journal(self.staged, removals, to_finish)
        if self.atomic and (self.staged or stale):
            self.new.write(next_manifest(self.manifest_path), durable=True)
            journal.write(journal_path(self.manifest_path))  # from here on, the new site is what stands
            journal.apply(self.root, self.staging)
            os.replace(next_manifest(self.manifest_path), self.manifest_path)
        else:
            journal.apply(self.root, self.staging)
            self.new.write(self.manifest_path)

    def _still_ours(self, rel: str) -> bool:
        """Is this file of the last build still there, as the build wrote it?"""
        try:
            checked_path(rel)
        except NewsarchiveError:
            return False
        return self.old.unchanged(self.root, rel, self.old.files[rel][0])
