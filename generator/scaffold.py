"""`newsarchive new DIR`: a ready-to-build archive with one example article."""

from __future__ import annotations

from pathlib import Path

from generator.errors import NewsarchiveError
from generator.layout import CACHE_DIR, CONTENT_DIR, INPUT_FOLDERS, OUTPUT_DIR

SITE_TOML = """\
# Every key is optional; these are the defaults except title and description.
title = "My News Archive"
description = "Articles I keep."
base_url = "http://localhost:8000/"
language = "en"
timezone = "UTC"
per_page = 20
feed_limit = 50
# nav = ["World", "Business"]  # the sections in the header, in order (default: the eight biggest)
"""

EXAMPLE = """\
---
title: Welcome to your news archive
subtitle: Put Markdown files in content/ or raw pages in sources/, then build.
date: 2025-01-01
section: Meta
tags: [Getting started]
---
This article lives in `content/welcome.md`, so its address is
`/2025/01/welcome/`: the file's name under its date's year and month. Edit it,
or delete it once you have articles of your own, and run `newsarchive build`.
"""


def create_site(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewsarchiveError(f"{target} already exists and is not empty; choose a new folder")
    for folder in INPUT_FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
    (target / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (target / CONTENT_DIR / "welcome.md").write_text(EXAMPLE, encoding="utf-8")
    (target / ".gitignore").write_text(f"{OUTPUT_DIR}/\n{CACHE_DIR}/\n", encoding="utf-8")
