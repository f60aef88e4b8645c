"""Saved-HTML import on the tuning half's pages with parts of their markup taken away.

    python eval/htmlvariants.py [--details]

The title of a saved page is read from its <h1> and from the headlines it
declares (JSON-LD, OpenGraph, Twitter cards); the tuning half's pages have
both, and the next site may have neither. This imports each tuning page as
saved, without its declared headlines (only the <title> is left), with its
<h1>s set as <h2>s (as many blog themes set the headline), and with both,
and scores the title and the body with score_import.py's own measures. Only
the tuning half is read, so it can be looked at as often as needed: a
development signal, never the held-out figure.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
from crosssite import SCORE  # first: it puts the checkout on the path
from quality import split

from generator.ingest.article import IngestError
from generator.ingest.decode import decode
from generator.ingest.html import parse_html

_DECLARED = (
    '//script[@type="application/ld+json"]'
    ' | //meta[@property="og:title" or @name="og:title" or @name="twitter:title" or @property="twitter:title"]'
)


def _without_declared(tree: lxml.html.HtmlElement) -> None:
    for node in tree.xpath(_DECLARED):
        node.drop_tree()


def _h1_as_h2(tree: lxml.html.HtmlElement) -> None:
    for node in tree.xpath("//h1"):
        node.tag = "h2"


VARIANTS: dict[str, list[Callable[[lxml.html.HtmlElement], None]]] = {
    "as saved": [],
    "no declared headline": [_without_declared],
    "h1 set as h2": [_h1_as_h2],
    "both": [_without_declared, _h1_as_h2],
}


def _variant(text: str, changes: list[Callable[[lxml.html.HtmlElement], None]]) -> str:
    if not changes:
        return text
    tree = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    for change in changes:
        change(tree)
    return lxml.html.tostring(tree, encoding="unicode")


def measure(pages: list[Path], changes: list[Callable[[lxml.html.HtmlElement], None]], details: bool) -> str:
    """Titles right over the pages whose text shows the title, and bodies clean over all pages."""
    titled = shown = clean = 0
    for page in pages:
        truth = json.loads((page / "truth.json").read_text(encoding="utf-8"))
        try:
            article = parse_html(_variant(decode((page / "page.html").read_bytes()), changes))
            title, body = article.title, article.body
        except IngestError:
            title, body = "", ""
        precision, recall, _ = SCORE.prf(body, "\n".join(truth["body"]))
        clean += precision >= 0.9 and recall >= 0.9
        text = (page / "page.txt").read_text(encoding="utf-8") if (page / "page.txt").exists() else ""
        if SCORE.title_visible(truth["title"] or "", text):
            shown += 1
            right = SCORE.title_ok(title, truth["title"])
            titled += right
            if details and not right:
                print(f"  {page.name}: {title!r}, truth {truth['title']!r}")
    return f"title {titled / shown:.3f} ({titled} of {shown}), clean {clean / len(pages):.3f}"


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as temp:
        tune = split(Path(temp)) / "tune"
        pages = [folder for folder in sorted(tune.iterdir()) if (folder / "page.html").exists()]
        for name, changes in VARIANTS.items():
            print(f"tuning pages' saved HTML, {name}: {measure(pages, changes, '--details' in argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
