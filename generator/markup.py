"""Markdown bodies to HTML, with the extensions a news text needs."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import TYPE_CHECKING

from generator.chars import CJK
from generator.sanitize import clean_html, policy

if TYPE_CHECKING:
    import markdown

EXTENSIONS = ["tables", "footnotes", "attr_list", "smarty", "sane_lists", "fenced_code"]

_WORD = re.compile(r"\w+")
LEAD_LENGTH = 200  # characters of a body's first paragraph kept as a page's description
WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 500


def body_key(text: str, sanitize: bool = True) -> str:
    """The cache key of a body's rendering: its text, the Markdown version and set-up, the sanitiser's (if on)."""
    setup = f"{markdown_version()}\0{EXTENSIONS}\0{policy() if sanitize else 'raw'}"
    return hashlib.blake2b(f"{setup}\0{text}".encode(), digest_size=16).hexdigest()


def render_body(text: str, sanitize: bool = True) -> str:
    """The HTML of one Markdown body, sanitised unless the site opted out.

    Not thread-safe: one converter per process.
    """
    html = _converter().reset().convert(text)
    return clean_html(html) if sanitize else html


@cache
def markdown_version() -> str:
    from importlib.metadata import version  # here: a build with nothing to do makes no key

    return version("markdown")


@cache
def _converter() -> markdown.Markdown:
    # Made, and the library loaded, on first use: a cost a build with nothing to render need not pay.
    import importlib

    import markdown

    from generator.inline import speed_up

    # Built from their modules: by name, Markdown first looks each one up among every installed package's
    # entry points (30 ms, a sixth of what rendering one new article costs).
    extensions = [importlib.import_module(f"markdown.extensions.{name}").makeExtension() for name in EXTENSIONS]
    md = markdown.Markdown(extensions=extensions, output_format="html")
    speed_up(md)
    return md


def reading_minutes(text: str) -> int:
    """Minutes to read a body; scripts written without spaces count by character."""
    if text.isascii():
        return max(1, round(len(text.split()) / WORDS_PER_MINUTE))
    cjk = len(CJK.findall(text))
    words = len(_WORD.findall(CJK.sub(" ", text)))
    return max(1, round(words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE))


def lead_text(markdown: str, limit: int = LEAD_LENGTH) -> str:
    """The first paragraph of a Markdown body as plain text, shortened at a word: a page's description."""
    lead = next((p for p in markdown.split("\n\n") if p.strip()), "")
    lead = re.sub(r"<[^>]+>", " ", re.sub(r"\]\([^)]*\)", "", lead))  # link targets, HTML tags
    lead = re.sub(r"[*`\[\]]|(?<!\w)_|_(?!\w)|^\s*[#>]+", "", lead, flags=re.MULTILINE)  # emphasis, headings, quotes
    text = re.sub(r"\s+", " ", lead).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
