"""Front matter: the YAML mapping between two '---' lines at the top of a content file.

The one reader of it, for the loader (content.py) and the importer
(ingest/writer.py). Every problem is a ContentError naming the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import ContentError

if TYPE_CHECKING:
    import yaml

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    """A content file's front matter and the body after it."""

    data: dict[str, Any]
    lines: dict[str, int]  # the file line of each top-level key
    body: str
    body_line: int  # the file line of the body's first line


def read_front_matter(text: str, path: Path) -> FrontMatter:
    """Split and parse a content file's text; raises ContentError."""
    front, body, body_line = split_front_matter(text, path)
    data, lines = parse_front_matter(front, path)
    return FrontMatter(data, lines, body, body_line)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    if not _FENCE.match(text):
        raise ContentError(path, "no front matter: the file must start with a '---' line", 1)
    end = _FENCE.search(text, 4)
    if end is None:
        raise ContentError(path, "front matter is not closed: add a '---' line after it", 1)
    front = text[text.index("\n") + 1 : end.start()]
    rest = text[end.end() :]
    body = rest.lstrip("\n")
    return front, body, text.count("\n", 0, end.end()) + 1 + len(rest) - len(body)


def parse_front_matter(front: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML, returning the mapping and the file line of each top-level key."""
    import yaml

    try:
        loader = _loader()(front)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        raise ContentError(path, f"invalid YAML: {exc.problem or exc.context}", line) from exc
    except yaml.YAMLError as exc:
        raise ContentError(path, f"invalid YAML: {exc}", 2) from exc
    except RecursionError as exc:
        raise ContentError(path, "invalid YAML: nested too deeply", 2) from exc
    except (ValueError, OverflowError, TypeError, AttributeError) as exc:
        # A well-formed scalar that is no value ("date: 2025-13-01"), or an explicit tag on the wrong
        # value ("!!timestamp 2025-13-45"): PyYAML's constructors fail with plain Python errors then.
        raise ContentError(path, f"invalid YAML value: {exc}", 2) from exc
    if not isinstance(data, dict):
        raise ContentError(path, "front matter must be a mapping of 'field: value' lines", 2)
    lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value} if node is not None else {}
    return data, lines


@cache
def _loader() -> type[yaml.SafeLoader]:
    """libyaml's loader if PyYAML was built with it. Loaded on first use: a build with nothing to do reads no
    front matter."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
