"""The cost of rendering through dask: a LocalCluster of two workers against the local process pool.

    flock /tmp/newsarchive-big.lock python bench/dask_overhead.py [--articles 10000] [--runs 3]

Cold builds of the same generated corpus (bench/corpus.py), without the search
index (Pagefind runs on the machine that builds, whatever the executor), each
in a fresh process, interleaved run by run; medians. Three executors:
"local" (the process pool; workers stage their own pages), "local, bytes
back" (the same pool returning bytes for this process to stage, as dask
workers do) and "dask" (two single-threaded worker processes on this
machine). Then one more dask build, not timed, counts the pickled bytes that
go out and come back per page and per body, and this process's CPU time per
page while pages render.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

import generator.build  # noqa: E402
from generator.build import Builder  # noqa: E402
from generator.executors import DaskWorkers  # noqa: E402
from generator.pages import Context  # noqa: E402
from generator.parallel import LocalWorkers, Pool, Sources  # noqa: E402

WORK = HERE.parent / ".bench"


class BytesBack(LocalWorkers):
    """The local pool, but its workers send the bytes back and this process stages them."""

    @contextmanager
    def pool(self, sources: Sources, globals_: Context) -> Iterator[Pool]:
        with super().pool(sources, globals_) as pool:
            yield Pool(pool.executor, pool.slots, None, stages=False)


class Counting(Executor):
    """Counts the pickled size of every task's arguments (but the scattered data's handle) and result."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.sent: dict[str, int] = {}
        self.back: dict[str, int] = {}

    def submit(self, fn: Callable, /, *args: object, **kwargs: object) -> Future:
        name = fn.__name__
        self.sent[name] = self.sent.get(name, 0) + len(pickle.dumps(args[1:], protocol=5))
        future = self.inner.submit(fn, *args)
        future.add_done_callback(
            lambda f: self.back.update({name: self.back.get(name, 0) + len(pickle.dumps(f.result(), protocol=5))})
        )
        return future


def child(variant: str, site: Path, address: str) -> None:
    """One cold build in this process; prints its stage times, and its own CPU seconds while pages render, as JSON."""
    if variant == "local-bytes":
        generator.build.workers_for = lambda setting: BytesBack()  # type: ignore[assignment]
    executor = f"dask://{address}" if variant == "dask" else "local"
    cpu: list[float] = []

    def progress(total: int) -> Callable[[int], None]:
        cpu.append(time.process_time())
        return lambda n: cpu.append(time.process_time())

    start = time.perf_counter()
    result = Builder(site, use_cache=False, search=False, executor=executor).build(progress)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, **result.timings, "rendered": result.rendered, "main_cpu": cpu[-1] - cpu[0]}))


def timed(variant: str, site: Path, address: str) -> dict:
    for name in ("output", ".newsarchive"):
        shutil.rmtree(site / name, ignore_errors=True)
    run = subprocess.run([sys.executable, __file__, "--child", variant, "--site", str(site), "--address", address],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(run.stdout.strip().splitlines()[-1])


def counted(site: Path, address: str) -> dict[str, float]:
    """Pickled bytes out and back per body and per page."""
    workers = DaskWorkers(address)
    counters: list[Counting] = []
    plain = workers.pool

    @contextmanager
    def pool(sources: Sources, globals_: Context) -> Iterator[Pool]:
        with plain(sources, globals_) as inner:
            counters.append(Counting(inner.executor))
            yield Pool(counters[-1], inner.slots, inner.shared, inner.stages)

    workers.pool = pool  # type: ignore[method-assign]
    generator.build.workers_for = lambda setting: workers  # type: ignore[assignment]
    for name in ("output", ".newsarchive"):
        shutil.rmtree(site / name, ignore_errors=True)
    result = Builder(site, use_cache=False, search=False, executor=f"dask://{address}").build()
    bodies, pages = counters
    count, rendered = len(list((site / "content").rglob("*.md"))), result.rendered
    return {
        "body_out": bodies.sent["_render_bodies"] / count, "body_back": bodies.back["_render_bodies"] / count,
        "page_out": pages.sent["_render_batch"] / rendered, "page_back": pages.back["_render_batch"] / rendered,
        "pages": rendered,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--address", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.site, args.address)
        return
    from distributed import LocalCluster

    site = WORK / f"dask-{args.articles}"
    shutil.rmtree(site, ignore_errors=True)
    write_corpus(site, args.articles)
    variants = ("local", "local-bytes", "dask")
    rows: dict[str, list[dict]] = {v: [] for v in variants}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:  # fmt: skip
        address = cluster.scheduler_address.removeprefix("tcp://")
        for n in range(args.runs):
            for variant in variants:
                rows[variant].append(timed(variant, site, address))
                print(f"  run {n + 1} {variant:<12} {json.dumps(rows[variant][-1])}", flush=True)
        shipped = counted(site, address)
    print(json.dumps(shipped))

    def med(variant: str, key: str) -> float:
        return statistics.median(r[key] for r in rows[variant])

    print(
        "\n| articles | executor | cold build, no search | markdown | render and stage | main process CPU in "
        "render | ÷ local pool |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for variant in variants:
        ratio = med(variant, "seconds") / med("local", "seconds")
        print(f"| {args.articles:,} | {variant} | {med(variant, 'seconds'):.2f} s | {med(variant, 'markdown'):.2f} s "
              f"| {med(variant, 'render'):.2f} s | {med(variant, 'main_cpu'):.2f} s | {ratio:.2f}× |")  # fmt: skip


if __name__ == "__main__":
    main()
