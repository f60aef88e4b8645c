"""Load `content/**/*.md` (YAML front matter + Markdown body) into Articles.

Every problem becomes a ContentError naming the file, the line and the field,
so the build can skip that one file and go on with the rest.
"""

from __future__ import annotations

import os
import re
import reprlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

import yaml

from generator.chars import NOT_XML, without_unsafe
from generator.errors import ContentError, Problem, Report
from generator.limits import MAX_CONTENT_BYTES, MAX_TAGS, body_problem, megabytes
from generator.markup import body_key, reading_minutes
from generator.model import Article, Copy, Link, Term
from generator.permalinks import alias_urls, file_slug
from generator.slugs import slugify, term_slug
from generator.urls import is_web_url

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
KNOWN_FIELDS = {
    "title", "date", "updated", "tags", "related", "aliases", "also_published", "draft", "date_inferred",
    *TEXT_FIELDS,
}  # fmt: skip
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
Warn = Callable[[str, int], None]

# Values quoted in messages are cut short: an alias-built list can stand for billions of items.
_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxstring, _repr.maxother, _repr.maxlist, _repr.maxdict = 2, 80, 80, 6, 6


def _show(value: object) -> str:
    try:
        return _repr.repr(value)
    except ValueError:  # Python refuses to print integers of more than 4,300 digits
        return "a number too long to show"


def _as_text(value: str | int | float | date) -> str | None:
    """str(value), or None for an integer too long to print (a YAML hex number can hold thousands of digits)."""
    try:
        return str(value)
    except ValueError:
        return None


def strip_control(text: str, warn: Warn) -> str:
    """The file's text without control characters (stray bytes of copy and paste), with a warning."""
    found = NOT_XML.search(text)
    if found is None:
        return text
    line = text.count("\n", 0, found.start()) + 1
    warn(f"control character U+{ord(found.group()):04X} removed (web pages and feeds cannot hold it)", line)
    return without_unsafe(text)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    if not _FENCE.match(text):
        raise ContentError(path, "no front matter: the file must start with a '---' line", 1)
    end = _FENCE.search(text, 4)
    if end is None:
        raise ContentError(path, "front matter is not closed: add a '---' line after it", 1)
    front = text[text.index("\n") + 1 : end.start()]
    rest = text[end.end() :]
    body = rest.lstrip("\n")
    return front, body, text.count("\n", 0, end.end()) + 1 + len(rest) - len(body)


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
    except RecursionError as exc:
        raise ContentError(path, "invalid YAML: nested too deeply", 2) from exc
    except (ValueError, OverflowError, TypeError, AttributeError) as exc:
        # A well-formed scalar that is no value ("date: 2025-13-01"), or an explicit tag on the wrong
        # value ("!!timestamp 2025-13-45"): PyYAML's constructors fail with plain Python errors then.
        raise ContentError(path, f"invalid YAML value: {exc}", 2) from exc
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

    def plain(self, key: str, value: str) -> str:
        """`value`, refused if a YAML escape put a character in it that no page or feed can hold."""
        found = NOT_XML.search(value)
        if found:
            raise self.fail(key, f"contains the control character U+{ord(found.group()):04X}; remove it")
        return value

    def text(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ContentError(self.path, f"{key}: missing (every article needs a {key})", 2)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | date):
            raise self.fail(key, f"{_show(value)} is not text (put it in quotes)")
        text = _as_text(value)
        if text is None:
            raise self.fail(key, "is a number too long to be text (put it in quotes)")
        result = self.plain(key, text.strip())
        if required and not result:
            raise self.fail(key, "is empty")
        return result

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, f"{_show(value)} is not true or false")
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
                raise self.fail(key, f"{_show(value)} is not a date ({_DATE_HINT})") from None
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=self.tz)
        elif isinstance(value, date):
            moment = datetime.combine(value, time(), self.tz)
        else:
            raise self.fail(key, f"{_show(value)} is not a date ({_DATE_HINT})")
        try:  # the site shows dates in its time zone, and feeds in UTC: both must exist
            moment.astimezone(UTC), moment.astimezone(self.tz)
        except (OverflowError, ValueError):
            raise self.fail(key, f"'{value}' is out of the range of dates (years 1 to 9999)") from None
        return moment

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, like [{key[:-1]} one, {key[:-1]} two]")
        return value


def _term(name: str) -> Term | None:
    return Term(name, term_slug(name)) if name else None


def _tags(fields: _Fields) -> tuple[Term, ...]:
    items = fields.items("tags")
    if len(items) > MAX_TAGS:
        raise fields.fail("tags", f"{len(items):,} tags; an article may have at most {MAX_TAGS} (the limit)")
    tags: dict[str, Term] = {}
    for item in items:
        name = None if isinstance(item, bool) or not isinstance(item, str | int | float) else _as_text(item)
        if name is None:
            raise fields.fail("tags", f"{_show(item)} is not a tag name")
        term = _term(fields.plain("tags", name.strip()))
        if term and term.slug not in tags:
            tags[term.slug] = term
    return tuple(tags.values())


def _web_url(fields: _Fields, key: str, url: str, warn: Warn) -> str:
    """`url` if it is an http(s) address; anything else is dropped with a warning (never linked)."""
    if not url or is_web_url(url):
        return url
    warn(f"{key}: {url[:100]!r} dropped: only http:// and https:// addresses are linked", fields.lines.get(key, 2))
    return ""


