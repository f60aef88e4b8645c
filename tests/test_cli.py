"""The command line, run as a user runs it: a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lxml.html
from conftest import Site

REPO = Path(__file__).resolve().parents[1]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True)


def test_new_creates_a_site_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    created = run("new", target)
    assert created.returncode == 0, created.stderr
    assert (target / "site.toml").is_file() and (target / "content").is_dir() and (target / "sources").is_dir()
    built = run("build", cwd=target)
    assert built.returncode == 0, built.stderr
    home = lxml.html.fromstring((target / "output/index.html").read_bytes())
    assert home.xpath("//h3/a/text()") == ["Welcome to your news archive"]


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run("new", tmp_path)
    assert result.returncode == 1
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_errors_are_listed_and_strict_fails_the_build(site: Site) -> None:
    site.add("good", "Good", "2025-01-01")
    site.write("content/bad.md", "---\ntitle: Bad\ndate: someday\n---\n")
    relaxed = run("build", "--site", site.root)
    assert relaxed.returncode == 0
    assert "1 error:\n  content/bad.md:3: date: 'someday' is not a date" in relaxed.stderr
    assert "Built " in relaxed.stdout
    strict = run("build", "--site", site.root, "--strict")
    assert strict.returncode == 1


def test_a_bad_site_toml_is_one_clear_line(site: Site) -> None:
    site.write("site.toml", "per_page = 'ten'\n")
    result = run("build", "--site", site.root)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("site.toml: 'per_page' must be an integer, not 'ten'")
    assert "Traceback" not in result.stderr


def test_output_option_builds_elsewhere(site: Site, tmp_path: Path) -> None:
    site.add("good", "Good", "2025-01-01")
    result = run("build", "--site", site.root, "--output", tmp_path / "public")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public/2025/01/good/index.html").is_file()


def test_the_bundled_archive_shows_the_seed_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "--site", REPO, "--output", out)
    assert result.returncode == 0, result.stderr
    home = lxml.html.fromstring((out / "index.html").read_bytes())
    assert home.xpath("//h3/a/text()") == ["‘New page opened’ in defence ties with UK: Azerbaijan"]
    url = "2025/12/new-page-opened-in-defence-ties-with-uk-azerbaijan/index.html"
    assert home.xpath("//h3/a/@href") == [url]
    story = lxml.html.fromstring((out / url).read_bytes())
    for href in story.xpath("//a[@rel='tag']/@href | //a[@class='kicker']/@href | //nav//a/@href"):
        assert (out / url).parent.joinpath(href).resolve().is_file(), href
    assert "World" in story.xpath("//a[@class='kicker']/text()")


WIRE = Path(__file__).parent / "fixtures" / "ingest" / "wire-story.txt"
WIRE_SLUG = "2025/12/floods-force-thousands-from-homes-in-northern-italy"


def test_import_turns_a_raw_page_into_content(site: Site, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "story.txt").write_bytes(WIRE.read_bytes())
    (inbox / "empty.txt").write_text("")
    result = run("import", inbox, "--site", site.root)
    assert result.returncode == 1  # one file was bad; the other still imported
    assert "inbox/empty.txt" in result.stderr and "empty" in result.stderr
    made = site.root / f"content/{WIRE_SLUG}.md"
    assert made.is_file()
    again = run("import", inbox / "story.txt", "--site", site.root)
    assert again.returncode == 0
    assert "0 imported, 1 unchanged" in again.stdout
    assert sorted(p.name for p in (site.root / "content").rglob("*.md")) == [made.name]


def test_build_imports_new_raw_files_from_sources_first(site: Site) -> None:
    site.write("sources/wire.txt", WIRE.read_text(encoding="utf-8"))
    site.write("sources/broken.txt", "\x00\x01\x02binary")
    result = run("build", "--site", site.root)
    assert result.returncode == 0, result.stderr
    assert "sources/broken.txt" in result.stderr
    page = lxml.html.fromstring(
        (site.output / f"{WIRE_SLUG}/index.html").read_bytes()
    )
    assert page.xpath("//h1/text()") == ["Floods force thousands from homes in northern Italy"]
    assert page.xpath("//a[@class='kicker']/text()") == ["World"]
