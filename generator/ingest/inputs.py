"""What `newsarchive import` is given, turned into items: files, folders, URLs.

A file is read by what it is, told by its name and its first bytes: a raw
page (.txt, .html, .htm), a list of URLs (.txt), browser bookmarks (.html),
a Pocket CSV, a Wallabag or Omnivore JSON, a feed, a web archive or an MHTML
page. An argument that starts with http:// or https:// is fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import Problem
from ..limits import MAX_RAW_BYTES, megabytes
from . import archives, feeds_in, linklists
from .article import IngestError
from .decode import decode
from .items import Item

RAW_SUFFIXES = (".txt", ".html", ".htm")
LIST_SUFFIXES = (".csv", ".json")
KNOWN_SUFFIXES = (*RAW_SUFFIXES, *LIST_SUFFIXES, *feeds_in.FEED_SUFFIXES, *archives.MHTML_SUFFIXES)


@dataclass
class Gathered:
    items: list[Item] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def gather(arguments: list[str], display: Callable[[Path], str], source_file: Callable[[Path], str]) -> Gathered:
    """Every item the arguments name; a file that cannot be read is an error naming it, and the rest go on."""
    found = Gathered()
    for argument in arguments:
        if argument.lower().startswith(("http://", "https://")):
            found.items.append(Item(argument, url=argument, saved_is="the time it was fetched"))
            continue
        path = Path(argument)
        files = _files(path) if path.is_dir() else [path]
        if not path.exists():
            found.errors.append(Problem(display(path), "no such file or folder"))
            continue
        for file in files:
            try:
                found.items.extend(_read(file, display(file), source_file(file)))
            except IngestError as error:
                found.errors.append(error.problem(display(file)))
            except OSError as error:
                found.errors.append(Problem(display(file), f"cannot read ({error.strerror or error})"))
    return found


def _files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".") and (_known(path) or archives.is_archive(path))
    )


def _known(path: Path) -> bool:
    return path.suffix.lower() in KNOWN_SUFFIXES


def _read(path: Path, name: str, source_file: str) -> list[Item]:
    if archives.is_archive(path):
        return list(archives.read_archive(path, name))
    if not _known(path):
        raise IngestError("not a file newsarchive imports (see the README's list of inputs)", name)
    size = path.stat().st_size
    if size > MAX_RAW_BYTES:
        limit = megabytes(MAX_RAW_BYTES)
        raise IngestError(f"the file is {megabytes(size)}; the importer reads files up to {limit} (the limit)", name)
    data = path.read_bytes()
    if archives.is_mhtml(path):
        return [archives.read_mhtml(data, name)]
    text = decode(data)  # its error is located by gather, at this file
    suffix = path.suffix.lower()
    if suffix == ".csv" and linklists.is_pocket_csv(text):
        return linklists.read_pocket_csv(text, name)
    if suffix == ".json":
        return linklists.read_export_json(text, path, name)
    if suffix in feeds_in.FEED_SUFFIXES or (suffix != ".txt" and feeds_in.is_feed(text)):
        return feeds_in.read_feed(data, name)
    if linklists.is_bookmarks(text):
        return linklists.read_bookmarks(text, name)
    if suffix == ".txt" and linklists.is_url_list(text):
        return linklists.read_url_list(text, name)
    if suffix == ".csv":
        raise IngestError("a CSV without url and time_added columns (not a Pocket export)", name)
    modified = date.fromtimestamp(path.stat().st_mtime)
    return [
        Item(name, source_file, text=text, is_html=suffix != ".txt", saved=modified,
             saved_is="the file's modification time")
    ]  # fmt: skip
