"""Bad input never crashes: property tests over the importer and the front-matter loader.

Whatever a raw page or a content file holds (any text, any bytes, any YAML),
the importer answers with a message naming the file, and the loader with an
article or a ContentError naming the file; nothing else escapes. What the
importer writes, the loader accepts.

The 10,000-example tests are marked `slow`: `make test` and CI run them
(about three and a half minutes on two cores); `pytest -m "not slow"` leaves them out while
working. They are derandomized (the same examples on every run, no example
database), so CI never fails on an example a previous run happened to find.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
import yaml
from conftest import Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.chars import NOT_XML
from generator.content import KNOWN_FIELDS, load_file, parse_article
from generator.errors import ContentError
from generator.ingest import INTERNAL_ERROR, import_paths
from generator.model import Article

TZ = ZoneInfo("Europe/Istanbul")
PATH = Path("content/2025/fuzz.md")
SLOW = settings(
    max_examples=10_000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# Pieces of real pages and of real mistakes, so random input reaches deep into the parsers.
FRAGMENTS = [
    "---", "--- ", "...", "WORLD", "By Jane Doe", "SOURCE:AA", "(Reuters) -", "1 min read", "RECOMMENDED",
    "Related: Floods hit the north of the country again this week", "Explore", "Photo: AP / John Smith",
    "December 4, 2025", "4 Dec 2025, 10:32 GMT", "11/19/19 06:56 AM EST", "NOV 15, 20195:45 AM", "2019. 11. 19.",
    "Posted on Maret 30, 2015", "Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM", "5/31/99",
    "2025-12-04T10:32:00+03:00", "2025年12月4日", "04.12.2025",
    "Published 31 February 2025", "Updated 99:99", "<html><head><title>T</title></head><body>", "</body></html>",
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2025-13-45"}</script>',
    '<meta property="og:title" content="x">', '<meta charset="x-unknown">', "<![CDATA[", "]]>", "<!--", "-->",
    "<p>", "</p>", "<blockquote>", "<figure><figcaption>c</figcaption></figure>", "<math><mi>x</mi></math>",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))", "&#0;", "&#x110000;",
    "\x00", "\x0c", "\ufeff", "\u2028", "\ud7ff", "\U0001f600", "> quote", "- item", "1. item", "# heading",
    "    indented", "\t", "|a|b|\n|-|-|\n|1|2|", "```", "[^1]", "[^1]: note", "{: .class #id }",
]  # fmt: skip
SENTENCE = st.lists(st.sampled_from(["the", "storm", "minister", "said", "on", "Tuesday", "Türkiye", "東京", "2025",
                                     "floods", "“quoted”", "a", "harbour"]), min_size=3, max_size=30).map(
    lambda words: " ".join(words).capitalize() + "."
)  # fmt: skip
LINE = st.one_of(st.text(max_size=80), st.sampled_from(FRAGMENTS), SENTENCE, st.just(""))
PAGE = st.lists(LINE, max_size=40).map("\n".join)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One folder for a whole property test: hypothesis runs thousands of examples per test call."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _loads_cleanly(article_: Article, body: str) -> None:
    """Everything an article carries can go into a page, a feed and the build's fingerprints."""
    fields = [article_.title, article_.subtitle, article_.summary, article_.lead, article_.byline,
              article_.image_caption, article_.source_url, body, article_.slug, *(t.name for t in article_.tags),
              *(x for link in article_.links for x in (link.title, link.url))]  # fmt: skip
    assert not any(NOT_XML.search(text) for text in fields)
    orjson.dumps(fields)  # fingerprints refuse what is not valid UTF-8
    article_.date.astimezone(UTC)
    assert article_.slug and article_.slug.isascii() and "/" not in article_.slug


def _load_text(text: str) -> None:
    try:
        loaded, body = parse_article(text, PATH, TZ, lambda message, line: None)
    except ContentError as error:
        assert str(error).startswith(f"{PATH}:") or str(error).startswith(f"{PATH}: ")
        return
    _loads_cleanly(loaded, body)


def _import(workdir: Path, name: str, data: bytes) -> None:
    site = workdir / "site"
    shutil.rmtree(site / "content", ignore_errors=True)
    raw = site / "sources" / name
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_bytes(data)
    report = import_paths([raw], site)
    assert all(str(problem).startswith(f"sources/{name}: ") for problem in report.errors + report.warnings)
    # A crash caught and reported is still a crash: every message must be about the file, not the importer.
    assert not [problem for problem in report.errors if INTERNAL_ERROR in problem.message], report.errors
    for written in report.written:
        loaded, body = load_file(written, written.relative_to(site), TZ)
        assert loaded.errors == (), loaded.errors  # what the importer writes, the loader accepts
        assert loaded.article is not None
        _loads_cleanly(loaded.article, body)