def _related(fields: _Fields, warn: Warn) -> tuple[Link, ...]:
    links = []
    for item in fields.items("related"):
        if isinstance(item, str):
            links.append(Link(fields.plain("related", item.strip())))
        elif isinstance(item, dict) and isinstance(item.get("title"), str):
            url = item.get("url") or ""
            if not isinstance(url, str):
                raise fields.fail("related", f"url {_show(url)} is not text")
            url = _web_url(fields, "related", fields.plain("related", url.strip()), warn)
            links.append(Link(fields.plain("related", item["title"].strip()), url))
        else:
            raise fields.fail("related", f"{_show(item)} is not a link (write '- title: ...' and 'url: ...')")
    return tuple(links)


def _aliases(fields: _Fields) -> tuple[str, ...]:
    items = [fields.plain("aliases", i) if isinstance(i, str) else _show(i) for i in fields.items("aliases")]
    try:
        return alias_urls(items)
    except ValueError as exc:
        raise fields.fail("aliases", str(exc)) from None


def _copies(fields: _Fields, warn: Warn) -> tuple[Copy, ...]:
    """Other outlets' copies: `- source: ...`, `url: ...`, `date: ...` (written by the importer)."""
    copies = []
    line = fields.lines.get("also_published", 2)
    for item in fields.items("also_published"):
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise fields.fail("also_published", f"{_show(item)} is not a copy (write '- source: ...', 'url: ...')")
        copy = _Fields(item, dict.fromkeys(item, line), fields.path, fields.tz)
        url = _web_url(copy, "url", copy.text("url"), warn)
        copies.append(Copy(copy.text("source"), url, copy.datetime("date")))
    return tuple(copies)


def parse_article(text: str, path: Path, tz: tzinfo, warn: Warn, sanitize: bool = True) -> Article:
    """Turn one content file's text into an Article; raises ContentError.

    `sanitize` is the site's `sanitize_html`: it is part of the body's cache key.
    """
    front, body, body_line = split_front_matter(strip_control(text, warn), path)
    problem = body_problem(body)
    if problem:
        message, line = problem
        raise ContentError(path, message, body_line + line - 1)
    data, lines = parse_front_matter(front, path)
    for key in data:
        if key not in KNOWN_FIELDS:
            known = ", ".join(sorted(KNOWN_FIELDS))
            name = key if isinstance(key, str) else _show(key)
            warn(f"{name}: unknown field, ignored (known: {known})", lines.get(key, 2))
    f = _Fields(data, lines, path, tz)
    title = f.text("title", required=True)
    article_date = f.datetime("date", required=True)
    assert article_date is not None
    return Article(
        title=title,
        date=article_date,
        slug=slugify(f.text("slug")) or file_slug(path),
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
        related=_related(f, warn),
        aliases=_aliases(f),
        also_published=_copies(f, warn),
        source_url=_web_url(f, "source_url", f.text("source_url"), warn),
        source_file=f.text("source_file"),
        date_inferred=f.flag("date_inferred"),
        draft=f.flag("draft"),
        body_key=body_key(body, sanitize),
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
    """Every `.md` file below content/, skipping links that lead outside it.

    Linked folders are never entered: one leading outside is reported, and one
    leading inside content/ would only show the same files twice.
    """
    if not content_dir.is_dir():
        return
    root = content_dir.resolve()
    found = []
    for folder, dirs, files in os.walk(content_dir):
        for name in dirs:
            path = Path(folder, name)
            if path.is_symlink() and not _inside(path, root):
                report.warn(path, "symbolic link to a folder outside content/, not followed")
        found += [Path(folder, name) for name in files if name.endswith(".md")]
    for path in sorted(found):
        if path.is_symlink() and not _inside(path, root):
            report.warn(path, "symbolic link to a file outside content/, not followed")
        elif path.is_file():
            yield path


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


@dataclass(frozen=True)
class LoadedFile:
    """One content file as last read: its stat key, and the article or what was wrong."""

    stat: tuple[int, int]  # (size, mtime_ns)
    article: Article | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def load_file(path: Path, display: Path, tz: tzinfo, sanitize: bool = True) -> LoadedFile:
    """Load one content file, recording (not raising) what is wrong with it."""
    warnings: list[Problem] = []

    def warn(message: str, line: int) -> None:
        warnings.append(Problem(display, message, line))

    stat = (0, 0)
    try:
        st = path.stat()
        stat = (st.st_size, st.st_mtime_ns)
        if st.st_size > MAX_CONTENT_BYTES:
            limit = megabytes(MAX_CONTENT_BYTES)
            size = megabytes(st.st_size)
            raise ContentError(display, f"the file is {size}; content files may be {limit} at most (the limit)")
        text = decode(path.read_bytes(), display)
        article = parse_article(text, display, tz, warn, sanitize)
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

    def load(
        self, site: Path, scan: Scan, tz: tzinfo, report: Report, trusted_before_ns: int = 0, sanitize: bool = True,
        drafts: bool = False,
    ) -> list[Article]:  # fmt: skip
        """All published articles; drafts (unless `drafts`) and broken files are left out, their problems reported.

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
                known = load_file(path, display, tz, sanitize)
            fresh[key] = known
            report.errors.extend(known.errors)
            report.warnings.extend(known.warnings)
            if known.article and (drafts or not known.article.draft):
                articles.append(known.article)
        self.files = fresh
        return articles
