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
from collections.abc import Callable
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
        (
            smarty.singleQuoteStartRe,
            smarty.decadeAbbrRe,
            smarty.openingSingleQuotesRegex,
            smarty.closingSingleQuotesRegex,
            smarty.closingSingleQuotesRegex2,
            smarty.remainingSingleQuotesRegex,
        ),
        "'",
    ),
    **dict.fromkeys(
        (
            smarty.doubleQuoteStartRe,
            smarty.openingDoubleQuotesRegex,
            smarty.closingDoubleQuotesRegex,
            smarty.closingDoubleQuotesRegex2,
            smarty.remainingDoubleQuotesRegex,
        ),
        '"',
    ),
    **dict.fromkeys((smarty.doubleQuoteSetsRe, smarty.singleQuoteSetsRe2), "\"'"),
    **dict.fromkeys((smarty.singleQuoteSetsRe, smarty.doubleQuoteSetsRe2), "'\""),
}


def _literal_first(source: str) -> Callable[[str, int], re.Match[str] | None]:
    return re.compile(source, re.DOTALL).search


def _after_space_or_dash(pattern: re.Pattern[str], quote: str) -> Callable[[str, int], re.Match[str] | None]:
    """`pattern.search` for smarty's opening quotes, `(\\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)"(?=\\w)`.

    Its search tries every alternative at every character. A match ends at a quote followed by a word
    character, and starts at most 7 characters before it (`&#8211;`); what comes before the quote holds no
    quote, so the first such quote with a match right before it gives the first match. Each is found with a
    quick search, then the pattern is searched for only in those few characters around it.
    """
    candidate = re.compile(quote + r"(?=\w)")

    def search(text: str, pos: int) -> re.Match[str] | None:
        start = pos + 1  # the quote comes after one character of the match at least
        while (found := candidate.search(text, start)) is not None:
            at = found.start()
            if (match := pattern.search(text, max(pos, at - 7), at + 2)) is not None:
                return match
            start = at + 1
        return None

    return search


# Patterns of smarty's whose search by a regular expression that starts with a lookbehind scans slowly (every
# character is tried), and the same search with the quote, dash or dots first, then the lookbehind moved
# after them and widened by as much: the same matches, found by a quick scan for that literal.
_close = smarty.closeClass
_FASTER_SEARCH = {
    r"(?<!-)---(?!-)": _literal_first(r"---(?<!----)(?!-)"),
    r"(?<!-)--(?!-)": _literal_first(r"--(?<!---)(?!-)"),
    r"(?<!\.)\.{3}(?!\.)": _literal_first(r"\.{3}(?<!\.{4})(?!\.)"),
    smarty.doubleQuoteSetsRe2: _literal_first(rf"'\"(?<={_close}'\")"),
    smarty.singleQuoteSetsRe2: _literal_first(rf"\"'(?<={_close}\"')"),
    smarty.decadeAbbrRe: _literal_first(r"'(?<!\w')(?=\d{2}s)"),
    smarty.closingSingleQuotesRegex: _literal_first(rf"'(?<={_close}')(?!\s|s\b|\d)"),
    smarty.closingDoubleQuotesRegex2: _literal_first(rf"\"(?<={_close}\")"),
    smarty.openingSingleQuotesRegex: _after_space_or_dash(re.compile(smarty.openingSingleQuotesRegex, re.DOTALL), "'"),
    smarty.openingDoubleQuotesRegex: _after_space_or_dash(re.compile(smarty.openingDoubleQuotesRegex, re.DOTALL), '"'),
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
        self.patterns = [
            (_FASTER_SEARCH.get(p.pattern, p.compiled_re.search), p.replace, _SMARTY_NEEDS.get(p.pattern, ""))
            for p in patterns
        ]

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
        for search, replace, needle in self.patterns:
            if needle not in text:
                continue
            start = 0
            while (match := search(text, start)) is not None:
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
