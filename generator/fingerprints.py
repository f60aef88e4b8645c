"""Fingerprints: a hash of everything a page shows, so unchanged pages are not rendered again."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import jinja2
import jinja2.meta
import orjson

from generator import __version__
from generator.pages import Context, Page


def _hash(*parts: bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def data_digest(data: object) -> str:
    return _hash(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def template_digests(env: jinja2.Environment) -> dict[str, str]:
    """For each template, a hash of its source and of every template it uses, transitively."""
    assert env.loader is not None
    sources: dict[str, str] = {}
    uses: dict[str, set[str]] = {}
    for name in env.loader.list_templates():
        if not name.endswith(".html"):
            continue
        source, _, _ = env.loader.get_source(env, name)
        sources[name] = source
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


def page_fingerprints(pages: Sequence[Page], globals_: Context, templates: Mapping[str, str]) -> list[str]:
    """One fingerprint per page: its data, its template chain, the site-wide data and our version."""
    version, site_wide = __version__.encode(), data_digest(globals_).encode()
    fingerprints = []
    for page in pages:
        if page.kind == "html":
            parts = (site_wide, templates.get(page.template, "missing").encode())
        else:
            parts = (page.kind.encode(),)
        fingerprints.append(_hash(version, *parts, orjson.dumps(page.context, option=orjson.OPT_SORT_KEYS)))
    return fingerprints
