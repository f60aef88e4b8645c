"""One shard of the search index: a folder the browser reads a few small files from per query.

A shard holds some articles, numbered newest first. Its terms are spread over
`buckets` files by a hash of the term (FNV-1a, 32 bits), so a query word costs
one small file per shard, whatever the shard's size. Each bucket, gzipped,
lists for each of its terms the articles that contain it and those whose title
does, as gaps between article numbers (varints). Filters are terms too,
`kind:value` ("section:World"), which no word can be. Result cards (address,
title, excerpt, date, section) come in chunks of CHUNK articles.

The folder is written under a temporary name and renamed to `key.digest`,
a name its content decides: readers see a shard whole or not at all, an
unchanged shard keeps its files, and the same articles give the same bytes.
`urls.txt` and `values.json` are for the indexer (which article is which
number, and its digest; which filter values occur), never fetched by the browser;
so is `docs.json.gz`, the articles as search read them, which a shard written with
`documents=True` keeps (the small shard every new article is added to: it is
written again from them, not from its pages).

templates/static/search.js reads this format; the two change together.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.chars import inert_json
from generator.search_text import Document

CHUNK = 16  # result cards per file: a page of results fetches about one file per result
BUCKET_BYTES = 1536  # aim for buckets about this big before gzip
MAX_BUCKETS = 4096  # and never more files than this in a folder
DOCUMENTS = "docs.json.gz"


@dataclass
class Shard:
    key: str  # e.g. "2025", "2025-12", "recent"
    folder: str  # its folder under the index, `key.digest`
    docs: int
    buckets: int

    def manifest(self) -> dict[str, object]:
        return {"key": self.key, "folder": self.folder, "docs": self.docs, "buckets": self.buckets}


def bucket_of(term: str, buckets: int) -> int:
    h = 0x811C9DC5
    for byte in term.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _gaps(ids: Iterable[int], out: bytearray) -> None:
    ordered = sorted(ids)
    _varint(len(ordered), out)
    last = -1
    for i in ordered:
        _varint(i - last - 1, out)
        last = i


class _Postings:
    """Terms to article numbers, filled one article at a time (only the numbers stay in memory)."""

    def __init__(self) -> None:
        self.all: defaultdict[str, array] = defaultdict(lambda: array("I"))
        self.title: defaultdict[str, array] = defaultdict(lambda: array("I"))
        self.cards: list[list[str]] = []
        self.digests: list[str] = []
        self.values: defaultdict[str, set[str]] = defaultdict(set)

    def add(self, doc: Document) -> None:
        n = len(self.cards)
        self.cards.append([doc.url, doc.title, doc.excerpt, doc.date, doc.section])
        self.digests.append(doc.digest())
        for word in doc.words:
            self.all[word].append(n)
        for word in doc.title_words:
            self.title[word].append(n)
        for kind, value in doc.filters:
            self.all[f"{kind}:{value}"].append(n)
            self.values[kind].add(value)


def _files(postings: _Postings) -> tuple[dict[str, bytes], int]:
    """The shard's files by relative path, and its bucket count; articles renumbered newest first."""
    order = sorted(range(len(postings.cards)), key=lambda n: (postings.cards[n][3], postings.cards[n][0]), reverse=True)
    number = array("I", bytes(4 * len(order)))
    for new, old in enumerate(order):
        number[old] = new
    size = sum(len(ids) for ids in postings.all.values())
    buckets = 1
    while buckets < MAX_BUCKETS and buckets * BUCKET_BYTES < size:
        buckets *= 2
    raw = [bytearray() for _ in range(buckets)]
    for term in sorted(postings.all):
        out = raw[bucket_of(term, buckets)]
        encoded = term.encode()
        _varint(len(encoded), out)
        out += encoded
        _gaps((number[n] for n in postings.all[term]), out)
        _gaps((number[n] for n in postings.title.get(term, ())), out)
    files = {f"t/{b}.idx": gzip.compress(bytes(data), mtime=0) for b, data in enumerate(raw)}
    cards = [postings.cards[n] for n in order]
    for start in range(0, len(cards), CHUNK):
        chunk = inert_json(cards[start : start + CHUNK], separators=(",", ":"))
        files[f"d/{start // CHUNK}.idx"] = gzip.compress(chunk.encode(), mtime=0)
    files["urls.txt"] = "".join(f"{postings.cards[n][0]} {postings.digests[n]}\n" for n in order).encode()
    files["values.json"] = inert_json({k: sorted(v) for k, v in sorted(postings.values.items())}).encode()
    return files, buckets


def write_shard(index: Path, key: str, docs: Iterable[Document], documents: bool = False) -> Shard:
    """Index `docs` into a shard folder under `index` (kept as it is if one with the same content exists),
    with the documents themselves if `documents` (see `shard_documents`)."""
    postings = _Postings()
    kept = []
    for doc in docs:
        postings.add(doc)
        if documents:
            kept.append(_encoded(doc))
    files, buckets = _files(postings)
    if documents:
        # Level 1: a tenth of level 9's time, and this shard is written again by every new article.
        files[DOCUMENTS] = gzip.compress(inert_json(sorted(kept)).encode(), compresslevel=1, mtime=0)
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode() + b"\0" + files[rel])
    shard = Shard(key, f"{key}.{digest.hexdigest()[:12]}", len(postings.cards), buckets)
    final = index / shard.folder
    if not final.is_dir():
        index.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=index, prefix=f".{key}."))
        try:
            for sub in ("t", "d"):
                (temp / sub).mkdir()
            for rel, data in files.items():
                (temp / rel).write_bytes(data)
            os.rename(temp, final)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    return shard


def shard_entries(index: Path, shard: Shard) -> dict[str, tuple[int, str]]:
    """A shard's articles: output path -> (number, `Document.digest`)."""
    lines = (index / shard.folder / "urls.txt").read_text().splitlines()
    return {url: (n, digest) for n, (url, digest) in enumerate(line.rsplit(" ", 1) for line in lines)}


def shard_documents(index: Path, shard: Shard) -> dict[str, Document]:
    """The documents a shard keeps (written with `documents=True`), by output path; none if it keeps none."""
    path = index / shard.folder / DOCUMENTS
    if not path.is_file():
        return {}
    return {row[0]: _decoded(row) for row in json.loads(gzip.decompress(path.read_bytes()))}


def _encoded(doc: Document) -> list[object]:
    return [doc.url, doc.title, doc.excerpt, doc.date, doc.section, sorted(doc.words), sorted(doc.title_words),
            doc.filters]  # fmt: skip


def _decoded(row: list[Any]) -> Document:
    url, title, excerpt, date, section, words, title_words, filters = row
    return Document(url, title, excerpt, date, section, set(words), set(title_words),
                    [(kind, value) for kind, value in filters])  # fmt: skip


def shard_values(index: Path, shard: Shard) -> dict[str, list[str]]:
    return json.loads((index / shard.folder / "values.json").read_bytes())
