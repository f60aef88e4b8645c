"""Shared helpers: real sites written to temporary folders and built for real."""

from __future__ import annotations

import textwrap
from pathlib import Path

import lxml.html
import pytest
import yaml


def article(title: str, date: str, body: str = "Body text.", **fields: object) -> str:
    """The text of a content file with the given front matter."""
    front = yaml.safe_dump({"title": title, "date": date, **fields}, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{textwrap.dedent(body).strip()}\n"


class Site:
    """A site folder under tmp_path with helpers to write content and read output."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content").mkdir(parents=True)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def add(self, name: str, title: str, date: str, body: str = "Body text.", **fields: object) -> Path:
        return self.write(f"content/{name}.md", article(title, date, body, **fields))

    def page(self, rel: str) -> lxml.html.HtmlElement:
        """Parse an output file as HTML; `rel` is a site URL like /tags/uk/."""
        path = self.output / (rel.lstrip("/") + ("index.html" if rel.endswith("/") else ""))
        return lxml.html.fromstring(path.read_bytes())

    def files(self) -> dict[str, tuple[bytes, int]]:
        """Every output file with its bytes and mtime."""
        return {
            p.relative_to(self.output).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(self.output.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def site(tmp_path: Path) -> Site:
    s = Site(tmp_path / "site")
    s.write("site.toml", 'title = "Test Archive"\nbase_url = "https://news.example.org/"\nper_page = 3\n')
    return s


def texts(tree: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]
