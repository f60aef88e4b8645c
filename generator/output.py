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
        entry = self.files.get(rel)
        if not entry or entry[0] != data_digest:
            return False
        try:
            st = (root / rel).stat()
        except OSError:
            return False
        return [st.st_size, st.st_mtime_ns] == entry[1:]


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
        checked_path(rel)
        if rel in self.digests:
            raise NewsarchiveError(f"two pages want the same output file {rel!r}")
        d = digest(data)
        self.digests[rel] = d
        if self.old.unchanged(self.root, rel, d):
            self.new.files[rel] = self.old.files[rel]
            self.stats.unchanged += 1
            return
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.staged.append(rel)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self) -> WriteStats:
        self.root.mkdir(parents=True, exist_ok=True)
        for rel in self.staged:
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / rel, target)
            st = target.stat()
            self.new.files[rel] = [self.digests[rel], st.st_size, st.st_mtime_ns]
            self.stats.written += 1
            self.stats.changed.append(rel)
        for rel in sorted(set(self.old.files) - set(self.digests)):
            self._remove_stale(rel)
        self.abort()
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
