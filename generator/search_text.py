"""What search knows of one article page: its words, its title words, its filters, and its result card.

The article template marks what a reader searches: `data-search-body` on the
article, `data-search-ignore` on labels, dates and the footer inside it, and
`data-search-filter` on the elements that name its section, source, tags and
year (`"kind"` takes the element's text, `"kind:value"` the value). The
headline lists, related links and navigation are outside the marked article
and never read.

`terms` is the one tokenizer; templates/static/search.js repeats it for queries,
so the two must change together.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import lxml.html

# Output paths of article pages: /YYYY/MM/slug/.
ARTICLE_PATH = re.compile(r"(\d{4})/(\d{2})/[^/]+/index\.html")
EXCERPT_CHARS = 180
MAX_TERM = 40  # longer "words" are URLs or noise, and no one types them
_WORD = re.compile(r"[^\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass
class Document:
    """One article as search sees it."""

    url: str  # output path, e.g. 2025/12/talks/index.html
    title: str
    excerpt: str  # the dek, or the body's opening
    date: str  # ISO 8601, for newest-first order
    section: str
    words: set[str]  # every term of title, dek, caption and body
    title_words: set[str]
    filters: list[tuple[str, str]]  # (kind, value), e.g. ("tag", "Energy")

    def digest(self) -> str:
        """Equal for two readings of a page exactly when search would find and show them the same way."""
        parts = (self.url, self.title, self.excerpt, self.date, self.section, *sorted(self.words), "\0",
                 *sorted(self.title_words), "\0", *sorted(f"{k}:{v}" for k, v in self.filters))  # fmt: skip
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def terms(text: str) -> list[str]:
    """Lower-cased letter and digit runs, accents removed: "Türkiye's" -> ["turkiye", "s"]."""
    folded = unicodedata.normalize("NFKD", text.lower())
    # Only the non-ASCII runs are looked at one by one: a whole article, character by character, is slow.
    folded = _NON_ASCII.sub(_without_marks, folded)
    return [w for w in _WORD.findall(folded) if len(w) <= MAX_TERM]


def _without_marks(run: re.Match[str]) -> str:
    return "".join(c for c in run[0] if not unicodedata.category(c).startswith("M"))


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def read_document(output: Path, rel: str) -> Document | None:
    """The page at output path `rel`, or None when it is not an article (no `data-search-body`)."""
    import lxml.html  # here: the build imports this module for its quick check, which reads no page

    tree = lxml.html.fromstring((output / rel).read_bytes())
    found = tree.xpath("//*[@data-search-body]")
    if not found:
        return None
    body = found[0]
    filters = []
    for element in body.xpath(".//*[@data-search-filter]"):
        kind, _, value = element.get("data-search-filter").partition(":")
        value = value or _text(element)
        if value:
            filters.append((kind, value))
    title = "".join(_text(e) for e in body.xpath(".//*[@data-search-title]"))
    # Plain strings: an lxml "smart" string keeps its whole page tree alive, held by every result card.
    dates = body.xpath(".//time/@datetime", smart_strings=False)
    section = next((v for k, v in filters if k == "section"), "")
    for ignored in body.xpath(".//*[@data-search-ignore]"):
        ignored.drop_tree()
    dek = "".join(_text(e) for e in body.xpath(".//*[contains(concat(' ', @class, ' '), ' dek ')]"))
    text = _text(body)
    excerpt = dek or _clip(text.removeprefix(title).strip())
    return Document(rel, title, excerpt, dates[0] if dates else "", section, set(terms(text)), set(terms(title)),
                    filters)  # fmt: skip


def _clip(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
