"""Character facts: what no web page or feed can hold, which characters are CJK, and JSON that holds none
of the dangerous ones."""

from __future__ import annotations

import json
import re
from typing import Any

# Everything outside XML 1.0's Char production: C0 controls but tab and line breaks,
# lone surrogates, U+FFFE and U+FFFF. lxml (feeds) refuses them; browsers show junk. Listed rather than
# written as the negation of Char, which takes every process 5 ms to compile.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# One CJK character: hiragana and katakana, CJK ideographs (extension A, unified, compatibility), hangul
# syllables. Each is a syllable or a word of its own, written without spaces: counted and slugged one by one.
# The hexagram symbols between extension A and the unified block stay in: slugs always spaced them, and a
# slug is a published URL.
CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def without_unsafe(text: str) -> str:
    return NOT_XML.sub("", text)


def inert_json(value: object, **options: Any) -> str:
    """JSON text with <, >, & and U+2028/U+2029 escaped: it stays inert even if a page embeds it in a
    <script> block (where U+2028 and U+2029 end a line in older JavaScript engines) or a browser takes
    it for HTML."""
    text = json.dumps(value, ensure_ascii=False, **options)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