# ---- the importer ----------------------------------------------------------------------------------------------


@pytest.mark.slow
@SLOW
@given(text=PAGE, suffix=st.sampled_from([".txt", ".html", ".htm"]))
def test_the_importer_never_crashes_on_any_text(workdir: Path, text: str, suffix: str) -> None:
    _import(workdir, f"page{suffix}", text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@SLOW
@given(data=st.one_of(st.binary(max_size=2000), PAGE.map(lambda t: t.encode("utf-16"))),
       suffix=st.sampled_from([".txt", ".html"]))  # fmt: skip
def test_the_importer_never_crashes_on_any_bytes(workdir: Path, data: bytes, suffix: str) -> None:
    _import(workdir, f"page{suffix}", data)


@pytest.mark.parametrize("page", ["<MATH>", "<math><mi>x</mi></math>", "<p>", "<![CDATA[", "<title>T</title>"])
def test_a_page_that_is_only_a_fragment_is_bad_input_not_a_crash(workdir: Path, page: str) -> None:
    """Found by the property test: htmldate asserted on a page whose root was <math>, not <html>."""
    site = workdir / "fragment"
    raw = site / "sources" / "page.html"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(page, encoding="utf-8")
    report = import_paths([raw], site)
    assert [str(problem.path) for problem in report.errors] == ["sources/page.html"]
    assert not any(INTERNAL_ERROR in problem.message for problem in report.errors), report.errors


# ---- the front-matter loader -----------------------------------------------------------------------------------


@pytest.mark.slow
@SLOW
@given(front=PAGE, body=PAGE, fence=st.sampled_from(["---", "--- ", "---\t", "----", ""]))
def test_the_loader_never_crashes_on_any_text(front: str, body: str, fence: str) -> None:
    _load_text(f"{fence}\n{front}\n{fence}\n{body}")


@pytest.mark.slow
@SLOW
@given(data=st.binary(max_size=2000), prefix=st.sampled_from([b"", b"---\n", b"---\ntitle: T\ndate: 2025-01-01\n"]))
def test_the_loader_never_crashes_on_any_bytes(workdir: Path, data: bytes, prefix: bytes) -> None:
    path = workdir / "bytes.md"
    path.write_bytes(prefix + data)
    loaded, body = load_file(path, PATH, TZ)
    assert (loaded.article is None) == bool(loaded.errors)
    assert all(str(problem).startswith(f"{PATH}") for problem in loaded.errors + loaded.warnings)
    if loaded.article:
        _loads_cleanly(loaded.article, body)


# Values of every YAML type, including the ones safe loading must refuse.
class Opaque:
    """Dumped by yaml.dump as !!python/object: safe loading must refuse it."""

    def __init__(self, value: object) -> None:
        self.value = value


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**300, max_value=10**310),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), st.binary(max_size=20),
    st.dates(), st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=14)),
                                                         timezone(-timedelta(hours=23, minutes=59))])),
    st.sampled_from(FRAGMENTS), st.builds(Opaque, st.integers()),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.one_of(st.text(max_size=8), SCALARS),
                                                                           inner, max_size=5)),
    max_leaves=15,
)  # fmt: skip
KEYS = st.one_of(st.sampled_from(sorted(KNOWN_FIELDS)), st.text(max_size=10))
# Text spliced into the YAML: tags, anchors, aliases, merge keys and scalars that are no value.
SPLICES = st.sampled_from([
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!binary 'not base64!'", "!!binary",
    "&a", "*a", "*missing", "<<: *a", "!!timestamp 2025-13-45", "2025-02-30", "2025-12-04T25:61:00+99:99",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1e99999", "9" * 5000, "0x" + "f" * 5000, "!!int x",
    "!!float x", "!!map [a]", "!!set {a}", "!!omap [a: 1]", "? [a, b]\n: c", "[" * 200, "{" * 200, "\"\\ud800\"",
    "\"\\0\"", "\"\\x85\"", "!local x", "%YAML 1.1", "%TAG ! tag:x,2000:", "--- !!str", "|", ">-",
])  # fmt: skip


