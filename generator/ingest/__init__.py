"""Import raw news pages (text dumps and saved HTML) into Markdown content files.

    import_paths([Path("inbox")], site)   # files or folders, recursively
    import_sources(site)                  # new or changed files in site/sources/

Each raw file becomes `content/YYYY/MM/<slug>.md`. Re-importing a file
updates the file it made before (found by `source_file`), never a duplicate;
a file edited by hand since is left alone unless `force`. Problems with one
file are reported as problems located at it, and the other files still import.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import Problem
from ..layout import CONTENT_DIR, IMPORT_STATE, SOURCES_DIR
from ..limits import MAX_RAW_BYTES, body_problem, megabytes
from ..permalinks import file_slug
from ..slugs import numbered, slug_or_hash
from ..urls import is_web_url
from . import writer
from .article import Extracted, IngestError
from .report import ImportReport

__all__ = ["ImportReport", "Origin", "extract", "front_matter", "import_paths", "import_sources"]

RAW_SUFFIXES = (".txt", ".html", ".htm")
# Said of a file the importer itself failed on: a bug to fix, never a verdict on the file.
INTERNAL_ERROR = "the importer failed on this file (an internal error)"
# Fields the page does not give but a later import added (other outlets' copies): an update keeps them.
KEPT_ON_UPDATE = (writer.COPIES_KEY,)


def import_paths(paths: Sequence[Path], site: Path, *, force: bool = False) -> ImportReport:
    """Import files, and folders of .txt/.html/.htm files (recursively), into `site/content/`."""
    report = ImportReport()
    importer = _Importer(Path(site), force, report)
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for raw in _raw_files(path):
                importer.import_file(raw)
        elif not path.exists():
            report.errors.append(Problem(Path(importer.display(path)), "no such file or folder"))
        elif path.suffix.lower() not in RAW_SUFFIXES:
            report.errors.append(Problem(Path(importer.display(path)), "not a .txt, .html or .htm file"))
        else:
            importer.import_file(path)
    return report


def import_sources(site: Path) -> ImportReport:
    """Import new or changed raw files in `site/sources/`.

    Cheap when nothing changed: a file whose size and modification time match
    the state file is not read at all; one whose bytes hash the same is not
    parsed. Errors are remembered per file content and reported again without
    re-parsing, so every build still shows them.
    """
    site = Path(site)
    report = ImportReport()
    state_path = site / IMPORT_STATE
    state = _load_state(state_path)
    importer = _Importer(site, False, report)
    fresh: dict[str, dict[str, Any]] = {}
    folder = site / SOURCES_DIR
    base = _posix(folder, site)
    for rel, found in _found_raw(folder):
        try:
            stat = found.stat()
        except OSError:
            continue  # deleted while we looked
        # Keys are resolved paths; only a linked file can resolve elsewhere than where it was found.
        key = _posix(Path(found.path), site) if found.is_symlink() else f"{base}/{rel}"
        entry = state.get(key, {})
        if entry.get("size") == stat.st_size and entry.get("mtime_ns") == stat.st_mtime_ns:
            fresh[key] = entry
            _replay(key, entry, site, report)
            continue
        raw = Path(found.path)
        digest = _sha256(raw)
        if entry.get("sha256") == digest:
            fresh[key] = {**entry, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
            _replay(key, entry, site, report)
            continue
        errors_before = len(report.errors)
        content = importer.import_file(raw)
        fresh[key] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}
        if content is not None:
            fresh[key]["content"] = _posix(content, site)
        if len(report.errors) > errors_before:
            fresh[key]["problem"] = report.errors[-1].message
    if fresh != state:
        state_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(state_path, (json.dumps(fresh, indent=1, sort_keys=True) + "\n").encode())
    return report


def remember_sources(site: Path, imported: Sequence[tuple[Path, Path]]) -> None:
    """Record raw files just saved in sources/ with their content files, so the next build does not re-import them."""
    if not imported:
        return
    state_path = site / IMPORT_STATE
    state = _load_state(state_path)
    for raw, content in imported:
        stat = raw.stat()
        fingerprint = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": _sha256(raw)}
        state[_posix(raw, site)] = {**fingerprint, "content": _posix(content, site)}
    state_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(state_path, (json.dumps(state, indent=1, sort_keys=True) + "\n").encode())


def _sha256(raw: Path) -> str:
    with raw.open("rb") as handle:  # streamed: a huge file costs no memory here
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _replay(key: str, entry: dict[str, Any], site: Path, report: ImportReport) -> None:
    if "problem" in entry:
        report.errors.append(Problem(Path(key), entry["problem"]))
    elif "content" in entry:
        report.unchanged.append(site / entry["content"])


def _load_state(path: Path) -> dict[str, dict[str, Any]]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no state (or a damaged one) only costs one full import
    if not isinstance(state, dict):
        return {}
    # An older importer kept an error as one "file: message" string: such a file is imported again.
    return {key: entry for key, entry in state.items() if "error" not in entry}


def _raw_files(folder: Path) -> list[Path]:
    return [Path(entry.path) for _, entry in _found_raw(folder)]


def _found_raw(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Every raw file below `folder`, with its path relative to it, in path order; linked folders are not entered.

    One scandir pass, strings until the end: at 10,000 raw files, Path.rglob with a stat and a resolve a file
    took seconds of every build.
    """
    found: list[tuple[str, os.DirEntry[str]]] = []
    if folder.is_dir():
        _walk_raw(os.fspath(folder), "", found)
    found.sort(key=lambda item: item[0].split("/"))  # the order of Path objects: part by part
    return found


