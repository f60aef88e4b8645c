"""Where templates are found: the site's own templates/ and the theme shipped with the package.

Apart from render.py so that the quick no-change check, which looks at the templates' files,
does not load Jinja and everything rendering needs.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from generator.errors import NewsarchiveError
from generator.layout import TEMPLATES_DIR


def theme_dir() -> Path:
    """The default theme shipped with the package (the repository's templates/)."""
    # A data-only namespace package: its search path is the one reliable way to find
    # it in both editable and regular installs.
    spec = importlib.util.find_spec("newsarchive_theme")
    for location in spec.submodule_search_locations if spec and spec.submodule_search_locations else ():
        if Path(location, "base.html").is_file():
            return Path(location)
    raise NewsarchiveError("the default theme is missing from this installation; reinstall newsarchive")


def template_dirs(site_dir: Path) -> list[Path]:
    """Where templates are looked up: the site's own templates/ first, then the theme."""
    own = site_dir / TEMPLATES_DIR
    theme = theme_dir()
    return [own, theme] if own.is_dir() and own.resolve() != theme.resolve() else [theme]
