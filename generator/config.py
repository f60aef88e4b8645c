"""Site configuration: `site.toml` at the site root, every key with a default."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import NewsarchiveError

CONFIG_FILE = "site.toml"
LOCAL_EXECUTOR = "local"
# A dask scheduler's address: a host name, IPv4 or [IPv6] address, and a port.
_EXECUTOR = re.compile(r"local|dask://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "News Archive"
    description: str = "An archive of news articles."
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    timezone: str = "UTC"
    per_page: int = 20
    feed_limit: int = 50
    sanitize_html: bool = True
    search: bool = True  # false: no search index is made (the build is faster and smaller)
    nav: tuple[str, ...] = ()  # the header's sections, in order; empty: the biggest eight
    executor: str = LOCAL_EXECUTOR  # where pages render (executors.py)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def absolute(self, url: str) -> str:
        """The absolute form of a site-relative URL such as `/tags/uk/`."""
        return self.base_url.rstrip("/") + url


def parse_config(text: str, path: Path) -> SiteConfig:
    """Validate the TOML text of a site.toml; raises with the key at fault."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NewsarchiveError(f"{path}: not valid TOML: {exc}") from exc
    known = {f.name: f for f in fields(SiteConfig)}
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            raise NewsarchiveError(f"{path}: unknown key '{key}' (known keys: {', '.join(known)})")
        wanted = type(known[key].default)
        if wanted is tuple:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise NewsarchiveError(f"{path}: '{key}' must be a list of names, like [\"World\", \"Business\"]")
            value = tuple(value)
        # bool is an int in Python, but `per_page = true` is a mistake.
        elif not isinstance(value, wanted) or (isinstance(value, bool) and wanted is not bool):
            kind = {int: "an integer", bool: "true or false"}.get(wanted, "a string")
            raise NewsarchiveError(f"{path}: '{key}' must be {kind}, not {value!r}")
        values[key] = value
    config = SiteConfig(**values)  # type: ignore[arg-type]
    _check(config, path)
    return config


def _check(config: SiteConfig, path: Path) -> None:
    try:
        config.tz  # noqa: B018 - looking the zone up is the check
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise NewsarchiveError(
            f"{path}: 'timezone': unknown time zone {config.timezone!r} (write a name like 'Europe/London')"
        ) from exc
    if not config.base_url.startswith(("http://", "https://")):
        raise NewsarchiveError(f"{path}: 'base_url' must start with http:// or https://, not {config.base_url!r}")
    for key in ("per_page", "feed_limit"):
        if getattr(config, key) < 1:
            raise NewsarchiveError(f"{path}: '{key}' must be at least 1")
    check_executor(config.executor, f"{path}: 'executor'")


def check_executor(value: str, where: str) -> None:
    """Refuse an executor setting that names no executor; `where` says where it was written."""
    if not _EXECUTOR.fullmatch(value):
        raise NewsarchiveError(
            f"{where} must be 'local' or 'dask://HOST:PORT' (a dask scheduler's address), not {value!r}"
        )


def load_config(site_dir: Path) -> SiteConfig:
    path = site_dir / CONFIG_FILE
    if not path.exists():
        return SiteConfig()
    return parse_config(path.read_text(encoding="utf-8"), path)
