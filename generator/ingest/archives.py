"""Web archives: WARC and WACZ files (warcio), and MHTML pages saved by browsers (email).

Every HTML response in a WARC becomes an item, with the capture time as the
fallback date and the record's URL as where it came from. A WACZ is a zip
with WARCs under archive/. An MHTML file is a MIME message whose first
text/html part is the page.
"""

from __future__ import annotations

import email
import email.policy
import zipfile
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..limits import MAX_RAW_BYTES
from .article import IngestError
from .items import Item, from_iso

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")
MHTML_SUFFIXES = (".mhtml", ".mht")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def read_archive(path: Path, name: str) -> Iterator[Item]:
    """The HTML pages captured in a .warc, .warc.gz or .wacz file."""
    try:
        if path.name.lower().endswith(".wacz"):
            with zipfile.ZipFile(path) as wacz:
                warcs = sorted(n for n in wacz.namelist() if n.lower().endswith((".warc", ".warc.gz")))
                if not warcs:
                    raise IngestError("a WACZ file with no WARC inside (expected archive/*.warc.gz)", name)
                for member in warcs:
                    with wacz.open(member) as stream:
                        yield from _records(stream, name)
        else:
            with path.open("rb") as stream:
                yield from _records(stream, name)
    except (ArchiveLoadFailed, zipfile.BadZipFile, EOFError, OSError) as error:
        raise IngestError(f"not a readable web archive ({error})", name) from None


def _records(stream: IO[bytes], name: str) -> Iterator[Item]:
    for record in ArchiveIterator(stream):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        if record.http_headers.get_statuscode() != "200":
            continue  # redirects and errors are not pages
        kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if kind not in _HTML_TYPES:
            continue
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        body = record.content_stream().read(MAX_RAW_BYTES + 1)
        captured = from_iso(record.rec_headers.get_header("WARC-Date"))
        yield Item(f"{name}: {url}", f"{name}#{url}", url, raw=body, saved=captured, saved_is="the capture time")


def is_mhtml(path: Path) -> bool:
    return path.suffix.lower() in MHTML_SUFFIXES


def read_mhtml(data: bytes, name: str) -> Item:
    """The page in an MHTML file, with the address and time the browser saved it at."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() in _HTML_TYPES:
            page = part.get_content()
            break
    else:
        raise IngestError("no HTML page inside this MHTML file", name)
    url = str(message.get("Snapshot-Content-Location") or part.get("Content-Location") or "").strip()
    try:
        saved = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        saved = None
    return Item(name, name, url, page if isinstance(page, str) else "", saved=saved, saved_is="the time it was saved")
