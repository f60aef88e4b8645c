"""Spread Markdown and page rendering over every core, through a concurrent.futures Executor.

Workers get plain data only: once, when they start (the initializer), the
template sources and the site-wide data; then batches of Page records with the
body HTML they show (read from the cache batch by batch by `fetch`). They send back plain data: each page's output path,
digest and whether they staged it. Nothing here needs `fork`: the pool starts
its workers with forkserver (or spawn where there is none), the way a
distributed executor would get them.

Workers stage the pages they render into the staging folder themselves (that
is fastest here: no page's bytes cross a pipe). An executor whose workers
cannot see this machine's disk would return the bytes instead; `_render_batch`
is the one function that would change.
Small jobs stay in this process: a pool costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path

from generator.markup import render_body
from generator.output import stage_file
from generator.pages import Context, Page
from generator.render import Renderer

POOL_THRESHOLD = 400  # below this many items, one process is faster
BATCH = 64
IN_FLIGHT = 4  # batches queued per worker: enough to keep it busy, few enough to bound memory

_renderer: Renderer | None = None
_made_from: tuple[object, object] = (None, None)  # the data this process's renderer was made from


@dataclass(frozen=True, slots=True)
class Target:
    """Where rendered pages go, and what the last build left there."""

    staging: Path
    root: Path
    manifest: Mapping[str, list]


Staged = tuple[str, str, bool]  # output path, digest, whether it was staged
Sources = Mapping[str, tuple[str, str]]


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(sources: Sources, globals_: Context) -> None:
    """Make this process's renderer; kept while the same templates and data come again (serve's saves)."""
    global _renderer, _made_from
    # Compared by identity: a Jinja environment is costly to make, and serve's saves reuse the same data.
    if _renderer is None or _made_from[0] is not sources or _made_from[1] is not globals_:
        _renderer, _made_from = Renderer(sources, globals_), (sources, globals_)


def _render_batch(pages: list[Page], bodies: Mapping[str, str], target: Target) -> list[Staged]:
    assert _renderer is not None
    staged = []
    for page in pages:
        data = _renderer.render(page, bodies)
        line = target.manifest.get(page.path)
        staged.append((page.path, *stage_file(target.staging, target.root, page.path, data, line)))
    return staged


def _render_bodies(items: list[tuple[str, str]], sanitize: bool) -> list[tuple[str, str]]:
    return [(key, render_body(text, sanitize)) for key, text in items]


def _pool(sources: Sources, globals_: Context) -> ProcessPoolExecutor:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Imported once in the server, so each worker starts as a fork of a process that has our modules.
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(cpu_count(), context, initializer=_start, initargs=(dict(sources), globals_))


def _small(count: int) -> bool:
    return count < POOL_THRESHOLD or cpu_count() == 1


def _batches(items: Iterable[object], size: int = BATCH) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _ordered(pool: Executor, jobs: Iterator[tuple[Callable, tuple]], window: int) -> Iterator[object]:
    """Results of the jobs in order, with at most `window` submitted and not yet taken."""
    pending: list[Future] = []
    for function, args in jobs:
        pending.append(pool.submit(function, *args))
        if len(pending) >= window:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


def render_bodies(items: Sequence[tuple[str, str]], sanitize: bool) -> Iterator[list[tuple[str, str]]]:
    """Markdown to HTML for many (key, Markdown) bodies, as batches of (key, HTML), sanitised
    unless `sanitize` is off."""
    if _small(len(items)):
        yield _render_bodies(list(items), sanitize)
        return
    work = partial(_render_bodies, sanitize=sanitize)
    with _pool({}, {}) as pool:
        jobs = ((work, (batch,)) for batch in _batches(items))
        yield from _ordered(pool, jobs, cpu_count() * IN_FLIGHT)  # type: ignore[misc]


def render_pages(
    pages: Iterable[Page],
    count: int,
    sources: Sources,
    globals_: Context,
    fetch: Callable[[set[str]], Mapping[str, str]],
    target: Target,
    done: Callable[[int], None],
) -> Iterator[Staged]:
    """Render and stage `count` pages, made one batch at a time; yields what happened to each,
    and tells `done` as batches finish."""

    def job(batch: list[Page]) -> tuple[Callable, tuple]:
        # Each worker gets only the body HTML and manifest lines its pages need.
        needed = fetch({key for page in batch for key in page.bodies})
        lines = {page.path: target.manifest[page.path] for page in batch if page.path in target.manifest}
        return _render_batch, (batch, needed, Target(target.staging, target.root, lines))

    if _small(count):
        _start(sources, globals_)
        results: Iterator[list[Staged]] = (function(*args) for function, args in map(job, _batches(pages)))
        for staged in results:
            yield from staged
            done(len(staged))
        return
    with _pool(sources, globals_) as pool:
        for staged in _ordered(pool, map(job, _batches(pages)), cpu_count() * IN_FLIGHT):
            yield from staged  # type: ignore[misc]
            done(len(staged))  # type: ignore[arg-type]
