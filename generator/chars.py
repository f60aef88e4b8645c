"""Characters that no web page or feed can hold."""

from __future__ import annotations

import re

# Everything outside XML 1.0's Char production: C0 controls but tab and line breaks,
# lone surrogates, U+FFFE and U+FFFF. lxml (feeds) refuses them; browsers show junk.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def without_unsafe(text: str) -> str:
    return NOT_XML.sub("", text)
