"""Where a build renders: this machine's process pool, or a dask.distributed cluster.

The setting (`--executor`, or `executor` in site.toml, checked in config.py)
is "local" or "dask://HOST:PORT", the address of a running dask scheduler.
On a cluster, planning, fingerprints, the commit and the cache stay in the
process that runs `build`; workers get the templates and site-wide data once
per stage (scattered to every worker, so a worker that joins or restarts
fetches them from a peer), then batches of plain data, and send back bytes.
dask runs the tasks of a worker that died again elsewhere; a task's result is
one message, so a batch arrives whole or not at all.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager

from generator.config import LOCAL_EXECUTOR
from generator.errors import NewsarchiveError
from generator.pages import Context
from generator.parallel import POOL_THRESHOLD, LocalWorkers, Pool, Sources, Workers, library_versions

DASK_SCHEME = "dask://"
CONNECT_SECONDS = 10


class DaskWorkers:
    """The workers of the dask scheduler at `address` (host:port)."""

    def __init__(self, address: str) -> None:
        if importlib.util.find_spec("distributed") is None:
            raise NewsarchiveError("the dask executor needs dask.distributed: pip install 'newsarchive[dask]'")
        self.address = address

    def worth_it(self, count: int) -> bool:
        return count >= POOL_THRESHOLD

    @contextmanager
    def pool(self, sources: Sources, globals_: Context) -> Iterator[Pool]:
        from distributed import Client, KilledWorker  # an optional dependency, checked above

        try:
            client = Client(f"tcp://{self.address}", timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as exc:
            raise NewsarchiveError(f"cannot reach the dask scheduler at {self.address}: {exc}") from exc
        with client:
            threads = sum(client.nthreads().values())
            if not threads:
                raise NewsarchiveError(f"the dask scheduler at {self.address} has no workers; start some")
            [shared] = client.scatter([(dict(sources), globals_, library_versions())], broadcast=True, hash=False)
            try:
                yield Pool(client.get_executor(pure=False), threads, shared, stages=False)
            except KilledWorker as exc:
                raise NewsarchiveError(f"dask workers of {self.address} kept dying on one batch: {exc}") from exc


def workers_for(setting: str) -> Workers:
    """The workers an executor setting names (already checked)."""
    if setting == LOCAL_EXECUTOR:
        return LocalWorkers()
    return DaskWorkers(setting.removeprefix(DASK_SCHEME))
