"""The corpus in Pelican's and Hugo's formats (settings in pelicanconf.py and hugo/), comparable to ours:
article pages, tag pages, pagination of 20, an RSS feed per tag."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from corpus import Story

HERE = Path(__file__).resolve().parent


def pelican_text(s: Story) -> str:
    header = (
        f"Title: {s.title}\nDate: {s.date:%Y-%m-%d %H:%M}\nCategory: {s.section}\nTags: {', '.join(s.tags)}\n"
        f"Authors: {s.byline}\nSummary: {s.subtitle}\nSlug: {s.rel.stem}\n\n"
    )
    return header + s.body


def hugo_text(s: Story) -> str:
    front = {
        "title": s.title, "date": s.date.isoformat(), "subtitle": s.subtitle, "tags": s.tags,
        "sections": [s.section], "sources": [s.agency], "slug": s.rel.stem, "section": s.section,
    }  # fmt: skip
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, width=1_000_000) + "---\n" + s.body


def pelican_file(target: Path, s: Story) -> Path:
    return target / "content" / s.rel


def hugo_file(target: Path, s: Story) -> Path:
    return target / "content" / "posts" / s.rel


def set_up_pelican(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "pelicanconf.py", target / "pelicanconf.py")


def set_up_hugo(target: Path) -> None:
    shutil.copytree(HERE / "hugo", target, dirs_exist_ok=True)
