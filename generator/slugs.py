"""Slugs: short ASCII names that are safe as one path segment on any OS."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata

from .chars import CJK

MAX_SLUG = 80
# Names Windows refuses as a file or folder, whatever the extension. newsarchive runs on POSIX only, but
# an output/ copied to a Windows share or served by a Windows-hosted web server must not hold one.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Transliterate to ASCII, lower-case, and join words with hyphens.

    Returns "" when nothing word-like is left; callers choose the fallback.
    """
    from anyascii import anyascii  # here: its tables take a while to load, and a build with nothing to do slugs nothing

    # Each CJK character is a syllable: keep them apart so "東京" becomes "dong-jing", not "dongjing".
    spaced = CJK.sub(lambda m: f" {m.group()} ", unicodedata.normalize("NFKC", text))
    ascii_text = anyascii(spaced).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        # Cut at a word boundary unless that throws most of it away.
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
        slug = slug.strip("-")
    if slug in WINDOWS_RESERVED:
        slug += "-x"
    return slug


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def slug_or_hash(text: str, prefix: str) -> str:
    """A slug that is never empty: falls back to a stable hash of the text."""
    return slugify(text) or f"{prefix}-{_short_hash(text)}"


def numbered(slug: str, number: int) -> str:
    """`slug-2`, `slug-3`…, cut so that the number survives the length cap: a file named
    with it must give this slug back, or two numbered siblings would share one URL."""
    suffix = f"-{number}"
    return f"{slug[: MAX_SLUG - len(suffix)].rstrip('-')}{suffix}"


def term_slug(name: str) -> str:
    """The identity of a tag, section or source: its slug, unique however long the name.

    A slug is the term's identity, so cutting two long names to the same
    prefix would merge two tags; a long slug is cut and ends with a hash of
    the whole slug instead (still equal for names that differ in case or accents).
    """
    full = slugify(name, max_length=sys.maxsize)
    if not full:
        return f"t-{_short_hash(name)}"
    if len(full) <= MAX_SLUG:
        return full
    return f"{full[: MAX_SLUG - 9].rstrip('-')}-{_short_hash(full)}"