def _walk_raw(folder: str, rel: str, found: list[tuple[str, os.DirEntry[str]]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # removed or unreadable while we looked
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _walk_raw(entry.path, f"{rel}{entry.name}/", found)
        elif _is_raw_name(entry.name) and entry.is_file():
            found.append((rel + entry.name, entry))


def _is_raw_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in RAW_SUFFIXES


def _posix(path: Path, site: Path) -> str:
    return Path(os.path.relpath(path.resolve(), site.resolve())).as_posix()


def extract(text: str, as_html: bool, saved: datetime | None = None) -> Extracted:
    """The article in a page's text. Raises IngestError when there is none, or it is too big.

    `saved`: when the page was saved (aware), for the dates a text dump shows relative to it."""
    if as_html:
        from .html import parse_html  # trafilatura takes a while to import; most builds never need it

        extracted = parse_html(text)
    else:
        from .text import parse_text

        extracted = parse_text(text, saved)
    problem = body_problem(extracted.body)
    if problem:
        raise IngestError(f"the article found is too big to publish: {problem[0]}")
    return extracted


@dataclass(frozen=True, slots=True)
class Origin:
    """What the importer knows of a page beyond its text: where and when it was saved."""

    fallback: date  # the date when the page states none
    fallback_is: str  # what that date is, for the warning: "the file's modification time"
    source_url: str = ""  # the address it was fetched or captured from; wins over the page's own
    tags: tuple[str, ...] = ()  # the person's own (bookmark folders, read-later tags)


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html"))


class _Importer:
    """One import run: the content index is built once, on first need."""

    def __init__(self, site: Path, force: bool, report: ImportReport) -> None:
        self.site = site
        self.content = site / CONTENT_DIR
        self.force = force
        self.report = report
        self._index: dict[str, Path] | None = None

    def display(self, path: Path) -> str:
        """The raw file as messages name it: relative to the site when inside it."""
        name = _posix(path, self.site)
        return name if not name.startswith("../") else str(path)

    @property
    def index(self) -> dict[str, Path]:
        """source_file -> content file, for every content file that names one."""
        if self._index is None:
            self._index = {}
            for path in sorted(self.content.rglob("*.md")) if self.content.is_dir() else []:
                text = path.read_text(encoding="utf-8", errors="replace")
                if "source_file:" not in text:
                    continue
                parsed = writer.split(text)
                if parsed and isinstance(parsed[0].get("source_file"), str):
                    self._index.setdefault(parsed[0]["source_file"], path)
        return self._index

    def import_file(self, raw: Path) -> Path | None:
        """Import one raw file; returns its content file, or None on error."""
        name = Path(self.display(raw))
        try:
            size = raw.stat().st_size
            if size > MAX_RAW_BYTES:
                limit = megabytes(MAX_RAW_BYTES)
                raise IngestError(f"the file is {megabytes(size)}; the importer reads files up to {limit} (the limit)")
            from .decode import decode

            text = decode(raw.read_bytes())
            saved = datetime.fromtimestamp(raw.stat().st_mtime).astimezone()
            extracted = extract(text, _looks_like_html(raw, text), saved)
            modified = Origin(saved.date(), "the file's modification time")
        except IngestError as error:
            self.report.errors.append(error.problem(name))
            return None
        except OSError as error:
            self.report.errors.append(Problem(name, f"cannot read ({error.strerror or error})"))
            return None
        except Exception as error:  # a bug on odd input must not stop the other files, nor pass for bad input
            message = f"{INTERNAL_ERROR} ({type(error).__name__}: {error}); please report it with this file"
            self.report.errors.append(Problem(name, message))
            return None
        return self.save(extracted, _posix(raw, self.site), name, modified)

    def save(self, extracted: Extracted, source_file: str, name: Path | str, origin: Origin) -> Path:
        """Write (or update) the content file of `source_file`; returns it. `name` is how problems name the page."""
        existing = self.index.get(source_file)
        old_text = existing.read_text(encoding="utf-8") if existing and existing.is_file() else None
        if old_text is not None and not self.force and not writer.is_untouched(old_text):
            self.report.kept_edited.append(existing)
            return existing
        old_meta = (writer.split(old_text) or ({}, ""))[0] if old_text else {}
        old_tags = old_meta.get("tags") if isinstance(old_meta.get("tags"), list) else []
        meta = front_matter(extracted, source_file, [*old_tags, *origin.tags], origin.source_url)
        for key in KEPT_ON_UPDATE:
            if key in old_meta:
                meta[key] = old_meta[key]
        if extracted.date is None:
            meta["date"] = origin.fallback
            meta["date_inferred"] = True
            message = f"no date found; using {origin.fallback_is} (date_inferred: true)"
            self.report.warnings.append(Problem(name, message))
        target = existing if existing and old_text is not None else self._new_path(meta["date"], extracted.title)
        new_text = writer.render(meta, extracted.body)
        if new_text == old_text:
            self.report.unchanged.append(target)
        else:
            write_atomic(target, new_text.encode())
            (self.report.updated if existing else self.report.imported).append(target)
        self.index[source_file] = target
        return target

    def _new_path(self, when: date, title: str) -> Path:
        """content/YYYY/MM/<slug>.md, with -2, -3… when a file in that folder already gives that slug.

        The file's name is the article's URL from then on, so it must not be one a sibling
        (`Talks.md`, `talks/index.md`) claims too."""
        folder = self.content / f"{when.year:04d}" / f"{when.month:02d}"
        slug = slug_or_hash(title, "article")
        written = [path for path in self.index.values() if path.parent == folder]  # this run's, not yet on disk
        taken = {file_slug(path) for path in [*folder.glob("*.md"), *folder.glob("*/index.md"), *written]}
        candidate, number = slug, 2
        while candidate in taken:
            candidate, number = numbered(slug, number), number + 1
        return folder / f"{candidate}.md"


def _display_section(section: str) -> str:
    """A shouted "WORLD" or a bare "news" as a reader expects a section label: "World", "News"."""
    return section.title() if section.islower() or (section.isupper() and len(section) > 3) else section


def front_matter(article: Extracted, source_file: str, old_tags: list[Any], source_url: str) -> dict[str, Any]:
    """The fields of the article's content file, in the order a person reads them; empty ones left out."""
    existing = [str(tag) for tag in old_tags]
    source_url = source_url or article.source_url
    section = _display_section(article.section)
    from .tags import derive_tags, merge_tags

    tags = merge_tags(existing, derive_tags(section, article.agency, article.title, article.subtitle, article.lead))
    # Only http(s) addresses are kept: a relative canonical link or a javascript: one would mislead or run.
    links = [{"title": link.title, **({"url": link.url} if is_web_url(link.url) else {})} for link in article.links]
    fields: Iterable[tuple[str, Any]] = (
        ("title", article.title),
        ("subtitle", article.subtitle),
        ("date", article.date),
        ("updated", article.updated),
        ("section", section),
        ("agency", article.agency),
        ("byline", article.byline),
        ("tags", tags),
        ("image_caption", article.image_caption),
        ("summary", article.summary),
        ("links", links),
        ("source_file", source_file),
        ("source_url", source_url if is_web_url(source_url) else ""),
    )
    return {key: value for key, value in fields if value not in (None, "", [])}
