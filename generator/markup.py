"""Markdown bodies to HTML, with the extensions a news text needs."""

from __future__ import annotations

import hashlib
import re

import markdown

EXTENSIONS = ["tables", "footnotes", "attr_list", "smarty", "sane_lists", "fenced_code"]

_md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 500


def body_key(text: str) -> str:
    """The cache key of a body's rendering: its text and the Markdown set-up."""
    return hashlib.blake2b(f"{EXTENSIONS}\0{text}".encode(), digest_size=16).hexdigest()


def render_body(text: str) -> str:
    """The HTML of one Markdown body. Not thread-safe: one converter per process."""
    return _md.reset().convert(text)


def reading_minutes(text: str) -> int:
    """Minutes to read a body; scripts written without spaces count by character."""
    if text.isascii():
        return max(1, round(len(text.split()) / WORDS_PER_MINUTE))
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return max(1, round(words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE))
