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
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.errors import NewsarchiveError

MANIFEST_VERSION = 1
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


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
        or any(part.split(".")[0].lower() in _WINDOWS_RESERVED for part in path.parts)
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
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps({"version": MANIFEST_VERSION, "files": self.files}, sort_keys=True).encode())

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


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: list[str] = field(default_factory=list)  # output paths written or removed


class OutputWriter:
    """Stage changed files, then commit them to output/ in one short step."""

    def __init__(self, root: Path, manifest_path: Path) -> None:
        self.root = root
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

    def intact(self) -> bool:
        """Is every file of the last build still there, unchanged?"""
        old = self.old
        return bool(old.files) and all(old.unchanged(self.root, rel, entry[0]) for rel, entry in old.files.items())

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self) -> WriteStats:
        """Move staged files into output/, remove stale ones, then save the manifest."""
        first = not self.old.files and not (self.root.is_dir() and any(self.root.iterdir()))
        if first and self.staging.is_dir():
            # Nothing to keep: the staging area is the whole site and can simply become output/.
            if self.root.is_dir():
                self.root.rmdir()
            self.root.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.root)
        for rel in self.staged:
            target = self.root / rel
            if not first:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / rel, target)
            st = target.stat()
            self.new.files[rel] = [self.digests[rel], st.st_size, st.st_mtime_ns]
            self.stats.written += 1
            self.stats.changed.append(rel)
        for rel in sorted(set(self.old.files) - set(self.digests)):
            self._remove_stale(rel)
        self.abort()
        self.root.mkdir(parents=True, exist_ok=True)
        self.new.write(self.manifest_path)
        return self.stats

    def _remove_stale(self, rel: str) -> None:
        """Remove a file the last build wrote, unless someone changed it since."""
        try:
            path = self.root / checked_path(rel)
            st = path.stat()
        except (OSError, NewsarchiveError):
            return
        if [st.st_size, st.st_mtime_ns] != self.old.files[rel][1:]:
            return
        path.unlink()
        self.stats.removed += 1
        self.stats.changed.append(rel)
        for parent in path.parents:
            if parent == self.root or not parent.is_relative_to(self.root):
                break
            try:
                parent.rmdir()  # only succeeds when the folder is empty
            except OSError:
                break
