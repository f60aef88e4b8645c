"""Spread Markdown and page rendering over every core, through a concurrent.futures Executor.

Workers get plain data only: once per pool, the template sources and the
site-wide data; then batches of Page records with the body HTML they show
(read from the cache batch by batch by `fetch`). Nothing here needs `fork`:
the local pool starts its workers with forkserver (or spawn where there is
none), the way a distributed executor gets them.

Where the workers come from is a `Workers`: this machine's process pool
(below), or a dask.distributed cluster (executors.py). Local workers see this
machine's disk and stage the pages they render into the staging folder
themselves, sending back only each page's path and digest (no page's bytes
cross a pipe); workers elsewhere send back the bytes and this process stages
them. Either way a batch's result is whole or absent: nothing is recorded
before all of it has arrived.
Small jobs stay in this process: a pool costs more than it saves there.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from generator import __version__
from generator.errors import NewsarchiveError
from generator.manifest import Entry
from generator.markup import render_body
from generator.output import stage_file
from generator.pages import Context, Page

if TYPE_CHECKING:
    from generator.render import Renderer

POOL_THRESHOLD = 400  # below this many items, one process is faster
BATCH = 64
IN_FLIGHT = 4  # batches queued per worker: enough to keep it busy, few enough to bound memory
AHEAD = 1_000  # bodies given to the workers and not yet back, at most: a second or two of their work

_renderer: Renderer | None = None
_made_from: tuple[object, object] = (None, None)  # the data this process's renderer was made from
# A dask worker may run several tasks at once in threads; the Markdown converter and the renderer are one per
# process, and pure-Python work gains nothing from threads, so its tasks take turns.
_one_at_a_time = threading.Lock()


class Lines(Protocol):
    """The last manifest's entries, looked up by output path: a dict, or the Manifest file itself."""

    def get(self, rel: str, /) -> Entry | None: ...


@dataclass(frozen=True, slots=True)
class Target:
    """Where rendered pages go, and what the last build left there."""

    staging: Path
    root: Path
    manifest: Lines


Staged = tuple[str, str, bool]  # output path, digest, whether it was staged
Rendered = tuple[str, bytes]  # output path, bytes
Sources = Mapping[str, tuple[str, str]]
Shared = tuple[Sources, Context, tuple[str, ...]]  # what remote workers get once: templates, data, versions


@dataclass(frozen=True)
class Pool:
    """An Executor whose workers hold the site-wide data, and how to use it."""

    executor: Executor
    slots: int  # tasks it runs at once
    shared: object  # passed to every task, for it to find the site-wide data; None where workers got it at start
    stages: bool  # do the workers see this machine's staging folder, and stage their pages themselves?


class Workers(Protocol):
    def worth_it(self, count: int) -> bool:
        """Is a pool faster than this process for `count` items?"""

    def pool(self, sources: Sources, globals_: Context) -> AbstractContextManager[Pool]:
        """Workers holding these templates and site-wide data, for one stage of one build."""


def library_versions() -> tuple[str, ...]:
    """The versions that shape a page's bytes: every worker of a build must have these."""
    from importlib.metadata import version

    return (__version__, *(version(name) for name in ("markdown", "jinja2", "nh3", "feedgen")))


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(sources: Sources, globals_: Context) -> None:
    """Make this process's renderer; kept while the same templates and data come again (serve's saves)."""
    from generator.render import Renderer  # here: Jinja is loaded by builds that render, and only by those

    global _renderer, _made_from
    # Compared by identity: a Jinja environment is costly to make, and serve's saves reuse the same data.
    if _renderer is None or _made_from[0] is not sources or _made_from[1] is not globals_:
        _renderer, _made_from = Renderer(sources, globals_), (sources, globals_)


def _start_shared(shared: Shared | None) -> None:
    """Make the renderer from data a remote worker was sent (None: the pool's initializer made it)."""
    if shared is None:
        return
    sources, globals_, versions = shared
    if versions != library_versions():
        raise NewsarchiveError(
            f"a worker has newsarchive, markdown, jinja2, nh3, feedgen {library_versions()}, but the build runs "
            f"{versions}: install the same versions on every worker"
        )
    _start(sources, globals_)


def _render_batch(shared: Shared | None, pages: list[Page], bodies: Mapping[str, str]) -> list[Rendered]:
    with _one_at_a_time:
        _start_shared(shared)
        assert _renderer is not None
        return [(page.path, _renderer.render(page, bodies)) for page in pages]


