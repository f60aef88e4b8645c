"""One key per article address: the same story saved under different URLs is one story.

courlan (trafilatura's own URL library) lowercases the host, drops the
default port, the fragment and the tracking parameters it knows, and sorts
the query. On top of it this module folds what the same page is published
under: http and https, `www.`, `m.` and `amp.` hosts, a trailing slash,
`index.html`, and the AMP forms (`/amp/`, `/amp`, `.amp.html`, `?amp=1`,
`?outputType=amp`), plus the click identifiers courlan keeps.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from courlan import normalize_url

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"mkt_tok|ref|ref_src|ref_url|cmpid|ito|smid|s_cid|ncid|ocid|guccounter|amp|outputtype)$",
    re.IGNORECASE,
)
_HOST_PREFIX = re.compile(r"^(www\d?|m|mobile|amp)\.")
_AMP_PATH = re.compile(r"(/amp(?=/|$)|\.amp(?=\.html?$)|/index\.html?$)", re.IGNORECASE)


def url_key(url: str) -> str:
    """The address with everything that does not choose the page folded away; "" when not a web URL."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return ""
    try:
        parts = urlsplit(normalize_url(url, strict=False))
    except ValueError:
        return ""
    host = _HOST_PREFIX.sub("", (parts.hostname or "").lower())
    if not host:
        return ""
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = _AMP_PATH.sub("", parts.path).rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return f"{host}{port}{path}" + (f"?{urlencode(sorted(query))}" if query else "")
