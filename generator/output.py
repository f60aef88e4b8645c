"""The only code that writes to output/: staged, compared, then committed.

Pages are staged beside output/ first; output/ is touched only once every
page has rendered. A file is rewritten only when its bytes changed, and a
file is removed only if an earlier build wrote it (the manifest says so) and
nobody changed it since.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.atomic import write_atomic
from generator.errors import NewsarchiveError
from generator.slugs import WINDOWS_RESERVED
from generator.swap import exchange

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


@dataclass
class Manifest:
    """What the last build wrote: path -> [digest, size, mtime_ns]."""

    files: dict[str, list] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION and isinstance(data.get("files"), dict):
                return cls(data["files"])
        except (OSError, ValueError, AttributeError):
            pass  # a missing or damaged manifest only means nothing is known to be ours
        return cls()

    def write(self, path: Path) -> None:
        write_atomic(path, json.dumps({"version": MANIFEST_VERSION, "files": self.files}, sort_keys=True).encode())

    def unchanged(self, root: Path, rel: str, data_digest: str) -> bool:
        """Is the file on disk still exactly what we wrote, with these bytes?"""
        return _still_written(root / rel, self.files.get(rel), data_digest)


def _still_written(path: Path, entry: list | None, data_digest: str) -> bool:
    if not entry or entry[0] != data_digest:
        return False
    try:
        st = path.stat()
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
    """Stage changed files, then commit them to output/ in one short step."""

    def __init__(self, root: Path, manifest_path: Path, *, atomic: bool = True) -> None:
        self.root = root
        self.atomic = atomic
        self.manifest_path = manifest_path
        self.old = Manifest.read(manifest_path)
        self.new = Manifest()
        self.staging = root.parent / f".{root.name}.staging"
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
        for rel, entry in self.old.files.items():
            if rel not in rewritten:
                self.digests[rel] = entry[0]
                self.new.files[rel] = entry
        self.stats.unchanged = len(self.new.files)

    def intact(self) -> bool:
        """Is every file of the last build still there, unchanged?"""
        old = self.old
        return bool(old.files) and all(old.unchanged(self.root, rel, entry[0]) for rel, entry in old.files.items())

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self, finish: Callable[[Path, Sequence[str]], object] = lambda folder, changed: None) -> WriteStats:
        """Put the staged files in output/, remove stale ones, then save the manifest.

        With `atomic`, output/ changes in one step: the staging area is completed
        with hard links to every file that stays, then swapped with output/.
        Without it (the dev server, where speed matters more), files are
        replaced one by one, each atomically.

        `finish(folder, changed)` runs on the complete new site just before it
        becomes output/ (or, without `atomic`, on output/ once its files are
        replaced), so what it adds (the search index) changes with the pages.
        """
        stale = [rel for rel in sorted(set(self.old.files) - set(self.digests)) if self._still_ours(rel)]
        for rel in self.staged:
            st = (self.staging / rel).stat()  # moving keeps the inode, so these stay true
            self.new.files[rel] = [self.digests[rel], st.st_size, st.st_mtime_ns]
        self.stats.written, self.stats.removed = len(self.staged), len(stale)
        self.stats.changed += self.staged + stale
        if not self.root.is_dir() and self.staging.is_dir():
            finish(self.staging, self.stats.changed)
            self.root.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.root)
        elif (self.staged or stale) and self.atomic:
            self._complete_staging(set(self.staged) | set(stale))
            finish(self.staging, self.stats.changed)
            # Until the swap is done either set of files may be in output/: remember both as ours.
            Manifest(self.old.files | self.new.files).write(self.manifest_path)
            exchange(self.staging, self.root)
        else:
            for rel in self.staged:
                target = self.root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / rel, target)
            for rel in stale:
                self._remove(rel)
            finish(self.root, self.stats.changed)
        self.abort()
        self.root.mkdir(parents=True, exist_ok=True)
        self.new.write(self.manifest_path)
        return self.stats

    def _complete_staging(self, replaced: set[str]) -> None:
        """Hard-link every file of output/ that this build neither replaces nor removes into staging."""
        made: set[Path] = set()
        for folder, _, names in os.walk(self.root):
            rel_folder = Path(folder).relative_to(self.root)
            for name in names:
                if (rel_folder / name).as_posix() in replaced:
                    continue
                target_folder = self.staging / rel_folder
                if target_folder not in made:
                    target_folder.mkdir(parents=True, exist_ok=True)
                    made.add(target_folder)
                try:
                    os.link(Path(folder, name), target_folder / name, follow_symlinks=False)
                except OSError:  # a file system without hard links
                    shutil.copy2(Path(folder, name), target_folder / name, follow_symlinks=False)
        self.staging.mkdir(exist_ok=True)

    def _still_ours(self, rel: str) -> bool:
        """Is this file of the last build still there, as the build wrote it?"""
        try:
            checked_path(rel)
        except NewsarchiveError:
            return False
        return self.old.unchanged(self.root, rel, self.old.files[rel][0])

    def _remove(self, rel: str) -> None:
        path = self.root / rel
        path.unlink()
        for parent in path.parents:
            if parent == self.root or not parent.is_relative_to(self.root):
                break
            try:
                parent.rmdir()  # only succeeds when the folder is empty
            except OSError:
                break
