"""Time `newsarchive import` of one WARC of many pages (warcio writes it) into an empty site.

    python bench/warc_import.py [--pages 1000] [--kind synthetic|samples] [--samples ../shared/samples]

synthetic: every page a different story of about 600 words in a page with
the usual furniture, so every record becomes an article. samples: the real
pages of ../shared/samples/news cycled, each under its own URL, so
extraction costs what real pages cost (most records are then reported as
duplicates of the first copy). Prints the wall time, the CPU time of the
import and its workers (the fair figure on a busy machine: divide by the
cores for an idle one's wall time) and the summary line.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
STEMS = ("ka", "lo", "mi", "ren", "tas", "vo", "pel", "dri")
WORDS = sorted({stem + end for stem in STEMS for end in ("", "s", "an", "ed", "or")})


def _synthetic(number: int) -> bytes:
    rng = random.Random(number)
    vocabulary = [f"{w}{rng.randrange(10_000)}" for w in WORDS] * 3
    body = "".join(f"<p>{' '.join(rng.choice(vocabulary) for _ in range(60)).capitalize()}.</p>" for _ in range(10))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report {number} | Bench Times</title>'
        f'<meta property="article:published_time" content="2024-{1 + number % 12:02d}-{1 + number % 28:02d}">'
        '</head><body><nav><a href="/">Home</a> <a href="/world/">World</a></nav>'
        f"<main><article><h1>Report {number}</h1>{body}</article></main>"
        "<footer><p>© Bench Times</p></footer></body></html>"
    ).encode()


def write_warc(path: Path, pages: int, kind: str, samples: Path) -> None:
    real = sorted(samples.glob("news/*/page.html")) if kind == "samples" else []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(pages):
            body = real[number % len(real)].read_bytes() if real else _synthetic(number)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://bench.example/{number}", "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--kind", choices=("synthetic", "samples"), default="synthetic")
    parser.add_argument("--samples", type=Path, default=HERE.parent.parent / "shared" / "samples")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        site.mkdir()
        warc = Path(folder) / "crawl.warc.gz"
        write_warc(warc, args.pages, args.kind, args.samples)
        command = [sys.executable, "-m", "generator", "import", str(warc), "--site", str(site)]
        start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the import and its pool workers
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
        size = warc.stat().st_size / 1e6
        load = os.getloadavg()[0]
        print(
            f"{args.pages} {args.kind} pages ({size:.1f} MB WARC): {seconds:.1f} s wall, {cpu:.1f} s CPU "
            f"on {os.cpu_count()} cores (load average {load:.1f} at the end) -- {summary}"
        )


if __name__ == "__main__":
    main()
