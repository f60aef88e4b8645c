"""Turn a raw file's bytes into text, or say clearly why it is not text."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..chars import without_unsafe
from .article import IngestError

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """Decode as UTF-8, else as the page declares, else as charset-normalizer detects."""
    if not data.strip():
        raise IngestError("file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:4096]:
        raise IngestError("binary file, not a text dump or an HTML page")
    try:
        # Strict UTF-8 that succeeds is right far more often than a
        # declaration: saved pages are often re-encoded without fixing <meta>.
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(data[:4096])
    if declared:
        try:
            return _checked(data.decode(declared.group(1).decode("ascii")))
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    if best is None:
        raise IngestError("binary file, not a text dump or an HTML page")
    return _checked(str(best))


def _checked(text: str) -> str:
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > 0.01 * max(len(sample), 1):
        raise IngestError("binary file, not a text dump or an HTML page")
    text = without_unsafe(text)  # a few stray control bytes: dropped, as a browser shows them
    if not text.strip():
        raise IngestError("file is empty")
    return text
