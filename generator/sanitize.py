"""Clean the HTML of rendered Markdown bodies: keep what news text needs, drop anything that can run.

Bodies come from imported web pages and hand-written Markdown, both of which
may carry raw HTML. nh3 (the Rust ammonia library) parses the HTML the way a
browser does and rebuilds it from an allow-list, so encoded or malformed
tricks (`java&#x09;script:`, `<svg/onload>`, unclosed tags) do not get through.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

import nh3

# Elements Python-Markdown and its extensions produce, plus what news HTML uses.
TAGS = frozenset(
    {
        "p", "br", "hr", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "q", "cite",
        "abbr", "sup", "sub", "code", "pre", "kbd", "samp", "var", "blockquote", "ul", "ol", "li", "dl", "dt",
        "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "caption", "colgroup", "col", "img", "figure", "figcaption", "div", "span", "time",
    }
)  # fmt: skip
# `id` and `class` come from attr_list and footnotes. With no script on the
# page they can only restyle or anchor an element of the body.
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},  # `rel` is set by nh3 itself on every link
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "li": {"value"},
    "th": {"style", "colspan", "rowspan", "scope", "align"},
    "td": {"style", "colspan", "rowspan", "align"},
    "col": {"span"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
STYLE_PROPERTIES = frozenset({"text-align"})  # the tables extension aligns columns with it
# No data: URLs, not even data:image: an archive's images are files, and an
# SVG data URL opened on its own runs script. javascript: and vbscript: are never allowed.
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@cache
def policy() -> str:
    """A short hash of these settings and the nh3 version: part of the build cache's body keys.
    Worked out on first use: reading a package's version costs a build with nothing to render."""
    from importlib.metadata import version

    settings = [sorted(TAGS), {k: sorted(v) for k, v in ATTRIBUTES.items()}, sorted(STYLE_PROPERTIES)]
    settings += [sorted(URL_SCHEMES), version("nh3")]
    return hashlib.blake2b(json.dumps(settings).encode(), digest_size=8).hexdigest()


def clean_html(html: str) -> str:
    """The HTML with every element, attribute and URL outside the allow-lists removed."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
    )
