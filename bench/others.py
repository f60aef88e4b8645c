"""The same corpus laid out for Pelican and Hugo (settings in pelicanconf.py and hugo/), comparable to ours:
article pages, tag pages, pagination of 20, an RSS feed per tag."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


def _articles(site: Path) -> list[tuple[Path, dict, str]]:
    found = []
    for path in sorted((site / "content").rglob("*.md")):
        match = _FRONT.match(path.read_text(encoding="utf-8"))
        assert match, path
        found.append((path.relative_to(site / "content"), yaml.safe_load(match.group(1)), match.group(2)))
    return found


def write_pelican(site: Path, target: Path) -> None:
    for rel, meta, body in _articles(site):
        tags = ", ".join(meta["tags"])
        header = (
            f"Title: {meta['title']}\nDate: {meta['date']:%Y-%m-%d %H:%M}\nCategory: {meta['section']}\n"
            f"Tags: {tags}\nAuthors: {meta['byline']}\nSummary: {meta['subtitle']}\nSlug: {rel.stem}\n\n"
        )
        out = target / "content" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(header + body, encoding="utf-8")
    shutil.copy(HERE / "pelicanconf.py", target / "pelicanconf.py")


def write_hugo(site: Path, target: Path) -> None:
    for rel, meta, body in _articles(site):
        front = {
            "title": meta["title"], "date": meta["date"].isoformat(), "subtitle": meta["subtitle"],
            "tags": meta["tags"], "sections": [meta["section"]], "sources": [meta["source"]], "slug": rel.stem,
            "section": meta["section"],
        }  # fmt: skip
        out = target / "content" / "posts" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    shutil.copytree(HERE / "hugo", target, dirs_exist_ok=True)
