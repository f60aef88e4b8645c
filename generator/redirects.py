"""Redirect pages for `aliases:`: an article's old URLs lead to its current one.

Each is a tiny page with a meta refresh, a canonical link and a plain link,
which every host, browser and crawler follows. An alias never takes the place
of a page of the site, and an address two articles claim redirects nowhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from generator.errors import Report
from generator.model import Article
from generator.pages import Spec
from generator.search import INDEX_DIR
from generator.urls import path_of

TEMPLATE = "alias.html"
# Folders a build fills with files that are not planned pages.
RESERVED = ("static/", f"{INDEX_DIR}/")


def alias_specs(articles: Sequence[Article], specs: Sequence[Spec], report: Report) -> list[Spec]:
    """A redirect page for each alias that clashes with nothing; each clash is reported."""
    taken = {s.path for s in specs}
    claims: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for alias in article.aliases:
            claims[alias].append(article)
    redirects = []
    for alias, claimants in sorted(claims.items()):
        path = path_of(alias)
        if path in taken or path.startswith(RESERVED):
            why = "is the address of a page of the site; a redirect there would replace it, so none is made"
        elif len(claimants) > 1:
            names = ", ".join(sorted(str(a.source_path) for a in claimants))
            why = f"is claimed by {names}; it redirects nowhere until only one file names it"
        else:
            redirects.append(_redirect(alias, claimants[0]))
            continue
        for article in claimants:
            report.error(article.source_path, f"aliases: {alias} {why}")
    return redirects


def _redirect(alias: str, article: Article) -> Spec:
    page = {"title": article.title, "url": alias, "target": article.url}
    return Spec(path_of(alias), "html", TEMPLATE, {"page": page})
