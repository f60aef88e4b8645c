"""site.toml: defaults, and errors that name the key at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import SiteConfig, load_config, parse_config
from generator.errors import NewsarchiveError


def test_a_site_without_site_toml_gets_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == SiteConfig()
    assert (config.per_page, config.feed_limit, config.timezone) == (20, 50, "UTC")


def test_keys_are_read(tmp_path: Path) -> None:
    text = 'title = "Daily"\ntimezone = "Europe/Istanbul"\nper_page = 10\nbase_url = "https://x.org/news/"\n'
    config = parse_config(text, tmp_path / "site.toml")
    assert (config.title, config.per_page, config.tz.key) == ("Daily", 10, "Europe/Istanbul")
    assert config.absolute("/tags/uk/") == "https://x.org/news/tags/uk/"
    assert config.sanitize_html and not parse_config("sanitize_html = false", tmp_path / "site.toml").sanitize_html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("titel = 'x'", "unknown key 'titel'"),
        ("per_page = '20'", "'per_page' must be an integer, not '20'"),
        ("per_page = true", "'per_page' must be an integer"),
        ("title = 3", "'title' must be a string, not 3"),
        ("timezone = 'Mars/Olympus'", "'timezone': unknown time zone 'Mars/Olympus'"),
        ("base_url = 'example.org'", "'base_url' must start with http:// or https://"),
        ("feed_limit = 0", "'feed_limit' must be at least 1"),
        ("title = ", "not valid TOML"),
        ("sanitize_html = 'no'", "'sanitize_html' must be true or false, not 'no'"),
        ("sanitize_html = 0", "'sanitize_html' must be true or false, not 0"),
    ],
)
def test_a_wrong_key_or_type_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(NewsarchiveError, match="site.toml: " + message.replace("(", r"\(").replace(")", r"\)")):
        parse_config(text, tmp_path / "site.toml")
