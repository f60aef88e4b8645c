"""Content files: render an article as front matter + Markdown, and write it safely.

The importer's only writer under `content/`. A file the importer wrote
carries `import_digest`, the SHA-256 of the file without that line, so a later
import can tell whether a person has edited it since.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_atomic
from ..errors import ContentError
from ..frontmatter import read_front_matter

DIGEST_KEY = "import_digest"
COPIES_KEY = "also_published"  # other outlets' copies of the same story
_DIGEST_LINE = re.compile(rf"^{DIGEST_KEY}: .*\n", re.MULTILINE)

if TYPE_CHECKING:
    import yaml


@cache
def _dumper() -> type[yaml.SafeDumper]:
    """The YAML dumper, made on first use: every build imports this module, and most write no content file.
    libyaml's emitter writes the same text as PyYAML's own, seven times faster (a 1,000-page import writes
    2,000)."""
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        """Dates as bare ISO 8601 scalars, which YAML reads back as dates."""

    Dumper.add_representer(date, _represent_date)
    Dumper.add_representer(datetime, _represent_date)
    return Dumper


def _represent_date(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def render(meta: dict[str, Any], body: str) -> str:
    """The content file text, `import_digest` included as the last field."""
    text = _render(meta, body)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _render({**meta, DIGEST_KEY: digest}, body)


def _render(meta: dict[str, Any], body: str) -> str:
    import yaml

    front = yaml.dump(meta, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{body.strip()}\n"


def split(text: str) -> tuple[dict[str, Any], str] | None:
    """Front matter and body of a content file; None when it has no readable front matter."""
    try:
        front = read_front_matter(text, Path())
    except ContentError:
        return None
    return front.data, front.body


def is_untouched(text: str) -> bool:
    """True when the file is exactly as the importer wrote it."""
    parsed = split(text)
    if parsed is None or not isinstance(parsed[0].get(DIGEST_KEY), str):
        return False
    without = _DIGEST_LINE.sub("", text, count=1)
    return hashlib.sha256(without.encode("utf-8")).hexdigest() == parsed[0][DIGEST_KEY]


def add_copy(path: Path, copy: dict[str, Any]) -> bool:
    """List another outlet's copy of the story under the article's `also_published`.

    False when the file was edited by hand since it was imported: it is left alone.
    """
    text = path.read_text(encoding="utf-8")
    parsed = split(text)
    if parsed is None or not is_untouched(text):
        return False
    meta, body = parsed
    copies = [item for item in meta.get(COPIES_KEY) or [] if isinstance(item, dict)]
    if all(item.get("url") != copy.get("url") for item in copies):
        meta.pop(DIGEST_KEY, None)
        write_atomic(path, render({**meta, COPIES_KEY: [*copies, copy]}, body).encode())
    return True
