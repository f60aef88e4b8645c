"""Load `content/**/*.md` (YAML front matter + Markdown body) into Articles.

Every problem becomes a ContentError naming the file, the line and the field,
so the build can skip that one file and go on with the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from generator.chars import NOT_XML, without_unsafe
from generator.errors import ContentError, Problem, Report
from generator.fields import Fields, Warn, aliases, copies, links, show, tags, term, web_url
from generator.frontmatter import parse_front_matter, split_front_matter
from generator.limits import MAX_CONTENT_BYTES, body_problem, megabytes
from generator.markup import body_key, lead_text, reading_minutes
from generator.model import Article
from generator.permalinks import file_slug
from generator.scan import Scan
from generator.slugs import slugify

# Bodies read before they are handed on to be rendered (ContentLoader.load), which goes on while they render:
# a few batches for each worker (parallel.BATCH), so that none waits long and little Markdown is held at once.
FLUSH_BODIES = 500
TEXT_FIELDS = (
    "subtitle", "summary", "section", "agency", "byline", "image_caption", "slug",
    "source_file", "source_url", "import_digest",
)  # fmt: skip
KNOWN_FIELDS = {
    "title", "date", "updated", "tags", "links", "aliases", "also_published", "draft", "date_inferred",
    *TEXT_FIELDS,
}  # fmt: skip
# Old names of fields, still read: a file may use one or the other, not both.
FIELD_ALIASES = {"source": "agency", "related": "links"}


def strip_control(text: str, warn: Warn) -> str:
    """The file's text without control characters (stray bytes of copy and paste), with a warning."""
    found = NOT_XML.search(text)
    if found is None:
        return text
    line = text.count("\n", 0, found.start()) + 1
    warn(f"control character U+{ord(found.group()):04X} removed (web pages and feeds cannot hold it)", line)
    return without_unsafe(text)


def parse_article(text: str, path: Path, tz: tzinfo, warn: Warn, sanitize: bool = True) -> tuple[Article, str]:
    """Turn one content file's text into an Article and its Markdown body; raises ContentError.

    `sanitize` is the site's `sanitize_html`: it is part of the body's cache key.
    """
    front, body, body_line = split_front_matter(strip_control(text, warn), path)
    problem = body_problem(body)
    if problem:
        message, line = problem
        raise ContentError(path, message, body_line + line - 1)
    f = _fields(front, path, tz, warn)
    title = f.text("title", required=True)
    article_date = f.datetime("date", required=True)
    assert article_date is not None
    article = Article(
        title=title,
        date=article_date,
        slug=slugify(f.text("slug")) or file_slug(path),
        source_path=path,
        updated=f.datetime("updated"),
        subtitle=f.text("subtitle"),
        summary=f.text("summary"),
        lead=lead_text(body),
        section=term(f.text("section")),
        agency=term(f.text("agency")),
        byline=f.text("byline"),
        tags=tags(f),
        image_caption=f.text("image_caption"),
        links=links(f, warn),
        aliases=aliases(f),
        also_published=copies(f, warn),
        source_url=web_url(f, "source_url", f.text("source_url"), warn),
        source_file=f.text("source_file"),
        date_inferred=f.flag("date_inferred"),
        draft=f.flag("draft"),
        body_key=body_key(body, sanitize),
        reading_minutes=reading_minutes(body),
    )
    return article, body


def _fields(front: str, path: Path, tz: tzinfo, warn: Warn) -> Fields:
    """The front matter's fields, old names read as the new ones; an unknown field is warned about."""
    data, lines = parse_front_matter(front, path)
    for key in data:
        if key not in KNOWN_FIELDS and key not in FIELD_ALIASES:
            known = ", ".join(sorted(KNOWN_FIELDS))
            name = key if isinstance(key, str) else show(key)
            warn(f"{name}: unknown field, ignored (known: {known})", lines.get(key, 2))
    return Fields(data, lines, path, tz, FIELD_ALIASES)


def decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise ContentError(path, f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line) from exc


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One content file as last read: its stat key, and the article or what was wrong."""

    stat: tuple[int, int]  # (size, mtime_ns)
    article: Article | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    digest: str = ""  # of the bytes read (see `bytes_digest`); "" when they could not be read


def bytes_digest(raw: bytes) -> str:
    """What tells a file's bytes from others when its stat key cannot (see Builder._same_inputs)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def load_file(path: Path, display: Path, tz: tzinfo, sanitize: bool = True) -> tuple[LoadedFile, str]:
    """Load one content file, recording (not raising) what is wrong with it; and its Markdown body ("" if none)."""
    warnings: list[Problem] = []

    def warn(message: str, line: int) -> None:
        warnings.append(Problem(display, message, line))

    stat, digest = (0, 0), ""
    try:
        st = path.stat()
        stat = (st.st_size, st.st_mtime_ns)
        if st.st_size > MAX_CONTENT_BYTES:
            limit = megabytes(MAX_CONTENT_BYTES)
            size = megabytes(st.st_size)
            raise ContentError(display, f"the file is {size}; content files may be {limit} at most (the limit)")
        raw = path.read_bytes()
        digest = bytes_digest(raw)
        article, body = parse_article(decode(raw, display), display, tz, warn, sanitize)
        return LoadedFile(stat, article, (), tuple(warnings), digest), body
    except ContentError as exc:
        return LoadedFile(stat, None, (exc.problem,), tuple(warnings), digest), ""
    except OSError as exc:
        return LoadedFile((0, 0), None, (Problem(display, f"cannot read: {exc.strerror}"),)), ""


class ContentLoader:
    """Loads `content/`, re-reading only files whose size or modification time changed.

    `files` maps each path (relative to the site, POSIX) to what was loaded from
    it; it is kept between builds, and in the build cache between runs. `bodies`
    holds the Markdown of the files the last load read, by body key: only those
    can have bodies the cache does not hold yet.
    """

    def __init__(self, files: dict[str, LoadedFile] | None = None) -> None:
        self.files = files or {}
        self.bodies: dict[str, str] = {}

    def load(
        self, site_dir: Path, scan: Scan, tz: tzinfo, report: Report, trusted_before_ns: int = 0, sanitize: bool = True,
        drafts: bool = False, flush: Callable[[dict[str, str]], None] = lambda bodies: None,
    ) -> list[Article]:  # fmt: skip
        """All published articles; drafts (unless `drafts`) and broken files are left out, their problems reported.

        Every FLUSH_BODIES bodies read, `flush` is given them, and `bodies` forgets them: a first build of a
        million articles would otherwise hold all their Markdown at once (gigabytes).

        A file whose size and mtime are unchanged is not read again, unless its
        mtime is at or after `trusted_before_ns`: file systems keep coarse
        times, so a second save soon after the last look may not change them.
        """
        fresh: dict[str, LoadedFile] = {}
        self.bodies = {}
        articles = []
        for key, stat in scan:
            known = self.files.get(key)
            if known is None or known.stat != stat or stat[1] >= trusted_before_ns:
                known, body = load_file(site_dir / key, Path(key), tz, sanitize)
                if known.article:
                    self.bodies[known.article.body_key] = body
                    if len(self.bodies) >= FLUSH_BODIES:
                        flush(self.bodies)
                        self.bodies = {}
            fresh[key] = known
            report.errors.extend(known.errors)
            report.warnings.extend(known.warnings)
            if known.article and (drafts or not known.article.draft):
                articles.append(known.article)
        self.files = fresh
        return articles

    def body(self, site_dir: Path, article: Article, tz: tzinfo, sanitize: bool = True) -> str:
        """The Markdown body of a loaded article: as the last load read it, or read again for a record
        kept from an earlier one (an article a URL clash had left out, say). A file changed since is
        loaded again by the next build, which sees its new stat."""
        if article.body_key not in self.bodies:
            path = article.source_path
            self.bodies[article.body_key] = load_file(site_dir / path, path, tz, sanitize)[1]
        return self.bodies[article.body_key]
