"""The header's sections: the owner's choice and order from site.toml `nav`, else the biggest eight."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Site, texts

from generator.build import Builder
from generator.config import parse_config
from generator.errors import NewsarchiveError

SECTIONS = {"World": 5, "Business": 4, "Science": 3, "Sport": 2, "Culture": 1}


def _site(site: Site, nav: str = "") -> None:
    site.write("site.toml", f'title = "Test"\nbase_url = "https://news.example.org/"\n{nav}')
    for section, count in SECTIONS.items():
        for n in range(count):
            site.add(f"{section}-{n}", f"{section} story {n}", f"2025-01-{n + 1:02d}", section=section)


def _nav(site: Site) -> list[str]:
    return texts(site.page("/"), "//header//nav[@aria-label='Sections']//li")


def test_site_toml_names_the_header_sections_and_their_order(site: Site) -> None:
    _site(site, 'nav = ["Sport", "world", "Culture"]\n')
    result = Builder(site.root, search=False).build()
    assert not result.report.warnings
    assert _nav(site) == ["Sport", "World", "Culture", "Tags", "Archive"]
    assert _nav(site) == texts(site.page("/2025/01/world-0/"), "//header//nav[@aria-label='Sections']//li")


def test_without_nav_the_biggest_sections_show_by_name(site: Site) -> None:
    _site(site)
    for n in range(8):
        site.add(f"extra-{n}", f"Extra {n}", "2025-02-01", section=f"Small {n}")
    Builder(site.root, search=False).build()
    # The eight biggest: the five above and three of the one-article sections (ties go by name).
    assert _nav(site) == [
        "Business", "Culture", "Science", "Small 0", "Small 1", "Small 2", "Sport", "World", "Tags", "Archive",
    ]  # fmt: skip


def test_an_unknown_section_in_nav_is_a_clear_warning(site: Site) -> None:
    _site(site, 'nav = ["World", "Sprot"]\n')
    result = Builder(site.root, search=False).build()
    assert [str(w) for w in result.report.warnings] == [
        "site.toml: nav: no section named 'Sprot', so not in the header "
        "(sections: Business, Culture, Science, Sport, World)"
    ]
    assert _nav(site) == ["World", "Tags", "Archive"]


@pytest.mark.parametrize("text", ['nav = "World"', "nav = [1, 2]", 'nav = [["World"]]'])
def test_nav_must_be_a_list_of_names(tmp_path: Path, text: str) -> None:
    with pytest.raises(NewsarchiveError, match=r"site.toml: 'nav' must be a list of names"):
        parse_config(text, tmp_path / "site.toml")
