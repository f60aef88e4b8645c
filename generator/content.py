"""Load `content/**/*.md` (YAML front matter + Markdown body) into Articles.

Every problem becomes a ContentError naming the file, the line and the field,
so the build can skip that one file and go on with the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Problem, Report
from generator.markup import body_key, reading_minutes
from generator.model import Article, Link, Term
from generator.slugs import slug_or_hash, slugify

CONTENT_DIR = "content"

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_DATE_HINT = "write 2025-12-04 or 2025-12-04T10:00:00+03:00"
TEXT_FIELDS = (
    "subtitle", "summary", "section", "source", "byline", "image_caption", "slug",
    "source_file", "source_url", "import_digest",
)  # fmt: skip
KNOWN_FIELDS = {"title", "date", "updated", "tags", "related", "draft", "date_inferred", *TEXT_FIELDS}
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    if not _FENCE.match(text):
        raise ContentError(path, "no front matter: the file must start with a '---' line", 1)
    end = _FENCE.search(text, 4)
    if end is None:
        raise ContentError(path, "front matter is not closed: add a '---' line after it", 1)
    front = text[text.index("\n") + 1 : end.start()]
    body_line = text.count("\n", 0, end.end()) + 2
    return front, text[end.end() :].lstrip("\n"), body_line


def parse_front_matter(front: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML, returning the mapping and the file line of each top-level key."""
    try:
        loader = _Loader(front)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        raise ContentError(path, f"invalid YAML: {exc.problem or exc.context}", line) from exc
    except yaml.YAMLError as exc:
        raise ContentError(path, f"invalid YAML: {exc}", 2) from exc
    if not isinstance(data, dict):
        raise ContentError(path, "front matter must be a mapping of 'field: value' lines", 2)
    lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value} if node is not None else {}
    return data, lines


class _Fields:
    """Typed access to front-matter values, raising errors that point at the line."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int], path: Path, tz: tzinfo) -> None:
        self.data, self.lines, self.path, self.tz = data, lines, path, tz

    def fail(self, key: str, message: str) -> ContentError:
        return ContentError(self.path, f"{key}: {message}", self.lines.get(key, 2))

    def text(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ContentError(self.path, f"{key}: missing (every article needs a {key})", 2)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | date):
            raise self.fail(key, f"{value!r} is not text (put it in quotes)")
        result = str(value).strip()
        if required and not result:
            raise self.fail(key, "is empty")
        return result

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, f"{value!r} is not true or false")
        return value

    def datetime(self, key: str, required: bool = False) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ContentError(self.path, f"{key}: missing (every article needs a {key}; {_DATE_HINT})", 2)
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                raise self.fail(key, f"{value!r} is not a date ({_DATE_HINT})") from None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=self.tz)
        if isinstance(value, date):
            return datetime.combine(value, time(), self.tz)
        raise self.fail(key, f"{value!r} is not a date ({_DATE_HINT})")

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, like [{key[:-1]} one, {key[:-1]} two]")
        return value


def _term(name: str) -> Term | None:
    return Term(name, slug_or_hash(name, "t")) if name else None


def _tags(fields: _Fields) -> tuple[Term, ...]:
    tags: dict[str, Term] = {}
    for item in fields.items("tags"):
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise fields.fail("tags", f"{item!r} is not a tag name")
        term = _term(str(item).strip())
        if term and term.slug not in tags:
            tags[term.slug] = term
    return tuple(tags.values())


def _related(fields: _Fields) -> tuple[Link, ...]:
    links = []
    for item in fields.items("related"):
        if isinstance(item, str):
            links.append(Link(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            url = item.get("url") or ""
            if not isinstance(url, str):
                raise fields.fail("related", f"url {url!r} is not text")
            links.append(Link(item["title"].strip(), url.strip()))
        else:
            raise fields.fail("related", f"{item!r} is not a link (write '- title: ...' and 'url: ...')")
    return tuple(links)


def parse_article(text: str, path: Path, tz: tzinfo, warn: Callable[[str, int], None]) -> Article:
    """Turn one content file's text into an Article; raises ContentError."""
    front, body, _ = split_front_matter(text, path)
    data, lines = parse_front_matter(front, path)
    for key in data:
        if key not in KNOWN_FIELDS:
            warn(f"{key}: unknown field, ignored (known: {', '.join(sorted(KNOWN_FIELDS))})", lines.get(key, 2))
    f = _Fields(data, lines, path, tz)
    title = f.text("title", required=True)
    article_date = f.datetime("date", required=True)
    assert article_date is not None
    return Article(
        title=title,
        date=article_date,
        slug=slugify(f.text("slug")) or slug_or_hash(title, "article"),
        body=body,
        source_path=path,
        updated=f.datetime("updated"),
        subtitle=f.text("subtitle"),
        summary=f.text("summary"),
        section=_term(f.text("section")),
        source=_term(f.text("source")),
        byline=f.text("byline"),
        tags=_tags(f),
        image_caption=f.text("image_caption"),
        related=_related(f),
        source_url=f.text("source_url"),
        source_file=f.text("source_file"),
        date_inferred=f.flag("date_inferred"),
        draft=f.flag("draft"),
        body_key=body_key(body),
        reading_minutes=reading_minutes(body),
    )


def decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise ContentError(path, f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line) from exc


def content_files(content_dir: Path, report: Report) -> Iterator[Path]:
    """Every `.md` file below content/, skipping links that lead outside it."""
    root = content_dir.resolve()
    for path in sorted(content_dir.rglob("*.md")):
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            report.warn(path, "symbolic link to a file outside content/, not followed")
            continue
        if path.is_file():
            yield path


@dataclass(frozen=True)
class LoadedFile:
    """One content file as last read: its stat key, and the article or what was wrong."""

    stat: tuple[int, int]  # (size, mtime_ns)
    article: Article | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def load_file(path: Path, display: Path, tz: tzinfo) -> LoadedFile:
    """Load one content file, recording (not raising) what is wrong with it."""
    warnings: list[Problem] = []
    try:
        st = path.stat()
        stat = (st.st_size, st.st_mtime_ns)
        text = decode(path.read_bytes(), display)
        article = parse_article(text, display, tz, lambda m, n: warnings.append(Problem(display, m, n)))
        return LoadedFile(stat, article, (), tuple(warnings))
    except ContentError as exc:
        return LoadedFile(stat, None, (exc.problem,), tuple(warnings))
    except OSError as exc:
        return LoadedFile((0, 0), None, (Problem(display, f"cannot read: {exc.strerror}"),))


Scan = list[tuple[Path, tuple[int, int]]]  # content files with their (size, mtime_ns)


def scan_content(site: Path, report: Report) -> Scan:
    """Every content file with its stat key: cheap, and enough to tell what changed."""
    found = []
    for path in content_files(site / CONTENT_DIR, report):
        try:
            st = path.stat()
        except OSError:
            continue  # deleted while we looked
        found.append((path, (st.st_size, st.st_mtime_ns)))
    return found


class ContentLoader:
    """Loads `content/`, re-reading only files whose size or modification time changed.

    `files` maps each path (relative to the site, POSIX) to what was loaded from
    it; it is kept between builds, and in the build cache between runs.
    """

    def __init__(self, files: dict[str, LoadedFile] | None = None) -> None:
        self.files = files or {}

    def load(self, site: Path, scan: Scan, tz: tzinfo, report: Report, trusted_before_ns: int = 0) -> list[Article]:
        """All published articles; drafts and broken files are left out, their problems reported.

        A file whose size and mtime are unchanged is not read again, unless its
        mtime is at or after `trusted_before_ns`: file systems keep coarse
        times, so a second save soon after the last look may not change them.
        """
        fresh: dict[str, LoadedFile] = {}
        articles = []
        for path, stat in scan:
            display = path.relative_to(site)
            key = display.as_posix()
            known = self.files.get(key)
            if known is None or known.stat != stat or stat[1] >= trusted_before_ns:
                known = load_file(path, display, tz)
            fresh[key] = known
            report.errors.extend(known.errors)
            report.warnings.extend(known.warnings)
            if known.article and not known.article.draft:
                articles.append(known.article)
        self.files = fresh
        return articles


def load_content(site: Path, tz: tzinfo, report: Report) -> list[Article]:
    """All published articles of a site, read from scratch."""
    return ContentLoader().load(site, scan_content(site, report), tz, report)
