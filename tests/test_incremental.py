"""The incremental build's promise: after any sequence of changes, output/ is
byte-identical to a clean build of the same files, and only what changed is redone."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Site, article, reproducible
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import outline, pages
from generator.build import Builder

TAGS = ["Politics", "Türkiye", "turkiye", "Energy", "Sport", "東京"]
SECTIONS = ["World", "Business", "Sport"]
WORDS = ["alpha", "beta", "gamma", "delta", "'quoted'", "--", "**bold**"]

article_fields = st.fixed_dictionaries(
    {
        "title": st.sampled_from(["Talks resume", "Markets fall", "Talks resume", "東京の天気", "A 'quoted' title"]),
        "day": st.integers(1, 60),
        "section": st.sampled_from(SECTIONS),
        "tags": st.lists(st.sampled_from(TAGS), max_size=3),
        "body": st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join),
    }
)
operations = st.one_of(
    st.tuples(st.just("add"), article_fields),
    st.tuples(st.just("edit_body"), st.text(alphabet="abc xyz\n", min_size=1, max_size=30)),
    st.tuples(st.just("save_via_temp"), st.text(alphabet="abc xyz\n", min_size=1, max_size=30)),  # as editors do
    st.tuples(st.just("stray"), st.sampled_from(["notes.txt", "draft.md~", "a1.md.swp"])),  # no content file
    st.tuples(st.just("retag"), st.lists(st.sampled_from(TAGS), max_size=3)),
    st.tuples(st.just("dek"), st.sampled_from(["", "What was said", "Ce qui a été dit"])),  # front matter, same place
    st.tuples(st.just("updated"), st.sampled_from(["", "2025-03-01"])),  # the sitemap's lastmod
    st.tuples(st.just("redate"), st.integers(1, 60)),
    st.tuples(st.just("delete"), st.none()),
    st.tuples(st.just("break"), st.none()),
    st.tuples(st.just("template"), st.sampled_from(["", "<p class=note>Archive note</p>", "{{ page.title }}"])),
    st.tuples(st.just("config"), st.tuples(st.integers(1, 4), st.sampled_from(["One", "Two"]))),
)


def _date(day: int) -> str:
    return f"2025-{1 + (day - 1) // 28:02d}-{1 + (day - 1) % 28:02d}"


def _write(site: Site, name: str, fields: dict, suffix: str = ".md") -> Path:
    updated = {"updated": fields["updated"]} if fields.get("updated") else {}
    return site.write(f"content/{name}{suffix}", article(fields["title"], _date(fields["day"]), fields["body"],
                                                        section=fields["section"], tags=fields["tags"],
                                                        subtitle=fields.get("dek", ""), **updated))  # fmt: skip


def apply(site: Site, op: str, arg: object, docs: dict[str, dict], counter: list[int]) -> list[Path]:
    """Change the site's files as a user would; the files written and gone again, which a watcher sees too."""
    target = sorted(docs)[counter[0] % len(docs)] if docs else None
    counter[0] += 1
    if op == "add" or target is None:
        name = f"a{counter[0]}"
        docs[name] = dict(arg) if op == "add" else {"title": "Fresh", "day": 5, "section": "World", "tags": [],
                                                     "body": "fresh"}  # fmt: skip
        _write(site, name, docs[name])
    elif op == "delete":
        (site.root / f"content/{target}.md").unlink()
        del docs[target]
    elif op == "break":
        site.write(f"content/{target}.md", "---\ntitle: [broken\n---\n")
        del docs[target]
    elif op == "save_via_temp":
        docs[target]["body"] = arg
        temporary = _write(site, target, docs[target], ".md.tmp")
        temporary.replace(site.root / f"content/{target}.md")
        return [temporary]
    elif op == "stray":
        site.write(f"content/{arg}", "not an article")
    else:
        key = {"edit_body": "body", "retag": "tags", "redate": "day", "dek": "dek", "updated": "updated"}.get(op)
        if key:
            docs[target][key] = arg
            _write(site, target, docs[target])
        elif op == "template":
            site.write("templates/list.html", open_theme("list.html").replace("</header>", f"</header>{arg}", 1))
        else:
            per_page, title = arg  # type: ignore[misc]
            site.write("site.toml", f'title = "{title}"\nbase_url = "https://x.example/"\nper_page = {per_page}\n')
    return []


