"""Fetch web pages politely: httpx, timeouts, a clear User-Agent, one request per host at a time.

    with Fetcher() as fetcher:
        results = fetcher.fetch_all(urls)   # in the order given: a Fetched, or a FetchError naming the URL

A few hosts are fetched at once (MAX_HOSTS_AT_ONCE); the URLs of one host
are fetched one after another, so a site is never hit by more than one of
our requests at a time. Redirects are followed and recorded; a body over the
importer's size limit is refused while it streams in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..errors import Problem
from ..limits import MAX_RAW_BYTES, megabytes

USER_AGENT = f"newsarchive/{__version__} (a personal news archive fetching pages its owner asked for)"
MAX_HOSTS_AT_ONCE = 4
MAX_REDIRECTS = 10
TIMEOUT_SECONDS = 20.0
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/feed+json")


class FetchError(Exception):
    """A URL that gave no page; the message names the URL and what went wrong."""

    def __init__(self, url: str, message: str) -> None:
        self.problem = Problem(url, message)
        super().__init__(str(self.problem))


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    redirects: tuple[str, ...]  # every address passed through before final_url
    body: bytes
    content_type: str  # the media type, lowercased, without parameters

    @property
    def is_page(self) -> bool:
        return self.content_type in PAGE_TYPES or (not self.content_type and _sniff_html(self.body))

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES or self.content_type.endswith(("+xml", "/rss", "/atom"))


def _sniff_html(body: bytes) -> bool:
    return body.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html"))


Result = Fetched | FetchError


class Fetcher:
    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            limits=httpx.Limits(max_connections=MAX_HOSTS_AT_ONCE * 2),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.client.close()

    def fetch(self, url: str) -> Fetched:
        try:
            with self.client.stream("GET", url) as response:
                response.raise_for_status()
                body = _read_limited(response, url)
                redirects = tuple(str(step.url) for step in response.history)
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return Fetched(url, str(response.url), redirects, body, content_type)
        except httpx.HTTPStatusError as error:
            status = error.response
            raise FetchError(url, f"HTTP {status.status_code} {status.reason_phrase}".rstrip()) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.TimeoutException:
            raise FetchError(url, f"no answer within {self.timeout:g} s (timed out)") from None
        except httpx.InvalidURL as error:
            raise FetchError(url, f"not a web address ({error})") from None
        except httpx.UnsupportedProtocol:
            raise FetchError(url, "not an http:// or https:// address") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"could not be fetched ({_reason(error)})") from None

    def fetch_all(self, urls: Sequence[str], advance: Callable[[int], None] = lambda n: None) -> list[Result]:
        """Every URL's result, in the order given, fetched a few hosts at a time."""
        by_host: dict[str, list[int]] = {}
        for index, url in enumerate(urls):
            by_host.setdefault(urlsplit(url).hostname or url, []).append(index)
        results: list[Result] = [FetchError(url, "not fetched") for url in urls]

        def run(indexes: list[int]) -> None:
            for index in indexes:
                try:
                    results[index] = self.fetch(urls[index])
                except FetchError as error:
                    results[index] = error
                advance(1)

        with ThreadPoolExecutor(MAX_HOSTS_AT_ONCE) as pool:
            for future in [pool.submit(run, indexes) for indexes in by_host.values()]:
                future.result()
        return results


def _read_limited(response: httpx.Response, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_RAW_BYTES:
        size = megabytes(int(declared))
        raise FetchError(url, f"the page is {size}; pages up to {megabytes(MAX_RAW_BYTES)} are read (the limit)")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_RAW_BYTES:
            raise FetchError(url, f"the page is over {megabytes(MAX_RAW_BYTES)} (the limit); not read further")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(error: httpx.HTTPError) -> str:
    text = str(error) or type(error).__name__
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "no such host (DNS lookup failed)"
    if "Connection refused" in text:
        return "connection refused"
    return text
