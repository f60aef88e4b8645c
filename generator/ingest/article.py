"""What an importer finds in one raw page, before it becomes a content file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from ..model import Link

if TYPE_CHECKING:  # the date rules take a while to load, and every build imports this module
    from .dates import DateValue


class IngestError(Exception):
    """A raw file that cannot become an article; the message is for the user.

    `where` and `line` locate it where the raiser knows better than its catcher: the line of a Pocket CSV,
    the address a feed was fetched from."""

    def __init__(self, message: str, where: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.where, self.line = where, line

    def problem(self, where: Path | str) -> Problem:
        """The error as a located problem: at its own input if it names one, else at `where`."""
        return Problem(self.where or where, str(self), self.line)


@dataclass(slots=True)
class Extracted:
    """Fields read from one page. Empty strings and None mean "not found"."""

    title: str
    body: str  # Markdown
    date: DateValue | None = None
    updated: DateValue | None = None
    subtitle: str = ""
    section: str = ""
    agency: str = ""
    byline: str = ""
    image_caption: str = ""
    summary: str = ""
    source_url: str = ""
    links: list[Link] = field(default_factory=list)

    @property
    def lead(self) -> str:
        """The first paragraph of the body, where news states who and where."""
        for paragraph in self.body.split("\n\n"):
            if paragraph.strip() and not paragraph.lstrip().startswith("#"):
                return paragraph.strip()
        return ""
