"""Paths: whatever a slug, a tag, a section or a source says, output stays inside output/ with safe, unique names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Site

from generator.build import build
from generator.errors import NewsarchiveError, Report
from generator.output import checked_path
from generator.scan import scan_content

HOSTILE = [
    "../../escape", "../", "/etc/passwd", "/", "C:\\Windows\\system32", "\\\\server\\share", "a/../../b", "..",
    "con", "CON", "nul.txt", "com1", "LPT9", "aux.html", "prn ", "trailing.", "trailing ",
    "é" * 200, "東京" * 100, "x" * 300, "🙂" * 70, ".hidden", "~", "%2e%2e%2f", "\u202eevil",
]  # fmt: skip
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _assert_safe_tree(site: Site) -> None:
    """Every file written is inside output/ (or the site's own folders), with names any OS accepts."""
    root = site.root.resolve()
    for path in site.root.rglob("*"):
        rel = path.resolve().relative_to(root)
        assert rel.parts[0] in ("output", "content", ".newsarchive", "site.toml"), rel
        if rel.parts[0] != "output":
            continue
        for part in rel.parts:
            assert len(part.encode()) <= 255, part
            assert part.split(".")[0].lower() not in _RESERVED, part
            assert not part.endswith((".", " ")) and "\\" not in part and "\0" not in part, part


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_slug_overrides_stay_inside_output(site: Site, name: str) -> None:
    site.add("x", "Innocent", "2025-01-01", slug=name)
    result = build(site.root)
    assert result.report.errors == []
    assert len(list(site.output.glob("2025/01/*/index.html"))) == 1
    _assert_safe_tree(site)


def test_a_nul_byte_in_a_slug_or_tag_never_reaches_a_path(site: Site) -> None:
    site.write("content/raw.md", "---\ntitle: Raw\ndate: 2025-01-01\nslug: a\x00b\ntags: [c\x00d]\n---\nBody.\n")
    site.add("escaped", "Escaped", "2025-01-02", slug="nul\x00byte")  # YAML writes it as "\0"
    result = build(site.root)
    assert [str(w) for w in result.report.warnings] == [
        "content/raw.md:4: control character U+0000 removed (web pages and feeds cannot hold it)"
    ]
    assert [str(e) for e in result.report.errors] == [
        "content/escaped.md:4: slug: contains the control character U+0000; remove it"
    ]
    assert (site.output / "2025/01/ab/index.html").is_file() and (site.output / "tags/cd/index.html").is_file()
    _assert_safe_tree(site)


def test_hostile_tag_section_and_source_names_get_safe_unique_pages(site: Site) -> None:
    for n, name in enumerate(HOSTILE):
        site.add(f"a{n}", f"Article {n}", "2025-01-01", tags=[name], section=name, source=name)
    result = build(site.root)
    assert result.report.errors == []
    _assert_safe_tree(site)
    for kind in ("tags", "sections", "sources"):
        names = [a.text_content() for a in site.page(f"/{kind}/").xpath("//main//li/a")]
        # Names that fold to the same slug are one term ("con" and "CON"; "\u202eevil" and "evil"): no page is lost.
        assert len(names) == len(list(site.output.glob(f"{kind}/*/index.html")))
        assert len(names) >= len(HOSTILE) - 4


def test_two_long_tag_names_sharing_a_long_prefix_stay_two_tags(site: Site) -> None:
    prefix = "ü" * 200  # 400 bytes of UTF-8, far over any file name limit
    site.add("a", "First", "2025-01-01", tags=[prefix + " one"])
    site.add("b", "Second", "2025-01-02", tags=[prefix + " two"])
    build(site.root)
    pages = sorted(site.output.glob("tags/*/index.html"))
    assert len(pages) == 2
    headings = sorted(site.page(f"/tags/{p.parent.name}/").xpath("string(//h1)") for p in pages)
    assert headings == [prefix + " one", prefix + " two"]
    assert all(len(p.parent.name) <= 80 for p in pages)
    _assert_safe_tree(site)


@pytest.mark.parametrize("rel", ["a/b.", "a /b", "trailing /index.html", "x/com1.txt", "../x", "a\0b", "é" * 128])
def test_the_writer_refuses_unsafe_output_paths(rel: str) -> None:
    with pytest.raises(NewsarchiveError, match="refusing to write unsafe output path"):
        checked_path(rel)


# ---- symbolic links in content/ -----------------------------------------------------------------------------------


def _outside(site: Site, tmp_path: Path) -> Path:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "folder").mkdir(parents=True)
    (elsewhere / "secret.md").write_text("---\ntitle: Secret file\ndate: 2025-01-01\n---\nPrivate.\n")
    (elsewhere / "folder" / "inner.md").write_text("---\ntitle: Secret folder\ndate: 2025-01-01\n---\nPrivate.\n")
    site.add("real/kept", "Kept", "2025-01-01")
    return elsewhere


def test_symlinks_leading_outside_content_are_not_followed(site: Site, tmp_path: Path) -> None:
    elsewhere = _outside(site, tmp_path)
    os.symlink(elsewhere / "secret.md", site.root / "content" / "linked.md")
    os.symlink(elsewhere / "folder", site.root / "content" / "linked-folder")
    result = build(site.root)
    titles = [h.text_content() for p in site.output.glob("2025/01/*/index.html") for h in site.page(
        "/" + p.parent.relative_to(site.output).as_posix() + "/").xpath("//h1")]  # fmt: skip
    assert titles == ["Kept"]
    warnings = sorted(str(w) for w in result.report.warnings)
    content = site.root / "content"
    assert warnings == [
        f"{content / 'linked-folder'}: symbolic link to a folder outside content/, not followed",
        f"{content / 'linked.md'}: symbolic link to a file outside content/, not followed",
    ]


def test_a_symlinked_folder_inside_content_does_not_duplicate_articles(site: Site, tmp_path: Path) -> None:
    _outside(site, tmp_path)
    os.symlink(site.root / "content" / "real", site.root / "content" / "alias")
    result = build(site.root)
    assert result.report.warnings == []
    assert [p.parent.name for p in site.output.glob("2025/01/*/index.html")] == ["kept"]


def test_the_scan_finds_files_in_path_order_and_linked_files_inside_content(site: Site, tmp_path: Path) -> None:
    _outside(site, tmp_path)
    for n in range(6):
        site.add(f"{n % 3}/story-{n}", f"Story {n}", "2025-01-02")
    os.symlink(site.root / "content/real/kept.md", site.root / "content/2/linked.md")
    os.symlink(site.root / "content/gone.md", site.root / "content/2/broken.md")
    report = Report()
    assert [key for key, _ in scan_content(site.root, report)] == [
        "content/0/story-0.md", "content/0/story-3.md", "content/1/story-1.md", "content/1/story-4.md",
        "content/2/linked.md", "content/2/story-2.md", "content/2/story-5.md", "content/real/kept.md",
    ]  # fmt: skip
    assert report.warnings == []  # the broken link is a file gone, not a link leading outside
