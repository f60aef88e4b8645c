"""Markdown bodies: the sped-up converter (inline.py) gives the stock Python-Markdown's HTML, byte for byte."""

from __future__ import annotations

import random
import re

import markdown
import pytest
from markdown.treeprocessors import InlineProcessor

from generator.inline import _FASTER_SEARCH, FilteredInlineProcessor, SmartyProcessor
from generator.markup import EXTENSIONS, _converter, render_body
from generator.sanitize import clean_html

TRICKY = [
    "He said, \"'Quoted' words in a larger quote.\"",
    "'Twas the night. \"'Twas,\" she said. '\"Hello,\" he said.'",
    "The '80s and '90s, rock 'n' roll, the kids' toys, James' car, 'tis 5' 10\".",
    "'.' \". \"' '\" \"\" '' ''' \"\"\" a''b a\"\"b",
    "Dashes: a--b, a---b, a----b, a -- b, --\"quoted\", --'quoted', -- 'spaced'.",
    "Ellipses... and.... and . . . and …; \"...quoted...\" '...'",
    "&nbsp;\"Entity\" &mdash;'dash' &#8211;\"dec\" &ndash;'x' &amp; &copy; &#169; &#xA9;",
    "Code `it's \"quoted\" -- ...` and ``double `tick` 'q'`` after 'it'.",
    "    code block 'with' \"quotes\" -- and ...\n\nafter 'block'",
    '```\nfenced "code" -- \'q\'\n```\n\nand "after"',
    "*'em'* _\"under\"_ **\"strong\"** ***'both'*** * not em * a*b*c snake_case_word",
    "[a 'link' \"here\"](http://example.com/'x' \"Title's\") and ![alt \"img\"](i.png 'T') <http://a.b/c'd>",
    "<span title=\"x'y\">'inline' \"html\"</span> <b>--</b> <!-- 'comment' --> <me@example.com>",
    "<div>\n'block' \"html\" -- ...\n</div>\n\n'after'",
    "Escapes: \\' \\\" \\-- \\... \\*not em\\* \\`not code\\` \\\\'",
    "Line break  \nnext 'line'  \n\"and\"",
    "> 'quoted' \"block\" -- ...\n> > nested 'one'\n\n- 'item' one\n- \"item\" -- two\n\n1. 'first'\n2. second...",
    "| 'a' | \"b\" |\n|:--|--:|\n| -- | ... |\n| it's | `c'd` |",
    "Text[^1] with 'note'.\n\n[^1]: The \"note\" -- it's here...",
    "# 'Heading' \"one\" -- ...\n\n## Heading {: #id .class }\n\nPara 'x'\n{: .lead }",
    "\"\n'\n--\n...\n\"'\n'\"",
    "'",
    '"',
    "'s 'd \"s 'x' 'hello'' \"a\"\" '\"a\"' \"'a'\"",
    "Tabs\t'a'\t\"b\"\t--\t...",
    "Unicode — 'em' – \"en\" —\"q\" –'q' ‘already’ “curly”",
    "[ref 'link'][r] and [r] and ![img][r]\n\n[r]: http://example.com/ \"R's\"",
]

PIECES = [
    "'", '"', "--", "---", "...", "....", " ", " ", "\n", "\n\n", "a", "word", "s", "80s", "9", "it's", "&nbsp;",
    "&mdash;", "&ndash;", "&#8212;", "&#8211;", "&amp;", "\t", "\u00a0", "–", "—", "`", "*", "_", "**", "[", "]",
    "(", ")", "<b>", "</b>", "<", ">", "\\", "\\'", '\\"', "  \n", ".", ",", "!", "?", ":", "(", "-", "> ", "- ",
    "1. ", "    ", "{", "}", "#",
]  # fmt: skip


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, output_format="html")


def test_the_faster_processors_are_in_place() -> None:
    md = _converter()
    assert type(md.treeprocessors["inline"]) is FilteredInlineProcessor
    assert type(md.treeprocessors["smarty"]) is SmartyProcessor
    # The filter works by overriding InlineProcessor's private method; it must still be called that.
    assert hasattr(InlineProcessor, "_InlineProcessor__handleInline")


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_comes_out_as_the_stock_converter_makes_it(text: str) -> None:
    want = stock().convert(text)
    assert render_body(text, sanitize=False) == want
    assert render_body(text) == clean_html(want)


def test_random_text_comes_out_as_the_stock_converter_makes_it() -> None:
    rng = random.Random(20261207)
    md = stock()
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
        assert render_body(text, sanitize=False) == md.reset().convert(text), repr(text)


@pytest.mark.parametrize("source", sorted(_FASTER_SEARCH))
def test_a_faster_smarty_search_finds_what_the_pattern_finds(source: str) -> None:
    pattern = re.compile(source, re.DOTALL)
    rng = random.Random(source)
    for _ in range(2000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
        for pos in range(len(text) + 1):
            want, got = pattern.search(text, pos), _FASTER_SEARCH[source](text, pos)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (text, pos)
