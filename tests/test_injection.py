"""No injection: hostile text in any field or body never becomes script in a page, a feed or the JSON Feed.

PAYLOADS is module-level so the browser tests can load the same pages in
Chromium and check that no script runs.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from conftest import Site

from generator.build import build

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
    "\u2028\u2029<script>alert(1)</script>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "{{ 7*7 }}{% raw %}<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "[x](data:text/html,<script>alert(1)</script>)",
    '<a href=x onclick=alert(1)>x</a>{: onclick="alert(1)" }',
    'para\n{: onmouseover="alert(1)" }',
]
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background", "xlink:href")
DANGEROUS_ELEMENTS = ("script", "iframe", "object", "embed", "base", "form", "style", "noscript", "meta[@http-equiv]")
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)


def payload_site(site: Site) -> None:
    """One article per payload with the payload in every field and the body, plus a plain neighbour."""
    for n, payload in enumerate(PAYLOADS):
        site.add(
            f"p{n}",
            f"Title {n} {payload}",
            f"2025-01-{n % 28 + 1:02d}",
            body=f"Body {n}.\n\n{payload}\n\nText with {payload} inline and [a link]({payload}).\n",
            subtitle=payload,
            summary=payload,
            byline=payload,
            section=f"Section {payload}",
            source=payload,
            tags=[payload, f"tag {n} {payload}"],
            image_caption=payload,
            related=[
                {"title": payload, "url": payload},
                {"title": f"Also {payload}", "url": f"https://x.org/{payload}"},
            ],
            source_url=payload,
            slug=f"{payload} {n}",  # the number keeps URLs apart where payloads slug alike
        )


def _is_theme_search(element: lxml.html.HtmlElement) -> bool:
    """The theme's own search: the header's GET form to the search page, the search page's form (no action: its
    script runs the search), script and notice."""
    if element.tag == "form":
        header_box = element.get("class") == "search-box" and element.get("action", "").endswith(
            ("search/index.html", "/search/")
        )
        return header_box or (element.get("class") == "search-form" and element.get("action") is None)
    if element.tag == "noscript":
        return element.text_content().startswith("Search needs JavaScript.")
    if element.tag == "script":
        return not (element.text or "").strip() and element.get("src", "").endswith("static/search.js")
    return False


def _dangers(tree: lxml.html.HtmlElement) -> list[str]:
    """Every way a parsed page could run script: elements, on* attributes, script URLs."""
    theirs = [e for x in DANGEROUS_ELEMENTS for e in tree.xpath(f"//{x}") if not _is_theme_search(e)]
    found = [lxml.html.tostring(e, encoding="unicode")[:80] for e in theirs]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.tag} {name}=...>")
            # As a browser reads a URL (WHATWG): ends stripped of controls and spaces, tabs and newlines removed.
            cleaned = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33)))))
            if name.lower() in URL_ATTRIBUTES and BAD_SCHEME.match(cleaned):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def _html_dangers(output: Path) -> dict[str, list[str]]:
    dangers = {}
    for path in sorted(output.rglob("*.html")):
        found = _dangers(lxml.html.fromstring(path.read_bytes()))
        if found:
            dangers[path.relative_to(output).as_posix()] = found
    return dangers


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, object]:
    site = Site(tmp_path_factory.mktemp("xss") / "site")
    site.write("site.toml", 'title = "XSS"\nbase_url = "https://news.example.org/"\nper_page = 10\nfeed_limit = 100\n')
    payload_site(site)
    return site, build(site.root)


def test_every_payload_became_an_article(built: tuple[Site, object]) -> None:
    site, result = built
    assert result.report.errors == []
    assert len(list(site.output.glob("2025/01/*/index.html"))) == len(PAYLOADS)


def test_no_page_carries_script_event_handlers_or_script_urls(built: tuple[Site, object]) -> None:
    site, _ = built
    pages = list(site.output.rglob("*.html"))
    assert len(pages) > 3 * len(PAYLOADS)  # article, tag, section and source pages
    assert _html_dangers(site.output) == {}


def test_payloads_are_shown_as_text_not_dropped(built: tuple[Site, object]) -> None:
    site, _ = built
    for path in site.output.glob("2025/01/*/index.html"):
        tree = lxml.html.fromstring(path.read_bytes())
        [title] = tree.xpath("//h1")
        number = int(title.text_content().split()[1])
        assert title.text_content() == f"Title {number} {PAYLOADS[number]}"
        assert tree.xpath("string(//p[@class='dek'])") == PAYLOADS[number].strip()
        assert tree.xpath("string(//title)").startswith(f"Title {number} {PAYLOADS[number]}")


def test_related_and_source_urls_that_are_not_http_are_dropped_with_a_warning(built: tuple[Site, object]) -> None:
    site, result = built
    warnings = [str(w) for w in result.report.warnings]
    related_line = next(n for n, line in enumerate((site.root / "content/p12.md").open(), 1) if line == "related:\n")
    message = "related: 'javascript:alert(1)' dropped: only http:// and https:// addresses are linked"
    assert f"content/p12.md:{related_line}: {message}" in warnings
    assert any(w.startswith("content/p12.md:") and "source_url: 'javascript:alert(1)' dropped" in w for w in warnings)
    pages = [lxml.html.fromstring(p.read_bytes()) for p in site.output.glob("2025/01/*/index.html")]
    [page] = [p for p in pages if p.xpath("string(//h1)").startswith("Title 12 ")]
    assert page.xpath("//section[@class='links']//a/@href") == ["https://x.org/javascript:alert(1)"]
    assert page.xpath("//p[@class='original']") == []


def test_feeds_parse_and_carry_no_script(built: tuple[Site, object]) -> None:
    site, _ = built
    feeds = [site.output / "feed.xml", site.output / "atom.xml", *site.output.glob("*/*/feed.xml")]
    assert len(feeds) > 2 * len(PAYLOADS)
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    rss = lxml.etree.fromstring((site.output / "feed.xml").read_bytes())
    atom = lxml.etree.fromstring((site.output / "atom.xml").read_bytes())
    # Every element a reader renders as HTML: RSS description and content:encoded, Atom content.
    bodies = rss.xpath("//item/description/text() | //item/*[local-name()='encoded']/text()")
    bodies += atom.xpath("//*[local-name()='content']/text()")
    assert len(bodies) == 3 * len(PAYLOADS)
    titles = rss.xpath("//item/title/text()")
    assert sorted(titles) == sorted(f"Title {n} {p}" for n, p in enumerate(PAYLOADS))  # text, exactly as written
    for body in bodies:
        assert _dangers(lxml.html.fromstring(f"<div>{body}</div>")) == []


def test_sitemap_parses(built: tuple[Site, object]) -> None:
    site, _ = built
    tree = lxml.etree.fromstring((site.output / "sitemap.xml").read_bytes())
    assert len(tree) > 3 * len(PAYLOADS)


def test_json_feed_parses_escapes_markup_and_line_separators(built: tuple[Site, object]) -> None:
    site, _ = built
    raw = (site.output / "feed.json").read_text(encoding="utf-8")
    assert not set("<>&\u2028\u2029") & set(raw)  # inert even inside a <script> block
    feed = json.loads(raw)
    assert sorted(item["title"] for item in feed["items"]) == sorted(f"Title {n} {p}" for n, p in enumerate(PAYLOADS))
    for item in feed["items"]:
        assert _dangers(lxml.html.fromstring(f"<div>{item['content_html']}</div>")) == []


def test_sanitize_html_false_passes_raw_html_and_toggling_rerenders(site: Site) -> None:
    site.add("raw", "Raw", "2025-01-01", body='Chart:\n\n<div class="chart"><script src="chart.js"></script></div>\n')
    build(site.root)
    assert site.page("/2025/01/raw/").xpath("//script") == []
    toml = (site.root / "site.toml").read_text()
    site.write("site.toml", toml + "sanitize_html = false\n")
    build(site.root)  # no --clean: the cache must not serve the sanitised body
    assert site.page("/2025/01/raw/").xpath("//div[@class='chart']/script/@src") == ["chart.js"]
    site.write("site.toml", toml)
    build(site.root)
    assert site.page("/2025/01/raw/").xpath("//script") == []


def test_markdown_news_needs_survives_sanitising(site: Site) -> None:
    body = """\
