"""Saves that move no article: the last site model with the saved files' new articles swapped in.

`serve` tells the build which files changed. When each is a content file whose
article keeps its place in every list (same URL, date, terms; see `same_place`),
the site model need not be made again: only the pages showing those articles change.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content import LoadedFile, load_file
from generator.layout import CONTENT_DIR
from generator.model import Article
from generator.site import Site, replace_article


@dataclass(frozen=True)
class Edited:
    site: Site  # the last site with the new articles in place of the old
    urls: list[str]  # the URLs of the edited articles
    files: dict[str, LoadedFile]  # what was loaded from the edited files, by path as the loader keys them
    bodies: dict[str, str]  # their Markdown bodies, by body key


def same_place(old: Article, new: Article) -> bool:
    """Does `new` sit where `old` did in every index and list (same URL, date, terms), whatever else changed?"""
    return (old.slug, old.date, old.tags, old.section, old.agency, old.draft, old.aliases) == (
        new.slug, new.date, new.tags, new.section, new.agency, new.draft, new.aliases
    )  # fmt: skip


def edit_in_place(site_dir: Path, changed: Collection[Path], site: Site, files: dict[str, LoadedFile]) -> Edited | None:
    """`site` with the changed files' articles swapped in, or None when a change moves an article
    in some list, changes its problems, or is no article's: then the model must be made anew.

    `files` is what the loader last loaded, keyed by path relative to the site."""
    root = site_dir.resolve()
    updates, urls, bodies = {}, [], {}
    for path in changed:
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(root / CONTENT_DIR) or not resolved.is_file():
            return None
        rel = resolved.relative_to(root)
        old = files.get(rel.as_posix())
        new, body = load_file(site_dir / rel, rel, site.config.tz, site.config.sanitize_html)
        if not (old and old.article and new.article and (old.errors, old.warnings) == (new.errors, new.warnings)):
            return None
        placed = next((a for a in site.articles if a.source_path == rel), None)
        if placed is None or not same_place(old.article, new.article):
            return None
        # The model's record keeps what the model gave it (its URL, its time zone's date, canonical terms).
        fresh = replace(new.article, date=placed.date, slug=placed.slug, url=placed.url, tags=placed.tags,
                        section=placed.section, agency=placed.agency)  # fmt: skip
        site = replace_article(site, placed, fresh)
        updates[rel.as_posix()] = new
        urls.append(placed.url)
        bodies[fresh.body_key] = body
    return Edited(site, urls, updates, bodies)
