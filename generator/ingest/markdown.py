"""Keep imported text literal when it is read back as Markdown."""

from __future__ import annotations

import re

# "<script>", "</div>", "<!--": raw HTML would pass through Markdown into the page.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# "[text](javascript:…)", "[text][ref]" and "[ref]: url": literal text would become a link (or vanish).
_LINK_TARGET = re.compile(r"(\]\s*)([(\[])")
_LINK_DEFINITION = re.compile(r"^(\s*)\[(?=[^\]]*\]:)")
# A line that Markdown would read as a heading, a rule or an indented code block.
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|[=]{2,}\s*$|[-*_](?:\s*[-*_]){2,}\s*$)")


def _literal(text: str) -> str:
    """Text with raw HTML and link syntax made literal: imported pages never inject markup."""
    text = _LINK_TARGET.sub(r"\1\\\2", _TAG_START.sub("&lt;", text))
    return _LINK_DEFINITION.sub(r"\1\\[", text)


def escape_line(line: str) -> str:
    """Escape what would turn plain text into markup (HTML tags, links, headings, rules)."""
    line = _literal(line.strip())
    return "\\" + line if _BLOCK_START.match(line) else line


def tidy(markdown: str) -> str:
    """Strip the source's indentation (Markdown would read it as code) and extra blank lines."""
    out: list[str] = []
    for raw in markdown.splitlines():
        line = _literal(raw.strip())
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()
