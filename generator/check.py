"""`newsarchive check`: every internal link and asset of a built site leads to a file.

Each HTML page under output/ is read and every address in it (`href`, `src`,
`srcset`, `action`, `poster`) is resolved the way a browser on a static host
resolves it: relative to the page, a folder meaning its index.html. Addresses
on other hosts, `mailto:` and the like, and same-page `#fragments` are not the
site's and are skipped; absolute addresses under the site's `base_url`
(canonical links, for one) and root-relative ones are checked against output/.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

from generator.errors import NewsarchiveError
from generator.model import Article

URL_ATTRIBUTES = ("href", "src", "action", "poster", "xlink:href")


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A link on `page` (its path inside output/) that leads to no file."""

    page: str
    link: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}"


@dataclass(frozen=True, slots=True)
class CheckResult:
    pages: int
    broken: list[BrokenLink]


def page_links(html: bytes) -> Iterator[str]:
    """Every address in an HTML document, in document order; srcset lists give one per image."""
    tree = lxml.html.document_fromstring(html)
    for element in tree.iter(lxml.etree.Element):
        for name in URL_ATTRIBUTES:
            if value := element.get(name):
                yield value.strip()
        if srcset := element.get("srcset"):
            for candidate in srcset.split(","):
                if candidate.strip():
                    yield candidate.split()[0]


def target_path(link: str, page: str, base_url: str) -> str | None:
    """The output path `link` on `page` leads to; None when the link is not the site's.

    The result may name a folder (its index.html is meant; "." is output/ itself)
    or start with "../" (the link leaves output/, which is broken too).
    """
    parts = urlsplit(link)
    base = urlsplit(base_url)
    if (parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None  # another host, or mailto:, data: and the like
    path = unquote(parts.path)
    if not path:
        return None  # "#top" or "?q=x": this very page
    if path.startswith("/"):
        root = base.path.rstrip("/") + "/"
        if not path.startswith(root):
            return "../" + path.lstrip("/")  # on this host, but outside the site
        path = path[len(root) :]
    else:
        path = posixpath.join(posixpath.dirname(page), path)
    return posixpath.normpath(path or ".")


def resolves(target: str, files: set[str]) -> bool:
    """Is `target` (from `target_path`) a file of the site, or a folder with an index.html?"""
    if target == ".." or target.startswith("../"):
        return False
    return target in files or posixpath.join(target, "index.html").removeprefix("./") in files


def check_site(output: Path, base_url: str = "") -> CheckResult:
    """Every link on every HTML page of `output` that leads to no file, in page order."""
    if not output.is_dir():
        raise NewsarchiveError(f"{output} is not a folder; build the site first")
    files = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    pages = sorted(f for f in files if f.endswith(".html"))
    broken = []
    for page in pages:
        seen = set()
        for link in page_links((output / page).read_bytes()):
            target = target_path(link, page, base_url)
            if target is not None and link not in seen and not resolves(target, files):
                seen.add(link)
                broken.append(BrokenLink(page, link))
    return CheckResult(len(pages), broken)


def estimated_dates(articles: list[Article]) -> list[Article]:
    """Articles whose date is the raw file's time (`date_inferred: true`): no date was found on import."""
    return sorted((a for a in articles if a.date_inferred), key=lambda a: a.source_path.as_posix())