def _dump(data: dict, aliases: bool) -> str:
    class Dumper(yaml.CDumper):
        def ignore_aliases(self, data: object) -> bool:
            return not aliases

    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A front matter made structurally: a mapping with known and unknown keys and any values."""
    data = draw(st.dictionaries(KEYS, VALUES, max_size=8))
    if draw(st.booleans()):
        data.setdefault("title", draw(st.one_of(st.text(max_size=20), VALUES)))
        data.setdefault("date", draw(st.one_of(st.dates(), VALUES)))
    if data and draw(st.booleans()):  # one value used twice: dumped as an anchor and an alias
        shared = draw(VALUES)
        for key in draw(st.lists(st.sampled_from(sorted(data, key=repr)), max_size=3)):
            data[key] = shared
    depth = draw(st.integers(0, 3))
    if depth == 3:
        data["related"] = [[[[[{"title": "deep"}]]]]] * 3
    try:
        text = _dump(data, aliases=draw(st.booleans()))
    except (yaml.YAMLError, ValueError, RecursionError):
        text = repr(data)
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.one_of(SPLICES, st.tuples(KEYS, SPLICES).map(": ".join))))
    return "\n".join(lines)


@pytest.mark.slow
@SLOW
@given(front=yaml_documents(), body=st.one_of(PAGE, st.just("Body.")))
def test_the_loader_never_crashes_on_any_yaml(front: str, body: str) -> None:
    _load_text(f"---\n{front}\n---\n{body}")


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("x: !!python/object/apply:os.system ['echo hacked']", "invalid YAML: could not determine a constructor"),
        ("x: !!python/name:os.system", "invalid YAML: could not determine a constructor"),
        ("x: !!binary 'not base64!'", "invalid YAML"),
        ("x: !!timestamp 2025-13-45", "invalid YAML value"),  # found by the fuzzer: PyYAML raised AttributeError
        ("date: 2025-13-01", "invalid YAML value: month must be in 1..12"),
        ("n: " + "9" * 5000, "invalid YAML value: Exceeds the limit"),
        # Found by the fuzzer: a hex number is read fine, but Python cannot print it in decimal.
        ("byline: 0x" + "f" * 5000, "byline: is a number too long to be text"),
        ("updated: 0x" + "f" * 5000, "updated: a number too long to show is not a date"),
        ("tags: [0x" + "f" * 5000 + "]", "tags: a number too long to show is not a tag name"),
        ("x: " + "[" * 5000, "invalid YAML"),
        ("date: 0001-01-01T00:00:00+14:00", "date: '0001-01-01 00:00:00+14:00' is out of the range of dates"),
        ('subtitle: "a\\0b"', "subtitle: contains the control character U+0000; remove it"),
        ('tags: ["\\uFFFE"]', "tags: contains the control character U+FFFE; remove it"),
        ("tags: [" + ", ".join(f"t{i}" for i in range(201)) + "]", "tags: 201 tags; an article may have at most 200"),
    ],
)
def test_yaml_that_safe_loading_refuses_is_a_located_error(front: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_article(f"---\ntitle: T\ndate: 2025-01-01\n{front}\n---\nBody.\n", PATH, TZ, lambda m, n: None)
    assert str(caught.value).startswith(f"{PATH}:")
    assert message in str(caught.value)


def test_deep_yaml_aliases_do_not_explode() -> None:
    """The "billion laughs": aliases of aliases stay shared references, so loading stays small."""
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "---\ntitle: T\ndate: 2025-01-01\n" + "\n".join(levels) + "\ntags: *a8\n---\n"
    with pytest.raises(ContentError, match=r"tags: \[\[|is not a tag name"):
        parse_article(text, PATH, TZ, lambda m, n: None)


def test_control_characters_in_a_body_are_removed_with_a_warning() -> None:
    warnings: list[str] = []
    _, body = parse_article("---\ntitle: T\ndate: 2025-01-01\n---\nA\x0cB\x00C\n", PATH, TZ,
                            lambda m, n: warnings.append(f"{n}: {m}"))  # fmt: skip
    assert body == "ABC\n"
    assert warnings == ["5: control character U+000C removed (web pages and feeds cannot hold it)"]


# ---- a whole site ----------------------------------------------------------------------------------------------

GOOD = 3


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(bad=st.lists(st.one_of(PAGE.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=500),
                              yaml_documents().map(lambda f: f"---\n{f}\n---\nBody.\n".encode())),
                    min_size=1, max_size=5))  # fmt: skip
def test_a_site_with_random_bad_files_still_builds_the_good_ones(tmp_path: Path, bad: list[bytes]) -> None:
    site = Site(Path(tempfile.mkdtemp(dir=tmp_path)))
    for n in range(GOOD):
        site.add(f"good-{n}", f"Good article {n}", f"2025-01-0{n + 1}", tags=["Kept"])
    for n, data in enumerate(bad):
        (site.root / "content" / f"bad-{n}.md").write_bytes(data)
        (site.root / "sources").mkdir(exist_ok=True)
        (site.root / "sources" / f"raw-{n}.txt").write_bytes(data)
    result = build(site.root)
    for n in range(GOOD):
        assert site.page(f"/2025/01/good-{n}/").xpath("//h1/text()") == [f"Good article {n}"]
    assert len(site.page("/tags/kept/").xpath("//h3")) == GOOD
    named = {problem.path.name for problem in result.report.errors}
    assert named <= {f"bad-{n}.md" for n in range(len(bad))} | {f"raw-{n}.txt" for n in range(len(bad))}
