"""A dask cluster of local worker processes for `make bench`, started the way the README tells a user to."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
from serving import free_port

BIN = Path(sys.executable).parent


def _wait_for_workers(address: str, workers: int) -> None:
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)


@contextlib.contextmanager
def dask_cluster(workers: int, log: Path) -> Iterator[tuple[str, list[psutil.Process]]]:
    """`dask scheduler` and `dask worker --nworkers N` on 127.0.0.1: the address for `--executor`, and
    the cluster's processes, whose memory a build through it uses as much as its own."""
    port = free_port()
    address = f"127.0.0.1:{port}"
    with log.open("w") as out:
        scheduler = subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                      "--no-dashboard"], stdout=out, stderr=out)  # fmt: skip
        time.sleep(1)  # the worker retries its connection, but an early one logs a page of errors
        worker = subprocess.Popen([BIN / "dask", "worker", f"tcp://{address}", "--nworkers", str(workers),
                                   "--nthreads", "1", "--no-dashboard"], stdout=out, stderr=out)  # fmt: skip
    started = [psutil.Process(scheduler.pid), psutil.Process(worker.pid)]
    try:
        _wait_for_workers(f"tcp://{address}", workers)
        yield f"dask://{address}", started
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
