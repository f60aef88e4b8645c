"""Render planned pages to bytes: Jinja2 for HTML, feeds.py for XML and JSON."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from generator import feeds
from generator.errors import NewsarchiveError
from generator.fingerprints import template_digests
from generator.layout import TEMPLATES_DIR
from generator.pages import Context, Page
from generator.urls import relative_url


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    page = context["page"]["url"]
    if page == "/404.html":
        # A 404 page is served at whatever address was missing, so its links start from the root.
        return urlsplit(context["site"]["base_url"]).path.rstrip("/") + target
    return relative_url(target, page)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """A Jinja environment that finds a page's data faster, with the same result."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Page data is plain dicts, so `article.title` is a key. Jinja tries an attribute first and takes the
        # key after the AttributeError, which costs more than the lookup (a fifth of an article page's time).
        # A dict has no other attributes than its type's, so for any other name the key is what Jinja returns.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@dataclass(frozen=True)
class Templates:
    """Every template's source with the file it came from (for messages), and its digest (fingerprints.py).

    Plain data, so a worker anywhere can render without the site's folders."""

    sources: dict[str, tuple[str, str]]
    digests: dict[str, str]


def read_templates(dirs: Sequence[Path], digests: dict[str, str] | None = None) -> Templates:
    """The HTML templates of `dirs`; a name in an earlier folder hides the same name in a later one. `digests`
    are theirs when known (the last build's, of the same files): else each is parsed for the others it uses."""
    sources: dict[str, tuple[str, str]] = {}
    for folder in dirs:
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if name not in sources:
                try:
                    sources[name] = (path.read_text(encoding="utf-8"), str(path))
                except (OSError, UnicodeDecodeError) as exc:
                    raise NewsarchiveError(f"{path}: cannot read this template: {exc}") from exc
    if digests is None:
        digests = template_digests(make_environment(sources), {name: text for name, (text, _) in sources.items()})
    return Templates(sources, digests)


def make_environment(sources: Mapping[str, tuple[str, str]]) -> jinja2.Environment:
    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        found = sources.get(name)
        return (found[0], found[1], lambda: True) if found else None

    env = _Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = _url
    return env


def _template_error(exc: Exception) -> NewsarchiveError:
    """Point at the template line that failed, not at Python internals."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return NewsarchiveError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".html"):
            return NewsarchiveError(f"{frame.filename}:{frame.lineno}: template error: {exc}")
    return NewsarchiveError(f"template error: {exc!r}")


class Renderer:
    """Turns a Page into bytes. Holds a Jinja environment, so make one per process."""

    def __init__(self, sources: Mapping[str, tuple[str, str]], globals_: Context) -> None:
        self.env = make_environment(sources)
        self.globals = globals_
        self.kinds: dict[str, Callable[[Context], bytes]] = {
            "rss": feeds.rss,
            "atom": feeds.atom,
            "jsonfeed": feeds.json_feed,
            "sitemap": feeds.sitemap,
            "sitemapindex": feeds.sitemap_index,
            "text": lambda c: c["text"].encode(),
        }

    def render(self, page: Page, bodies: Mapping[str, str]) -> bytes:
        """The page's bytes; `bodies` holds the HTML of (at least) the bodies the page shows."""
        if page.kind != "html":
            return self.kinds[page.kind](page.context | {"bodies": bodies})
        try:
            template = self.env.get_template(page.template)
            return template.render(self.globals | page.context | {"bodies": bodies}).encode()
        except jinja2.TemplateNotFound as exc:
            raise NewsarchiveError(f"template '{exc.name}' not found in {TEMPLATES_DIR}/ or the theme") from exc
        except Exception as exc:  # any failure inside a template is the template's to report
            raise _template_error(exc) from exc
