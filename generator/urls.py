"""Site URLs and the output paths and relative links they become.

Pages link to each other with relative links that name the index.html, so a
built archive works from any host, under any sub-path, and straight from disk.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def path_of(url: str) -> str:
    """Output path of a site URL: folders get an index.html."""
    path = url.lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def relative_url(target: str, page: str) -> str:
    """The link from the page at site URL `page` to site URL `target`."""
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    depth = page.count("/") - 1  # "/" -> 0, "/tags/" -> 1, "/a/b.html" -> 1
    return "../" * depth + path_of(target)


def is_web_url(url: str) -> bool:
    """An absolute http(s) address: the only kind of outside link a page may carry.

    Anything else (`javascript:`, `data:`, `vbscript:`, relative paths) could
    run script or point into the site in ways its author did not mean.
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and url == url.strip()