def open_theme(name: str) -> str:
    return (Path(__file__).resolve().parents[1] / "templates" / name).read_text(encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    return {rel: path.read_bytes() for rel, path in files.items() if reproducible(rel)}


def sources(root: Path) -> dict[str, bytes]:
    """The site's own files (not its output or cache), as a watcher would see them."""
    return {rel: data for rel, data in tree(root).items() if not rel.startswith(("output/", ".newsarchive/"))}


def clean_build(site: Site, scratch: Path) -> dict[str, bytes]:
    """A build of a copy of the site's files, with no cache and no earlier output."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site.root, scratch, ignore=shutil.ignore_patterns("output", ".newsarchive", ".output.staging"))
    Builder(scratch, use_cache=False).build()
    return tree(scratch / "output")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(operations, st.booleans(), st.booleans()), min_size=1, max_size=12))
def test_incremental_output_equals_a_clean_build(tmp_path: Path, steps: list) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path)) / "site"  # a fresh folder per example (id() values repeat)
    site = Site(root)
    site.write("site.toml", 'title = "One"\nbase_url = "https://x.example/"\nper_page = 2\n')
    docs: dict[str, dict] = {}
    counter = [0]
    apply(
        site, "add", {"title": "Start", "day": 1, "section": "World", "tags": ["Politics"], "body": "x"}, docs, counter
    )
    builder = Builder(root)
    builder.build()
    for (op, arg), restart, tell in steps:
        before = sources(root)
        gone = apply(site, op, arg, docs, counter)
        if restart:  # a new process: state comes from the cache folder, not memory
            builder = Builder(root)
        # As serve does, maybe name the changed files, which lets an edit that moves no article update the
        # last model in place.
        after = sources(root)
        changed = [root / rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)] + gone
        builder.build(changed=changed if tell else ())
        assert tree(site.output) == clean_build(site, tmp_path / "clean"), (op, arg)


@pytest.mark.parametrize("how", ["new process", "scanned", "told by serve", "saved through a temporary file"])
def test_editing_one_body_renders_only_that_article_and_the_feeds(site: Site, how: str) -> None:
    for n in range(1, 9):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", f"Body {n}.", tags=["Politics"], section="World")
    builder = Builder(site.root)
    builder.build()
    text = article("Story 3", "2025-01-03", "A new body for three.", tags=["Politics"], section="World")
    temporary = site.write("content/a3.md.tmp", text)
    edited = temporary.replace(site.root / "content/a3.md")
    if how == "new process":  # the pages to make and what they show are read from the cache (reopen.py)
        builder = Builder(site.root)
    told = {"told by serve": [edited], "saved through a temporary file": [temporary, edited]}
    result = builder.build(changed=told.get(how, ()))
    if how in told:  # serve's saves change the last model in place (edits.py): no scan of the site
        assert "scan" not in result.timings
    assert sorted(result.stats.changed) == ["2025/01/a3/index.html", "atom.xml", "feed.json", "feed.xml"]
    # Made again: those four, and the summary feeds of its tag and section (their bytes come out the same).
    assert result.rendered == 6
    assert "A new body for three." in (site.output / "2025/01/a3/index.html").read_text()


def test_edits_in_new_processes_one_after_another_build_as_a_clean_build(site: Site, tmp_path: Path) -> None:
    for n in range(1, 5):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", f"Body {n}.", tags=["Politics"])
    Builder(site.root).build()
    for n, how in ((2, "new process"), (3, "new process"), (2, "same process")):
        if how == "new process":
            builder = Builder(site.root)
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", f"Body {n}, {how}.", tags=["Politics"])
        builder.build()
        assert tree(site.output) == clean_build(site, tmp_path / "clean"), (n, how)


def test_a_body_two_articles_share_stays_for_the_other_after_one_is_edited(site: Site, tmp_path: Path) -> None:
    for name, body in (("a1", "The same words."), ("a2", "The same words."), ("a3", "Words of its own.")):
        site.add(name, f"Story {name}", "2025-01-01", body)
    builder = Builder(site.root)
    builder.build()
    # The second edit makes the full-text feeds again, and they show a2's body, shared with a1 until the first.
    for name, body in (("a1", "Other words."), ("a3", "New words of its own.")):
        builder.build(changed=[site.add(name, f"Story {name}", "2025-01-01", body)])
        assert tree(site.output) == clean_build(site, tmp_path / "clean"), name


def test_a_new_process_makes_again_every_page_that_shows_an_edited_headline(site: Site) -> None:
    for n in range(1, 9):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Politics"], section="World")
    first = Builder(site.root).build()
    site.add("a5", "Story five, retitled", "2025-01-05", tags=["Politics"], section="World")
    result = Builder(site.root).build()
    assert result.pages == first.pages
    showing = sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html")
                     if "Story five, retitled" in p.read_text())  # fmt: skip
    # Its own page, its neighbours' (newer and older links, the five earlier headlines), and the lists it is on.
    assert sorted(result.stats.changed) == sorted([*showing, "atom.xml", "feed.json", "feed.xml",
                                                   "sections/world/feed.xml", "tags/politics/feed.xml"])  # fmt: skip
    assert {"2025/01/a4/index.html", "2025/01/a6/index.html"} <= set(showing)
    assert any(path.startswith("tags/politics/") for path in showing)


# Files that were published, then left out; an edit in a new process must not take them for published ones
# (reopen.py): the build must come out as a clean one.
LEFT_OUT = {
    "by a URL clash": ("dup", lambda site: site.add("y/dup", "Other", "2025-01-06")),
    "as a draft, its URL then taken": ("draft", lambda site: (site.add("draft", "Draft", "2025-01-06", draft=True),
                                                              site.add("other", "Other", "2025-01-06", slug="draft"))),
    "by a problem": ("broken", lambda site: site.write("content/broken.md", "---\ntitle: Broken\n---\nNo date.\n")),
}


@pytest.mark.parametrize("name, leave_out", LEFT_OUT.values(), ids=LEFT_OUT.keys())
def test_a_new_process_editing_a_file_left_out_builds_as_a_clean_build(
    site: Site, tmp_path: Path, name: str, leave_out: Callable[[Site], object]
) -> None:
    for n in range(1, 4):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Politics"])
    site.add(name, "Published", "2025-01-06")
    Builder(site.root).build()
    leave_out(site)
    Builder(site.root).build()
    (site.root / f"content/{name}.md").write_text((site.root / f"content/{name}.md").read_text() + "More.\n")
    result = Builder(site.root).build()
    assert tree(site.output) == clean_build(site, tmp_path / "clean")
    assert _problems(result.report) == _problems(Builder(tmp_path / "clean", use_cache=False).build().report)


def test_a_folder_of_articles_deleted_under_serve_takes_their_pages_away(site: Site) -> None:
    site.add("a1", "Story 1", "2025-01-01")
    site.add("old/a2", "Story 2", "2025-01-02")
    builder = Builder(site.root)
    builder.build()
    assert (site.output / "2025/01/a2/index.html").is_file()
    shutil.rmtree(site.root / "content/old")
    edited = site.add("a1", "Story 1", "2025-01-01", "Edited in the same moment.")
    builder.build(changed=[site.root / "content/old", edited])  # the watcher may name only the folder
    assert not (site.output / "2025/01/a2/index.html").exists()


def test_retagging_renders_the_affected_tag_pages(site: Site) -> None:
    for n in range(1, 5):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Politics"])
    builder = Builder(site.root)
    builder.build()
    site.add("a2", "Story 2", "2025-01-02", tags=["Energy"])
    changed = set(builder.build().stats.changed)
    assert {
        "tags/energy/index.html",
        "tags/politics/index.html",
        "tags/index.html",
        "2025/01/a2/index.html",
    } <= changed
    assert not any(path.startswith("archive/") for path in changed)


def test_a_template_change_renders_only_the_pages_that_use_it(site: Site) -> None:
    site.add("a", "Story", "2025-01-01", tags=["Politics"])
    builder = Builder(site.root)
    builder.build()
    site.write("templates/terms.html", open_theme("terms.html").replace("<h1>", "<h1 class=big>"))
    result = builder.build()
    assert sorted(result.stats.changed) == ["sections/index.html", "sources/index.html", "tags/index.html"]


def test_a_change_to_the_base_template_renders_every_page_that_extends_it(site: Site) -> None:
    site.add("a", "Story", "2025-01-01", tags=["Politics"])
    builder = Builder(site.root)
    builder.build()
    site.write("templates/base.html", open_theme("base.html").replace("<body>", '<body class="edited">'))
    builder.build()
    for page in ("/", "/2025/01/a/", "/tags/", "/search/", "/archive/"):
        assert site.page(page).xpath("//body/@class") == ["edited"], page


def test_a_damaged_or_foreign_cache_is_rebuilt_silently(site: Site) -> None:
    site.add("a", "Story", "2025-01-01")
    Builder(site.root).build()
    expected = tree(site.output)
    cache = site.root / ".newsarchive/cache.sqlite"
    for damage in (b"not a database at all", b"SQLite format 3\x00" + b"\x01" * 500, b""):
        cache.write_bytes(damage)
        shutil.rmtree(site.output)
        Builder(site.root).build()
        assert tree(site.output) == expected


def test_a_new_process_puts_back_output_pages_deleted_by_hand(site: Site) -> None:
    for n in range(1, 4):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Politics"])
    Builder(site.root).build()
    expected = tree(site.output)
    for page in ("tags/politics/index.html", "2025/01/a2/index.html", "feed.xml"):
        (site.output / page).unlink()
    Builder(site.root).build()
    assert tree(site.output) == expected


@pytest.mark.parametrize("how", ["new process", "scanned", "told by serve"])
def test_a_new_article_leaves_unrelated_article_pages_alone(site: Site, how: str) -> None:
    for n in range(1, 13):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Politics"], section="World")
    builder = Builder(site.root)
    builder.build()
    new = site.add("new", "Fresh story", "2025-02-01", tags=["Politics", "Energy"], section="World")
    if how == "new process":  # what it knows comes from the cache
        builder = Builder(site.root)
    changed = set(builder.build(changed=[new] if how == "told by serve" else ()).stats.changed)
    articles = sorted(p for p in changed if p.startswith("2025/"))
    # Its own page, and the page before it, which now links to it as the next article.
    assert articles == ["2025/01/a12/index.html", "2025/02/new/index.html"]
    lists = {"index.html", "page/4/index.html", "tags/politics/index.html", "tags/politics/page/4/index.html",
             "tags/energy/index.html", "tags/index.html", "sections/world/index.html"}  # fmt: skip
    assert lists | {"archive/index.html", "feed.xml", "sitemap.xml"} <= changed
    assert "Fresh story" in (site.output / "tags/energy/index.html").read_text()


def _problems(report: object) -> list[tuple[str, str]]:
    return sorted((str(p.path), p.message) for p in [*report.errors, *report.warnings])  # type: ignore[attr-defined]


# New files saved under serve that change more than the lists they join: the build must come out as a scan's would.
NEW_FILES = {
    "a plain new article": ("c/fresh", {"tags": ["Energy"]}),
    "claims a published URL": ("c/a1", {"date": "2025-01-20"}),
    "claims a URL two files claim already": ("c/dup", {"date": "2025-01-21"}),
    "spells a tag otherwise": ("c/fresh", {"tags": ["POLITICS"]}),
    "takes an alias's address": ("c/old", {"date": "2025-01-22"}),
    "has an alias": ("c/fresh", {"aliases": ["/2025/01/before/"]}),
    "is a draft": ("c/fresh", {"draft": True}),
    "opens the section the header names": ("c/fresh", {"section": "Sport"}),
}


@pytest.mark.parametrize("how", ["told by serve", "new process"])
@pytest.mark.parametrize("name, fields", NEW_FILES.values(), ids=NEW_FILES.keys())
def test_a_new_file_builds_as_a_clean_build_would(
    site: Site, tmp_path: Path, name: str, fields: dict, how: str
) -> None:
    site.write("site.toml", 'title = "T"\nbase_url = "https://x.example/"\nper_page = 2\nnav = ["World", "Sport"]\n')
    for n in range(1, 6):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Politics"], section="World")
    site.add("a2", "Story 2", "2025-01-02", tags=["Politics"], section="World", aliases=["/2025/01/old/"])
    site.add("x/dup", "One", "2025-01-06")
    site.add("y/dup", "Other", "2025-01-07")
    builder = Builder(site.root)
    builder.build()
    front = {"date": "2025-01-23", "section": "World", **fields}
    new = site.add(name, "Fresh story", front.pop("date"), **front)
    if how == "new process":  # the outline and plan in the cache take it in, or the site is modelled anew
        builder = Builder(site.root)
    result = builder.build(changed=[new] if how == "told by serve" else ())
    assert tree(site.output) == clean_build(site, tmp_path / "clean")
    assert _problems(result.report) == _problems(Builder(tmp_path / "clean", use_cache=False).build().report)


# New files, each added before a build in a new process: at the newest end of the lists, in the middle of them
# (an old story found later), with a tag and a month the site does not have yet, and two at once.
ADDED = [
    [("n1", "Newest story", "2025-01-20", {"tags": ["Politics"]})],
    [("n2", "An old story found later", "2025-01-02", {"tags": ["Politics", "Energy"]})],
    [("n3", "A story of a new month", "2025-03-01", {"tags": ["Climate"], "updated": "2025-03-04"})],
    [("n4", "One of two", "2024-12-30", {}), ("n5", "Two of two", "2025-01-05", {"tags": ["Energy"]})],
]


@pytest.mark.parametrize("small", [False, True])
def test_new_articles_in_new_processes_build_as_a_clean_build_without_modelling_the_site(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    """Made small, the sitemap is an index of files of the list pages and of the articles, of which those an
    insertion leaves as they were are not planned again (outline.sitemap_of); and the cache keeps the outline in
    many chunks, of which each insertion writes those it changed (outline.outline_rows)."""
    if small:
        monkeypatch.setattr(pages, "SITEMAP_LIMIT", 4)
        monkeypatch.setattr(outline, "CHUNK", 2)
    site.write("site.toml", 'title = "T"\nbase_url = "https://x.example/"\nper_page = 2\n')
    for n in range(1, 10):
        site.add(f"a{n}", f"Story {n}", f"2025-01-{n:02d}", tags=["Politics", "Energy"][: n % 3], section="World")
    Builder(site.root).build()
    for files in ADDED:
        for name, title, date, fields in files:
            site.add(name, title, date, section="World", **fields)
        result = Builder(site.root).build()
        assert tree(site.output) == clean_build(site, tmp_path / "clean"), files
        assert "model" not in result.timings, files  # planned from the outline, not from a model of every article
        assert result.pages == Builder(tmp_path / "clean", use_cache=False).build().pages, files


def test_changes_in_some_folders_in_new_processes_build_as_a_clean_build(site: Site, tmp_path: Path) -> None:
    """A new process reads the stat keys of the folders whose files changed, came or went, and no others
    (scan.folder_digest). Every file is dated well before each scan, so only those folders are looked at: an
    edit that keeps the size, a new file, a new folder, a removed file and a removed folder must each come out
    as a clean build."""
    site.write("site.toml", 'title = "T"\nbase_url = "https://x.example/"\nper_page = 2\n')
    folders = ["2024/01", "2024/02", "2025/01", "notes"]
    for i, folder in enumerate(folders):
        for n in range(3):
            site.add(f"{folder}/s{n}", f"Story {i}{n}", f"2025-0{1 + i}-1{n}", body=f"Body {i}{n}.", tags=["Politics"])
    clock = [time.time() - 3600]

    def settle() -> None:  # every file an hour old, then a minute newer at each step: no scan is too close
        clock[0] += 60
        for path in (site.root / "content").rglob("*.md"):
            os.utime(path, (clock[0], clock[0]))

    settle()
    Builder(site.root).build()
    steps: list[Callable[[], object]] = [
        lambda: site.add("2024/01/s1", "Story 01", "2025-01-11", body="Body 0X.", tags=["Politics"]),  # same size
        lambda: site.add("2025/01/s9", "Story 29", "2025-03-19", tags=["Energy"]),
        lambda: site.add("2026/05/s0", "Story 90", "2026-05-01", tags=["Politics"]),
        lambda: (site.root / "content/notes/s2.md").unlink(),
        lambda: shutil.rmtree(site.root / "content/2024/02"),
    ]
    for n, step in enumerate(steps):
        step()
        settle()
        Builder(site.root).build()
        assert tree(site.output) == clean_build(site, tmp_path / "clean"), n
