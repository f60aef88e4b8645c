"""The folders and files of a site, relative to the site folder: the one place that names them.

site.toml        settings (config.py)
sources/         raw pages the importer turns into content files (ingest/)
content/         Markdown articles with front matter (content.py)
templates/       the site's own templates, before the theme's (render.py)
static/          files copied as they are to output/static/
output/          the built site (the default; any folder outside the others will do)
.newsarchive/    what the build and the importer remember between runs
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CONTENT_DIR = "content"
SOURCES_DIR = "sources"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
OUTPUT_DIR = "output"
CACHE_DIR = ".newsarchive"

# The folders a person edits, which `serve` watches and `new` makes.
INPUT_FOLDERS = (CONTENT_DIR, SOURCES_DIR, TEMPLATES_DIR, STATIC_DIR)
# Folders of the site that output/ must never be, or be inside of.
SITE_FOLDERS = (*INPUT_FOLDERS, CACHE_DIR)

BUILD_CACHE = Path(CACHE_DIR) / "cache.sqlite"
BUILD_LOCK = Path(CACHE_DIR) / "build.lock"
IMPORT_STATE = Path(CACHE_DIR) / "import-state.json"
# The number changes when the importer makes story signatures differently (ingest/dedup.py).
STORY_INDEX = Path(CACHE_DIR) / "stories-2.json"
WEB_SOURCES = Path(SOURCES_DIR) / "web"  # pages fetched by `import URL`, kept as raw files


def manifest_path(site_dir: Path, output: Path) -> Path:
    """One manifest per output folder (what the build last wrote there), kept in the cache folder, not in output/."""
    key = hashlib.sha1(str(output.resolve()).encode()).hexdigest()[:12]
    return site_dir / CACHE_DIR / f"manifest-{key}.sqlite"
