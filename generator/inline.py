"""Faster stand-ins for Python-Markdown's two inline tree processors, with the same output.

Most of a body's Markdown time went to inline processing, nearly all of it
Python-level overhead: the stock InlineProcessor tries every inline pattern
on every text of the tree, one method call and regex scan each (15 patterns),
and the smarty extension runs a second InlineProcessor with 18 patterns that
re-enters that machinery for every quote, dash and ellipsis it replaces (about
50 in a news story). Here the first skips the texts in which no pattern can
match, and the second does smarty's replacements with plain regex searches.
"""

from __future__ import annotations

import re
from collections import deque
from typing import TYPE_CHECKING

from markdown.extensions import smarty
from markdown.extensions.smarty import SubstituteTextPattern
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import ETX, STX, AtomicString

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

    import markdown

# What a match of each of Python-Markdown's inline patterns (and those of the extensions newsarchive
# loads) needs in the text: one of these strings at least. A text holding none of them is left as it is.
_INLINE_NEEDS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}
# The same for smarty's patterns (its defaults: quotes, dashes, ellipses), by their regular expression: each
# needs one string. A pattern not listed here is searched for in every text.
_SMARTY_NEEDS = {
    r"(?<!-)---(?!-)": "---",
    r"(?<!-)--(?!-)": "--",
    r"(?<!\.)\.{3}(?!\.)": "...",
    **dict.fromkeys(
        (smarty.singleQuoteStartRe, smarty.decadeAbbrRe, smarty.openingSingleQuotesRegex),
        "'",
    ),
    **dict.fromkeys(
        (smarty.closingSingleQuotesRegex, smarty.closingSingleQuotesRegex2, smarty.remainingSingleQuotesRegex),
        "'",
    ),
    **dict.fromkeys(
        (smarty.doubleQuoteStartRe, smarty.openingDoubleQuotesRegex, smarty.closingDoubleQuotesRegex),
        '"',
    ),
    **dict.fromkeys((smarty.closingDoubleQuotesRegex2, smarty.remainingDoubleQuotesRegex), '"'),
    **dict.fromkeys((smarty.doubleQuoteSetsRe, smarty.singleQuoteSetsRe2), "\"'"),
    **dict.fromkeys((smarty.singleQuoteSetsRe, smarty.doubleQuoteSetsRe2), "'\""),
}
# Stands for a replaced quote, dash or ellipsis while smarty's later patterns look at the text. Like the
# stock placeholder, it starts with STX and ends with ETX, the only characters of it a pattern can see.
_TOKEN = STX + "smarty:%s" + ETX
_TOKEN_RE = re.compile(_TOKEN % r"(\d+)")


class FilteredInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, which first checks that some pattern could match a text at all."""

    def __init__(self, md: markdown.Markdown, could_match: re.Pattern[str]) -> None:
        super().__init__(md)
        self.could_match = could_match

    # InlineProcessor calls this private method (here by its mangled name) for every text of the tree and of
    # the elements its patterns make. Were it renamed in a later Markdown, this would not be called and every
    # text would go through all the patterns again: slower, the same output.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, AtomicString) and self.could_match.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]


class SmartyProcessor(Treeprocessor):
    """smarty's inline processor, with its patterns applied the same way, in the same order, to the same texts.

    Each pattern replaces its matches from left to right, and a replacement is a placeholder for the patterns
    after it (and for its own next match), as in InlineProcessor; the placeholders become their HTML at the end.
    """

    def __init__(self, md: markdown.Markdown, patterns: list[SubstituteTextPattern]) -> None:
        super().__init__(md)
        self.patterns = [(p.compiled_re, p.replace, _SMARTY_NEEDS.get(p.pattern, "")) for p in patterns]

    def run(self, root: etree.Element) -> None:
        # InlineProcessor's order (breadth first; each child's text, then its tail), so that the HTML stash
        # numbers its entities the same way.
        queue = deque([root])
        while queue:
            for child in queue.popleft():
                if child.text and not isinstance(child.text, AtomicString):
                    child.text = self.educate(child.text)
                if child.tail and not isinstance(child.tail, AtomicString):
                    child.tail = self.educate(child.tail)
                if len(child):
                    queue.append(child)

    def educate(self, text: str) -> str:
        store = self.md.htmlStash.store
        pieces: list[str] = []
        for pattern, replace, needle in self.patterns:
            if needle not in text:
                continue
            start = 0
            while (match := pattern.search(text, start)) is not None:
                token = _TOKEN % len(pieces)
                pieces.append("".join(match.group(part) if isinstance(part, int) else store(part) for part in replace))
                start = match.start()
                text = text[:start] + token + text[match.end() :]
                start += len(token)
        return _TOKEN_RE.sub(lambda m: pieces[int(m[1])], text) if pieces else text


def speed_up(md: markdown.Markdown) -> None:
    """Put the faster processors in place of `md`'s inline processor and smarty's, where they know every pattern."""
    names = [item.name for item in md.inlinePatterns._priority]  # the patterns' names (no public way to list them)
    if set(names) <= _INLINE_NEEDS.keys():
        needles = sorted({needle for name in names for needle in _INLINE_NEEDS[name]})
        could_match = re.compile("|".join(map(re.escape, needles)))
        md.treeprocessors.register(FilteredInlineProcessor(md, could_match), "inline", 20)
    if "smarty" in md.treeprocessors:
        stock = md.treeprocessors["smarty"]
        assert isinstance(stock, InlineProcessor)
        patterns = list(stock.inlinePatterns)  # by priority
        if all(type(p) is SubstituteTextPattern for p in patterns):
            md.treeprocessors.register(SmartyProcessor(md, patterns), "smarty", 6)
