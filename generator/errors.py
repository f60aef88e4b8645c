"""Problems found while building, kept as data so one bad file never stops the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class NewsarchiveError(Exception):
    """An error the user can act on; its message says what to fix."""


@dataclass(frozen=True)
class Problem:
    """One error or warning, located in a file (and a line where known)."""

    path: Path | str  # a file; for the importer, how it names an input that is not one (a web address)
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ContentError(NewsarchiveError):
    """A content file that cannot be loaded; carries its location."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.problem = Problem(path, message, line)
        super().__init__(str(self.problem))


@dataclass
class Report:
    """Errors and warnings collected over a build, in the order found."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, path: Path, message: str, line: int | None = None) -> None:
        self.errors.append(Problem(path, message, line))

    def warn(self, path: Path, message: str, line: int | None = None) -> None:
        self.warnings.append(Problem(path, message, line))

    def merged(self, other: Report) -> Report:
        return Report(self.errors + other.errors, self.warnings + other.warnings)
