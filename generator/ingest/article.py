"""What an importer finds in one raw page, before it becomes a content file."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import DateValue


class IngestError(Exception):
    """A raw file that cannot become an article; the message is for the user."""


@dataclass(frozen=True, slots=True)
class RelatedLink:
    title: str
    url: str = ""


@dataclass(slots=True)
class Extracted:
    """Fields read from one page. Empty strings and None mean "not found"."""

    title: str
    body: str  # Markdown
    date: DateValue | None = None
    updated: DateValue | None = None
    subtitle: str = ""
    section: str = ""
    source: str = ""
    byline: str = ""
    image_caption: str = ""
    summary: str = ""
    source_url: str = ""
    related: list[RelatedLink] = field(default_factory=list)

    @property
    def lead(self) -> str:
        """The first paragraph of the body, where news states who and where."""
        for paragraph in self.body.split("\n\n"):
            if paragraph.strip() and not paragraph.lstrip().startswith("#"):
                return paragraph.strip()
        return ""