## Key points {: #points .lead }

A *quoted* **claim**[^1], H~2~O, x<sup>2</sup> and a [source](https://example.org "Example").

> A block quote.

| Party | Seats |
|:------|------:|
| A     | 10    |

- one
- two

![Map of the region](/static/map.png)

<figure><img src="/static/p.jpg" alt="Harbour"><figcaption>The harbour / AA</figcaption></figure>

```python
print("code")
```

[^1]: The footnote.
"""
    site.add("rich", "Rich", "2025-01-01", body=body)
    build(site.root)
    article = site.page("/2025/01/rich/").xpath("//div[@class='body']")[0]
    assert article.xpath("h2[@id='points'][@class='lead']/text()") == ["Key points"]
    assert article.xpath(".//a[@href='https://example.org'][@title='Example']/text()") == ["source"]
    assert article.xpath(".//sup[@id='fnref:1']/a[@href='#fn:1']") and article.xpath(".//li[@id='fn:1']")
    assert article.xpath(".//blockquote/p/text()") == ["A block quote."]
    assert article.xpath(".//th[@style='text-align:left']/text()") == ["Party"]
    assert article.xpath(".//img/@alt") == ["Map of the region", "Harbour"]
    assert article.xpath(".//figure/figcaption/text()") == ["The harbour / AA"]
    assert article.xpath(".//pre/code[@class='language-python']/text()") == ['print("code")\n']
    assert article.xpath(".//strong/text()") == ["claim"] and article.xpath(".//em/text()") == ["quoted"]


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_imported_pages_carry_no_markup_even_without_sanitising(site: Site, suffix: str) -> None:
    site.write("site.toml", 'title = "T"\nsanitize_html = false\n')
    paragraph = "The minister said on Tuesday that the floods had forced thousands of people from their homes."
    hostile = "\n".join(f"{paragraph} {payload} {paragraph}" for payload in PAYLOADS)
    if suffix == ".txt":
        raw = f"WORLD\n\nFloods force thousands from homes\n\nDecember 4, 2025\n\n{hostile}\n"
    else:
        # Each payload once as markup and once as text the page shows.
        paragraphs = "".join(f"<p>{paragraph} {p} {html.escape(p)} {paragraph}</p>" for p in PAYLOADS)
        raw = (
            "<html><head><title>Floods force thousands from homes</title>"
            '<link rel="canonical" href="javascript:alert(1)"></head>'
            f'<body><article><h1>Floods force thousands from homes</h1><p onclick="alert(1)">{paragraph}</p>'
            f"{paragraphs}<p>{hostile}</p></article></body></html>"
        )
    site.write(f"sources/page{suffix}", raw)
    result = build(site.root)
    assert result.report.errors == []
    [content] = (site.root / "content").rglob("*.md")
    assert "source_url" not in content.read_text(encoding="utf-8")
    assert _html_dangers(site.output) == {}
