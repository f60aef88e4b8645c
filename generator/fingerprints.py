"""Digests of plain data and of templates, so that unchanged pages are not made again."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

import orjson

from generator import __version__

if TYPE_CHECKING:
    import jinja2


def _hash(*parts: bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def data_digest(data: object) -> str:
    return _hash(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def template_digests(env: jinja2.Environment, sources: Mapping[str, str]) -> dict[str, str]:
    """For each template, a hash of its source and of every template it uses, transitively."""
    import jinja2.meta  # here: Jinja is loaded by builds that render, and only by those

    uses: dict[str, set[str]] = {}
    for name, source in sources.items():
        try:
            found = set(jinja2.meta.find_referenced_templates(env.parse(source)))  # a generator: read it once
            # A dynamic name (None) could be any template: depend on all of them.
            uses[name] = {n for n in found if n} if None not in found else {"*"}
        except jinja2.TemplateSyntaxError:
            uses[name] = set()  # rendering will report it, with its line

    def closure(name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            deps = uses.get(current, set())
            todo.extend(sources if "*" in deps else deps)
        return seen

    def digest(name: str) -> str:
        chain = sorted(n for n in closure(name) if n in sources)
        return _hash(__version__.encode(), *(f"{n}\0{sources[n]}".encode() for n in chain))

    return {name: digest(name) for name in sources}
