"""The scan: what a build will read, found cheaply (stat calls, no parsing of content), and one
signature of all of it, so a build of a site that has not changed can stop here."""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import orjson

from generator import __version__
from generator.config import CONFIG_FILE, SiteConfig, load_config
from generator.errors import Report
from generator.layout import CONTENT_DIR, STATIC_DIR
from generator.theme import template_dirs

RACY_NS = 2_000_000_000
_name = attrgetter("name")

Scan = list[tuple[str, tuple[int, int]]]  # content files (POSIX paths relative to the site) and (size, mtime_ns)


@dataclass(frozen=True)
class Inputs:
    """A site's settings and the files a build of it reads."""

    config: SiteConfig
    content: Scan  # content files with their stat keys
    template_dirs: list[Path]
    static: dict[str, Path]  # output path -> the file copied there
    scanned_at: int  # time.time_ns() when the content files were looked at
    setup: str  # equal setups mean equal inputs but for content files
    signature: str  # equal signatures mean equal inputs


def scan_inputs(site_dir: Path, output: Path, drafts: bool, report: Report) -> Inputs:
    """Read site.toml and look at every input; problems with content files go to `report`."""
    config = load_config(site_dir)
    dirs = template_dirs(site_dir)
    static = static_files(site_dir, dirs)
    scanned_at = time.time_ns()
    content = scan_content(site_dir, report)
    setup = setup_signature(site_dir, dirs, static, output) + "+drafts" * drafts
    # marshal, not pickle: ten times faster over a million entries, and stable for one Python version.
    signature = hashlib.blake2b(marshal.dumps([setup, content]), digest_size=16).hexdigest()
    return Inputs(config, content, dirs, static, scanned_at, setup, signature)


def trusted_before(last_scan_ns: int) -> int:
    """Stat keys of files changed closer than RACY_NS to the last scan cannot prove them unchanged: a
    second save within the file system's time resolution keeps the mtime (as in git's "racy" check)."""
    return last_scan_ns - RACY_NS


def scan_content(site_dir: Path, report: Report) -> Scan:
    """Every `.md` file below content/ with its stat key, in path order, skipping links that lead outside.

    Linked folders are never entered: one leading outside is reported, and one
    leading inside content/ would only show the same files twice. One scandir
    pass, then one stat a file by path, and strings, not Path objects: at a
    million files 4.1 s, where DirEntry.stat during the walk took 5.3-6.9 s,
    and still most of what a build after one edit costs.
    """
    folder = site_dir / CONTENT_DIR
    if not folder.is_dir():
        return []
    keys: list[str] = []
    paths: list[str] = []
    _list_folder(os.fspath(folder), f"{CONTENT_DIR}/", folder.resolve(), report, keys, paths)
    stats = _stat_keys(paths)
    return [(key, found) for key, found in zip(keys, stats, strict=True) if found is not None]


def by_folder(content: Scan) -> dict[str, Scan]:
    """The content files right in each folder (its path relative to the site), in scan order."""
    found: dict[str, Scan] = defaultdict(list)
    for entry in content:
        found[entry[0].rpartition("/")[0]].append(entry)
    return found


def folder_digest(files: Scan) -> str:
    """Equal digests mean the same files, of the same stat keys, in the same (path) order: a build from the
    stored plan reads the stat keys of the files of a folder only when its digest changed (reopen.py). JSON, not
    marshal: marshal's bytes depend on which objects are shared, not only on their values."""
    return hashlib.blake2b(orjson.dumps(files), digest_size=16).hexdigest()


def folder_digests(stats: Mapping[str, tuple[int, int]]) -> dict[str, str]:
    """The digest of each folder's files, of the stat keys `stats` holds for them."""
    return {folder: folder_digest(files) for folder, files in by_folder(sorted(stats.items())).items()}


def _list_folder(folder: str, prefix: str, root: Path, report: Report, keys: list[str], paths: list[str]) -> None:
    """Each folder's entries by name, a folder's files before the next entry: the order of Path objects.
    `prefix` is the folder's path relative to the site, with a closing slash."""
    try:
        entries = sorted(os.scandir(folder), key=_name)
    except OSError:
        return  # removed or unreadable while we looked
    for entry in entries:  # the common case first
        name = entry.name
        if entry.is_file(follow_symlinks=False):
            if name.endswith(".md"):
                keys.append(prefix + name)
                paths.append(entry.path)
        elif entry.is_dir(follow_symlinks=False):
            _list_folder(entry.path, f"{prefix}{name}/", root, report, keys, paths)
        elif entry.is_symlink():
            is_dir = entry.is_dir()
            if (is_dir or name.endswith(".md")) and not _inside(Path(entry.path), root):
                kind = "folder" if is_dir else "file"
                report.warn(Path(entry.path), f"symbolic link to a {kind} outside content/, not followed")
            elif not is_dir and name.endswith(".md"):
                keys.append(prefix + name)
                paths.append(entry.path)  # stat follows the link; a broken one is skipped as deleted


def _stat_keys(paths: list[str]) -> list[tuple[int, int] | None]:
    """(size, mtime_ns) of each file; None for one gone since it was listed, or not a file."""
    found: list[tuple[int, int] | None] = []
    append = found.append
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            append(None)
            continue
        append((st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None)
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def static_files(site_dir: Path, dirs: list[Path]) -> dict[str, Path]:
    """Files to copy to output/static/: the site's static/ wins over the theme's."""
    found: dict[str, Path] = {}
    for folder in [site_dir / STATIC_DIR] + [d / STATIC_DIR for d in dirs]:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found.setdefault(f"{STATIC_DIR}/{path.relative_to(folder).as_posix()}", path)
    return found


def setup_signature(site_dir: Path, dirs: list[Path], static: dict[str, Path], output: Path) -> str:
    """A hash of everything a build reads but the content files."""
    config = site_dir / CONFIG_FILE
    parts: list[object] = [__version__, str(output.resolve()), config.read_bytes() if config.exists() else b""]
    for path in [*(t for d in dirs for t in sorted(d.rglob("*.html"))), *static.values()]:
        st = path.stat()
        parts.append((path.as_posix(), st.st_size, st.st_mtime_ns))
    return hashlib.blake2b(marshal.dumps(parts), digest_size=16).hexdigest()
