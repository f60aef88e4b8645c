"""Spread Markdown and page rendering over every core.

Workers get plain data (Markdown text, Page records, body HTML) and send back
plain data (HTML strings, digests); each worker builds its own Jinja
environment and writes the pages it renders into the staging area itself.
Small jobs stay in this process: a pool costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator.markup import render_body
from generator.output import stage_file
from generator.pages import Context, Page
from generator.render import Renderer

POOL_THRESHOLD = 400  # below this many items, one process is faster
CHUNK = 64

_renderer: Renderer | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """Where rendered pages go, and what the last build left there."""

    staging: Path
    root: Path
    manifest: Mapping[str, list]


Staged = tuple[str, str, bool]  # output path, digest, whether it was staged


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(dirs: Sequence[Path], globals_: Context) -> None:
    global _renderer
    _renderer = Renderer(dirs, globals_)


def _render_chunk(pages: list[Page], bodies: Mapping[str, str], target: Target) -> list[Staged]:
    assert _renderer is not None
    staged = []
    for page in pages:
        data = _renderer.render(page, bodies)
        line = target.manifest.get(page.path)
        staged.append((page.path, *stage_file(target.staging, target.root, page.path, data, line)))
    return staged


def _render_bodies(texts: list[str], sanitize: bool) -> list[str]:
    return [render_body(text, sanitize) for text in texts]


def _pool(dirs: Sequence[Path], globals_: Context) -> ProcessPoolExecutor:
    # fork starts workers in milliseconds and shares the loaded modules; spawn elsewhere.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(cpu_count(), context, initializer=_start, initargs=(list(dirs), globals_))


def _small(items: Sequence[object]) -> bool:
    return len(items) < POOL_THRESHOLD or cpu_count() == 1


def render_bodies(texts: Sequence[str], sanitize: bool) -> list[str]:
    """Markdown to HTML for many bodies, in order, sanitised unless `sanitize` is off."""
    if _small(texts):
        return _render_bodies(list(texts), sanitize)
    chunks = [list(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
    with _pool([], {}) as pool:
        return [html for chunk in pool.map(partial(_render_bodies, sanitize=sanitize), chunks) for html in chunk]


def render_pages(
    pages: Sequence[Page],
    dirs: Sequence[Path],
    globals_: Context,
    bodies: Mapping[str, str],
    target: Target,
    done: Callable[[int], None],
) -> Iterator[Staged]:
    """Render and stage every page; yields what happened to each, and tells `done` as chunks finish."""

    def job(chunk: Sequence[Page]) -> tuple[list[Page], dict[str, str], Target]:
        # Each worker gets only the body HTML and manifest lines its pages need.
        needed = {key: bodies[key] for page in chunk for key in page.bodies}
        lines = {page.path: target.manifest[page.path] for page in chunk if page.path in target.manifest}
        return list(chunk), needed, Target(target.staging, target.root, lines)

    chunks = [pages[i : i + CHUNK] for i in range(0, len(pages), CHUNK)]
    if _small(pages):
        _start(dirs, globals_)
        results: Iterator[list[Staged]] = (_render_chunk(*job(chunk)) for chunk in chunks)
        for staged in results:
            yield from staged
            done(len(staged))
        return
    with _pool(dirs, globals_) as pool:
        futures = [pool.submit(_render_chunk, *job(chunk)) for chunk in chunks]
        for future in futures:
            staged = future.result()
            yield from staged
            done(len(staged))
