"""Building through a real dask.distributed cluster (two worker processes on 127.0.0.1) gives the same site."""

from __future__ import annotations

import os
import random
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Site, article
from distributed import Client, LocalCluster, get_task_stream

import generator.parallel
from generator.build import Builder
from generator.cli import main
from generator.errors import NewsarchiveError
from generator.parallel import POOL_THRESHOLD

WORDS = ("court", "minister", "harbour", "election", "grain", "wire", "strike", "budget", "«quoted»", "Zürich",
         "東京", "ferry", "council")  # fmt: skip
TAGS = ["Türkiye", "United Kingdom", "Markets", "Weather", "Elections", "Energy", "Ελλάδα"]


def write_archive(site: Site, count: int) -> None:
    """`count` articles with Markdown bodies (quotes, lists, emphasis) over three years and a few tags."""
    rng = random.Random(16)
    for n in range(count):
        paragraphs = [" ".join(rng.choices(WORDS, k=40)) + f' "said {n}" -- *again*.' for _ in range(3)]
        body = "\n\n".join([*paragraphs, "- one\n- two", f"> quoted {n}"])
        date = f"{2023 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00"
        site.write(f"content/{n % 10}/a{n}.md", article(f"Story {n}", date, body, tags=rng.sample(TAGS, 2)))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict[str, bytes]]:
    """A site with enough bodies and pages for the pool, and its local build (search is made on this
    machine either way, so it is left out)."""
    site = Site(tmp_path_factory.mktemp("dask") / "site")
    site.write("site.toml", 'title = "Cluster"\nbase_url = "https://news.example.org/"\nper_page = 5\n')
    write_archive(site, POOL_THRESHOLD + 40)
    local = site.root.parent / "local"
    result = Builder(site.root, local, use_cache=False, search=False).build()
    assert result.rendered > POOL_THRESHOLD and not result.report.errors
    return site, tree(local)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def dask_build(site: Site, client: Client, output: Path, progress: Callable | None = None) -> dict[str, bytes]:
    address = client.scheduler.address.removeprefix("tcp://")
    Builder(site.root, output, use_cache=False, search=False, executor=f"dask://{address}").build(progress)
    return tree(output)


def test_a_build_on_two_dask_workers_is_byte_for_byte_the_local_build(
    archive: tuple[Site, dict[str, bytes]], client: Client
) -> None:
    site, local = archive
    with get_task_stream(client) as stream:
        built = dask_build(site, client, site.root.parent / "dask")
    assert built.keys() == local.keys()
    assert [rel for rel in local if built[rel] != local[rel]] == []
    # Markdown and pages both ran on the cluster, on both workers.
    ran = {(task["key"].split("-")[0], task["worker"]) for task in stream.data}
    assert {name for name, _ in ran} >= {"_render_bodies", "_render_batch"}
    assert len({worker for _, worker in ran}) == 2


def set_version(version: str) -> None:
    generator.parallel.__version__ = version  # as if this worker had another newsarchive installed


def test_a_worker_with_another_newsarchive_refuses_the_work_and_output_stays_as_it_was(
    archive: tuple[Site, dict[str, bytes]], client: Client
) -> None:
    site, _ = archive
    output = site.root.parent / "versions"
    client.run(set_version, "0.0.1")
    try:
        with pytest.raises(NewsarchiveError, match="install the same versions on every worker"):
            dask_build(site, client, output)
    finally:
        client.run(set_version, generator.__version__)
    assert not output.exists()


def test_a_worker_killed_during_the_build_costs_a_retry_never_a_wrong_page(
    archive: tuple[Site, dict[str, bytes]], client: Client
) -> None:
    site, local = archive
    victim = random.Random().choice(list(client.run(os.getpid).values()))

    def progress(total: int) -> Callable[[int], None]:
        def advance(n: int) -> None:
            # The first batch of pages is back, others are running on both workers: kill one of them.
            nonlocal victim
            if victim:
                os.kill(victim, signal.SIGKILL)
                victim = 0

        return advance

    built = dask_build(site, client, site.root.parent / "killed", progress)
    assert victim == 0
    assert built.keys() == local.keys()
    assert [rel for rel in local if built[rel] != local[rel]] == []


def test_without_dask_installed_the_executor_says_how_to_install_it(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("a", "A", "2025-01-01")
    monkeypatch.setitem(sys.modules, "distributed", None)  # what Python sees where it is not installed
    assert main(["build", "--site", str(site.root), "--executor", "dask://127.0.0.1:8786"]) == 1
    assert "pip install 'newsarchive[dask]'" in capsys.readouterr().err


@pytest.mark.parametrize("setting", ["dask://host", "tcp://host:8786", "dask://host:port"])
def test_an_executor_setting_that_names_no_executor_is_refused_with_the_key(
    site: Site, setting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("a", "A", "2025-01-01")
    assert main(["build", "--site", str(site.root), "--executor", setting]) == 1
    assert f"--executor must be 'local' or 'dask://HOST:PORT' (a dask scheduler's address), not '{setting}'" in (
        capsys.readouterr().err
    )
    site.write("site.toml", f'executor = "{setting}"\n')
    assert main(["build", "--site", str(site.root)]) == 1
    assert "site.toml: 'executor' must be 'local' or 'dask://HOST:PORT'" in capsys.readouterr().err
    assert not site.output.exists()