def _stage(rendered: list[Rendered], target: Target) -> list[Staged]:
    staging, root, lines = target.staging, target.root, target.manifest
    return [(rel, *stage_file(staging, root, rel, data, lines.get(rel))) for rel, data in rendered]


def _render_and_stage(pages: list[Page], bodies: Mapping[str, str], target: Target) -> list[Staged]:
    return _stage(_render_batch(None, pages, bodies), target)


def _render_bodies(shared: Shared | None, items: list[tuple[str, str]], sanitize: bool) -> list[tuple[str, str]]:
    with _one_at_a_time:
        _start_shared(shared)
        return [(key, render_body(text, sanitize)) for key, text in items]


class LocalWorkers:
    """A process per core of this machine; they share its disk."""

    def worth_it(self, count: int) -> bool:
        return count >= POOL_THRESHOLD and cpu_count() > 1

    @contextmanager
    def pool(self, sources: Sources, globals_: Context) -> Iterator[Pool]:
        import multiprocessing  # here, with the executor: a build with few pages to make starts no pool
        from concurrent.futures import ProcessPoolExecutor

        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            # Imported once in the server, so each worker starts as a fork of a process that has our modules.
            context.set_forkserver_preload([__name__])
        else:
            context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(cpu_count(), context, initializer=_start, initargs=(dict(sources), globals_)) as ex:
            yield Pool(ex, cpu_count(), None, stages=True)


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


@contextmanager
def rendering_bodies(
    sanitize: bool, workers: Workers, store: Callable[[list[list[tuple[str, str]]]], None]
) -> Iterator[Callable[[Sequence[tuple[str, str]]], None]]:
    """A function that turns (key, Markdown) bodies into (key, HTML), sanitised unless `sanitize` is off, and
    returns while the workers render them: this process goes on meanwhile (loading the next files). Each call
    gives `store` the batches that came back by then, and the block's end the rest. At most AHEAD bodies wait
    in the workers, which bounds the memory they hold. Few bodies are rendered in this process, at once."""
    with ExitStack() as stack:
        pool: Pool | None = None
        pending: deque[Future] = deque()

        def render(items: Sequence[tuple[str, str]]) -> None:
            nonlocal pool
            if pool is None and not workers.worth_it(len(items)):
                if items:
                    store([_render_bodies(None, list(items), sanitize)])
                return
            pool = pool or stack.enter_context(workers.pool({}, {}))
            pending.extend(pool.executor.submit(_render_bodies, pool.shared, batch, sanitize)
                           for batch in _batches(items))  # fmt: skip
            back = []
            while pending and (len(pending) * BATCH > AHEAD or pending[0].done()):
                back.append(pending.popleft().result())
            if back:
                store(back)

        yield render
        if pending:
            store([future.result() for future in pending])


def render_pages(
    pages: Iterable[Page],
    count: int,
    sources: Sources,
    globals_: Context,
    fetch: Callable[[set[str]], Mapping[str, str]],
    target: Target,
    done: Callable[[int], None],
    workers: Workers,
) -> Iterator[Staged]:
    """Render and stage `count` pages, made one batch at a time; yields what happened to each,
    and tells `done` as batches finish."""

    def job(batch: list[Page], pool: Pool) -> tuple[Callable, tuple]:
        # Each worker gets only the body HTML and manifest lines its pages need.
        needed = fetch({key for page in batch for key in page.bodies})
        if not pool.stages:
            return _render_batch, (pool.shared, batch, needed)
        lines = {page.path: line for page in batch if (line := target.manifest.get(page.path)) is not None}
        return _render_and_stage, (batch, needed, Target(target.staging, target.root, lines))

    if not workers.worth_it(count):
        _start(sources, globals_)
        for batch in _batches(pages):
            staged = _render_and_stage(batch, fetch({key for page in batch for key in page.bodies}), target)
            yield from staged
            done(len(staged))
        return
    with workers.pool(sources, globals_) as pool:
        jobs = (job(batch, pool) for batch in _batches(pages))
        for result in _ordered(pool.executor, jobs, pool.slots * IN_FLIGHT):
            staged = result if pool.stages else _stage(result, target)  # type: ignore[arg-type]
            yield from staged
            done(len(staged))
