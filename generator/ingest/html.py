"""Read a saved HTML page: trafilatura for the body, the page's own metadata first.

Publishers state their metadata for machines in JSON-LD and OpenGraph; that
is more reliable than any guess from the layout, so it wins. trafilatura
finds the body and fills the gaps in the metadata.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections import Counter
from functools import cache
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from . import agencies, furniture
from .article import Extracted, IngestError
from .body import trim_edges
from .dates import DateValue, parse_iso
from .evidence import content_words, story_stems, support
from .headline import closes_sentence, headline_shaped
from .markdown import escape_line, tidy
from .metalines import CREDIT, CREDIT_ALONE_WORDS, byline, is_date_line
from .textlines import SENTENCE_END

_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|WebPage|Blog", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·»]\s+|\s+::\s+")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_QUOTE = re.compile(r"^\\> ", re.MULTILINE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_MAX_SECTION_WORDS = 3
_MACHINE_NAME = re.compile(r"^(?:[-*]\s+)?[a-z0-9]+(?:-[a-z0-9]+)+$")
_MAX_HEADINGS = 5  # the headline is among a page's first <h1>s; later ones are boxes and widgets
# Share of a heading's content words that a declared headline or the story must use for it to be the headline.
# Measured on the tuning half: real headlines score 0.6 to 1, logos and box titles 0 to 0.3.
_AGREEMENT = 0.5
_LEAD_CHARS = 30  # the opening of the story's first paragraph, enough to find its <p> in the page
_LEAD_PARAGRAPHS = 3
# Continuing a body cut short (see _continued): a paragraph is the story's when it is running text
# that uses the story's words as story paragraphs do (measured on the tuning half: 0.4 and up).
_MATCH_CHARS = 60
_MIN_CONTINUED_WORDS = 12
_CONTINUED_SUPPORT = 0.3
_MIN_CONTINUED_PARAGRAPHS = 3
# A photo credit on a line of its own, labelled as one: an unlabelled "Jane Roe / AP" reads like "Lyon / Paris".
_CREDIT_LINE = re.compile(r"^(?:photo(?:graph)?|foto|bild|image|picture|credit|crédit)s?\s*:", re.IGNORECASE)
_TAG_LABEL_WORDS = 3  # "Tags", "Filed under:", "Más información sobre"


def _ld_objects(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph members included."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(_CDATA.sub("", script.text_content()) or "null")
        except ValueError:
            continue  # a broken block is common and not our concern
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                stack.extend(item.get("@graph") or [])
            elif isinstance(item, list):
                stack.extend(item)
    return found


def _ld_article(tree: Any) -> dict[str, Any]:
    for item in _ld_objects(tree):
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(kind, str) and _ARTICLE_TYPES.search(kind) for kind in kinds) and (
            item.get("headline") or item.get("datePublished")
        ):
            return item
    return {}


def _text(value: Any) -> str:
    """A plain string from a JSON-LD value that may be a string, object or list."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    if isinstance(value, dict):
        return _text(value.get("name"))
    if isinstance(value, list):
        return ", ".join(filter(None, (_text(item) for item in value)))
    return ""


def _first(value: Any) -> str:
    """The first of a JSON-LD value that may be a list (sections, authors)."""
    return _first(value[0]) if isinstance(value, list) and value else _text(value)


def _meta(tree: Any, *names: str) -> str:
    for name in names:
        for value in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content', smart_strings=False):
            if value.strip():
                return re.sub(r"\s+", " ", value).strip()
    return ""


def _strip_site(title: str, site: str) -> str:
    """Drop a trailing site name, the way Mozilla Readability does.

    "Headline - The Site" loses " - The Site", unless what would be left is
    four words or fewer (then the separator is likely part of the headline).
    """
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    last = _TITLE_SEPARATORS.finditer(title)
    *_, final = last
    head = title[: final.start()].strip()
    if site and parts[-1].strip().casefold() == site.casefold():
        return head
    return head if len(head.split()) > 4 else title


def _declared_titles(tree: Any, article: dict[str, Any]) -> list[str]:
    """The headlines the page declares for search engines and social cards, as declared."""
    declared = [
        _text(article.get("headline")),
        _meta(tree, "og:title"),
        _meta(tree, "twitter:title"),
        _meta(tree, "DC.Title", "dc.title"),
        _document_title(tree),
    ]
    # Some CMSs escape twice: "&#163;71.6m" arrives in the attribute as text.
    return [html.unescape(title) for title in declared if title]


def _document_title(tree: Any) -> str:
    """The page's <title>: the first one outside an inline <svg>, whose icons carry <title>s of their own
    ("Chevron", "Facebook", "Large Logo") that would otherwise run on after the headline."""
    titles = tree.xpath("//title[not(ancestor::svg)]")
    return " ".join(titles[0].text_content().split()) if titles else ""


def _titles_for_machines(tree: Any, article: dict[str, Any], site: str) -> list[str]:
    """The declared headlines, site names dropped."""
    return [_strip_site(title, site) for title in _declared_titles(tree, article)]


def _heading(node: Any) -> str:
    """An <h1>'s text without its permalink anchor (Sphinx's "¶", a "#"): a link with no letter in it. A line
    break parts words as a space does ("Headline<br>goes on")."""
    anchors = any(not re.search(r"\w", link.text_content()) for link in node.iter("a"))
    if anchors or any(True for _ in node.iter("br")):
        node = copy.deepcopy(node)  # the tree goes on to the body's extraction
        for link in [link for link in node.iter("a") if not re.search(r"\w", link.text_content())]:
            link.drop_tree()  # keeps the text after it
        for line_break in node.iter("br"):
            line_break.tail = " " + (line_break.tail or "")
    return " ".join(node.text_content().split())


def _parts(titles: list[str]) -> list[set[str]]:
    """Each declared title with separators, as the set of its parts ("Headline", "The Site")."""
    found = []
    for title in titles:
        parts = {part.strip().casefold() for part in _TITLE_SEPARATORS.split(title)} - {""}
        if len(parts) > 1:
            found.append(parts)
    return found


def _title(tree: Any, declared: list[str], body: str, raw: list[str] | None = None) -> str:
    """The first <h1> that agrees with a declared headline, else the first that agrees with the story; else
    the first <h2> that agrees with a declared headline, else the first that agrees with the story (where a
    headline is declared, one above the story sharing a word with it: see _rewritten); else the declared one.

    The <h1> is what a reader sees over the story; declared titles are often
    rewritten for search engines. A logo or a "Guides" box in an <h1> shares
    no words with either, so it is passed over. A site that puts its name in
    an <h1> puts it first, over the story: when two of the first <h1>s are two
    parts of one declared title ("Headline — The Site"), the later one is the
    headline. A page with no <h1> for its headline sets it in an <h2> (many
    blog themes); there the story's own subheadings share the story's words
    too, so an <h2> must agree with the declared headline where there is one.
    `raw` are the declared titles before their site names were dropped.
    """
    story = story_stems(body.split("\n\n"))
    parts = _parts(raw or [])
    lead = _lead_position(tree, body)
    for level, evidence in (("h1", ("declared", "story")), ("h2", ("declared", "story"))):
        nodes = tree.xpath(f"//{level}")[:_MAX_HEADINGS]
        headings = [_heading(node) for node in nodes]
        candidates = [(index, heading) for index, heading in enumerate(headings) if 0 < len(heading.split()) <= 40]
        # A banner over the story ("Election 2024: live coverage") shares the story's words; only the headline
        # shares the declared one's, so that agreement is asked of every heading first.
        for kind in evidence:
            for index, heading in candidates:
                if (
                    level == "h2"
                    and kind == "story"
                    and declared
                    and not _rewritten(nodes[index], heading, declared, lead)
                ):
                    continue
                if _agrees(heading, declared if kind == "declared" else None, story, parts if level != "h1" else None):
                    return _later_part(heading, headings[index + 1 :], parts)
    return declared[0] if declared else ""


def _lead_position(tree: Any, body: str) -> int | None:
    """Where the story's first paragraph stands in the document (the number of elements before its <p>),
    or None when none of the extracted body's first paragraphs is found as one (a photo's caption may open
    the body without being a <p>)."""
    paragraphs = [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    openings = [
        opening for p in paragraphs[:_LEAD_PARAGRAPHS] if len(opening := _plain(p)[:_LEAD_CHARS]) == _LEAD_CHARS
    ]
    if not openings:
        return None
    for position, node in enumerate(tree.iter()):
        if node.tag == "p" and " ".join(node.text_content().split()).casefold().startswith(tuple(openings)):
            return position
    return None


def _rewritten(node: Any, heading: str, declared: list[str], lead: int | None) -> bool:
    """Could the <h2> be the headline the page declares reworded for search engines ("MacBook sale at Amazon"
    over "Amazon discounts MacBooks …")? It stands above the story, as a headline does (the story's own
    subheadings share its words too), and shares a word with a declared title (a topic's label over the
    story shares the story's words, not always the declared headline's)."""
    return _above(node, lead) and any(support(heading, title) > 0 for title in declared)


def _above(node: Any, lead: int | None) -> bool:
    """Does the element come before the story's first paragraph in the document?"""
    if lead is None:
        return False
    for position, other in enumerate(node.getroottree().iter()):
        if other is node:
            return position < lead
        if position >= lead:
            return False
    return False


def _agrees(
    heading: str, declared: list[str] | None, story: Counter[str], both_ways: list[set[str]] | None = None
) -> bool:
    """Does the heading use the words of a declared headline (given `declared`), else of the story?

    `both_ways` (the declared titles' parts, see _parts): the declared headline must use the heading's
    words too, or hold it as one of its parts ("Headline | Site | Topics"). An <h2> that shares a word or
    two with it is a section's label ("Conflicto mapuche") or another story's headline in a box."""
    if declared is not None:
        if both_ways is not None and any(heading.casefold() in title_parts for title_parts in both_ways):
            return True
        return any(
            support(heading, title) >= _AGREEMENT and (both_ways is None or support(title, heading) >= _AGREEMENT)
            for title in declared
        )
    return len(content_words(heading)) >= 2 and support(heading, story) >= _AGREEMENT


def _later_part(heading: str, later: list[str], parts: list[set[str]]) -> str:
    """The later <h1> that is another part of a declared title `heading` is a part of; else `heading`."""
    for title_parts in parts:
        if heading.casefold() in title_parts:
            other = next((h for h in later if h.casefold() in title_parts - {heading.casefold()}), "")
            if other:
                return other
    return heading


def _date(value: str) -> DateValue | None:
    return parse_iso(value) if value else None


def _inline_math(tree: Any) -> None:
    """Keep MathML formulas as text: extractors drop <math> and its custom-element wrappers."""
    for math in tree.xpath("//*[local-name()='math']"):
        outer = math
        while outer.getparent() is not None and "-" in str(outer.getparent().tag):
            outer = outer.getparent()
        if outer.getparent() is None:
            continue
        span = lxml.html.Element("span")
        span.text = " ".join(" ".join(math.itertext()).split())
        span.tail = outer.tail
        outer.getparent().replace(outer, span)


def _drop_comments(tree: Any) -> None:
    """Comments (conditional ones especially) leak into extracted text as junk."""
    for node in tree.xpath("//comment()"):
        if node.getparent() is not None:
            node.drop_tree()  # keeps the text that follows the comment


def _drop_hover_cards(tree: Any) -> None:
    """Hover cards hidden in a paragraph (a person's photo, name and other stories, shown over a link): an
    element inside the paragraph made of links only, two or more, with no text of its own between them.
    A sentence's words stand between its links; a card's stand inside them."""
    for paragraph in tree.xpath("//p"):
        for node in paragraph.xpath(".//*[not(self::a)][count(.//a) >= 2]"):
            if node.getparent() is None:
                continue  # inside a card already dropped
            own = "".join(node.xpath(".//text()[not(ancestor::a)]"))
            if not own.strip():
                node.drop_tree()  # keeps the text after it


def _drop_link_cards(tree: Any) -> None:
    """Teaser cards (another story's blurb, a guide's) wrap their paragraphs in the card's link; a story's
    paragraph holds its links, never sits inside one."""
    for paragraph in tree.xpath("//a//p"):
        if paragraph.getparent() is not None:
            paragraph.drop_tree()


def _drop_tag_lists(tree: Any) -> None:
    """A list of the story's tags (rel="tag" links, WordPress's and the microformat's) is navigation: the
    element holding them, when all it says besides them is a label ("Tags", "Filed under:") and commas.
    A tag linked inside a sentence leaves the sentence's own words around it."""
    tag = "a[contains(concat(' ', @rel, ' '), ' tag ')]"
    for holder in {link.getparent() for link in tree.xpath(f"//{tag}")}:
        own = " ".join(holder.xpath(f".//text()[not(ancestor::{tag})]"))
        if holder.getparent() is not None and len(re.findall(r"[^\W\d_]+", own)) <= _TAG_LABEL_WORDS:
            holder.drop_tree()


def _mark_quotes(tree: Any) -> None:
    """Start quoted paragraphs with "> ": the extractor's Markdown has no block quotes.

    A post the story quotes (an embedded tweet) is set in a quote inside a box of its own; extractors
    drop such boxes by their class names as social widgets, but the reader reads the post as part of the
    story. The quote and a box holding nothing else lose their classes."""
    for quote in tree.xpath("//blockquote"):
        quote.attrib.pop("class", None)
        box = quote.getparent()
        if box is not None and box.tag == "div" and len(box.xpath("./*[not(self::script)]")) == 1:
            box.attrib.pop("class", None)
        for paragraph in quote.xpath(".//p") or [quote]:
            paragraph.text = "> " + (paragraph.text or "").lstrip()


def _keep_captions(tree: Any) -> None:
    """Image captions are part of the story; extractors drop <figure> wholesale, and a caption by its class.

    A caption that carries a photo credit ("… Credit: ESA", "Jane Roe / AP") is the photo's label, not the
    story's text, as in a text dump (see body._captions): it goes with the photo."""
    for caption in tree.xpath("//figcaption"):
        if CREDIT.search(" ".join(caption.text_content().split())):
            caption.drop_tree()
            continue
        caption.tag = "p"
        caption.attrib.pop("class", None)
    for figure in tree.xpath("//figure"):
        figure.tag = "div"


def _body(tree: Any) -> str:
    markdown = trafilatura.extract(
        tree,
        output_format="markdown",
        favor_recall=True,  # measured: recall mode loses fewer real paragraphs on our samples
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=True,  # keeps quotes, emphasis and headings as Markdown
        with_metadata=False,
    )
    # The extractor escapes the "> " that _mark_quotes put in; unescape it.
    paragraphs = _QUOTE.sub("> ", tidy(markdown or "")).split("\n\n")
    # Share prompts and copyright lines that survive extraction.
    kept = [p for p in paragraphs if p.strip() and not furniture.is_furniture(p.strip("*_# ").strip())]
    return "\n\n".join(kept)


def _plain(markdown: str) -> str:
    return " ".join(re.sub(r"[*_`#>\\]", " ", markdown).split()).casefold()


def _article_paragraphs(tree: Any) -> list[str]:
    """The paragraphs of the page's own story container: its largest <article>, or its articleBody."""
    containers = tree.xpath("//article | //*[@itemprop='articleBody']")
    if not containers:
        return []
    story = max(containers, key=lambda node: len(node.text_content()))
    return [" ".join(node.text_content().split()) for node in story.xpath(".//p[not(ancestor::p)]")]


def _continued(body: str, paragraphs: list[str]) -> str:
    """trafilatura's body, with the story paragraphs of the page's <article> it stopped short of.

    Pages that cut a story into several blocks (around an ad, a chunk at a
    time) lose the blocks after the first. Taken only when the page's own
    <article> has trafilatura's last paragraph, and only while what follows
    it is running text (a short line only when it is a sentence: "But there
    are two problems.", not "Advertisement") that shares words with the
    story: the story read so far, each paragraph taken included, since a long
    story moves on to new subjects a paragraph at a time.
    """
    kept = body.split("\n\n")
    last = _plain(kept[-1])[:_MATCH_CHARS]
    found = next((i for i, text in enumerate(paragraphs) if last and _plain(text).startswith(last)), -1)
    if found < 0:
        return body
    story = story_stems(kept)
    more: list[str] = []
    for text in paragraphs[found + 1 :]:
        short = len(text.split()) < _MIN_CONTINUED_WORDS and not SENTENCE_END.search(text)
        if short or support(text, story) < _CONTINUED_SUPPORT:
            break
        more.append(escape_line(text))
        story += story_stems([text])
    # A story cut short loses whole blocks; one or two paragraphs after its end are a promo or a note.
    return "\n\n".join(kept + more) if len(more) >= _MIN_CONTINUED_PARAGRAPHS else body


def _without_headline(body: str, title: str) -> str:
    """The headline is the title field, not a paragraph of the body: over the story, or shown again inside
    it (a gallery's or a sticky header's copy)."""
    headline = _plain(title).strip(" .")
    return "\n\n".join(p for p in body.split("\n\n") if _plain(p).strip(" .") != headline)


def _without_gallery(body: str) -> str:
    """The body without a photo gallery's captions that the extractor took as paragraphs: a photo credit on a
    line of its own ("Photo: Jane Roe, AP"), and the captions over it that the page shows more than once (a
    gallery repeats its captions, shortened and in full; a story never repeats a paragraph)."""
    paragraphs = body.split("\n\n")
    shown = Counter(_plain(p) for p in paragraphs)
    credits = [bool(_CREDIT_LINE.match(_unmarked(p))) and len(p.split()) <= CREDIT_ALONE_WORDS for p in paragraphs]
    dropped: set[int] = set()
    for index in (i for i, credit in enumerate(credits) if credit):
        dropped.add(index)
        above = index - 1
        while above >= 0 and (credits[above] or shown[_plain(paragraphs[above])] > 1):
            dropped.add(above)
            above -= 1
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in dropped)


def _dek(body: str) -> tuple[str, str]:
    """The dek set as a heading over the story ("## The retailer earned $2.8 billion in the quarter."), and
    the body without it: a heading that closes like a sentence is no section's label but the summary
    under the headline."""
    first, _, rest = body.partition("\n\n")
    text = _unmarked(first)
    if first.startswith("#") and rest and closes_sentence(text):
        return text, rest
    return "", body


def _without_machine_names(body: str) -> str:
    """The body without lines that are one lowercase token joined by hyphens ("- medium-wide-browser"): a
    stylesheet's or a script's names, left as text in the page. Text has spaces between its words."""
    paragraphs = []
    for paragraph in body.split("\n\n"):
        lines = [line for line in paragraph.split("\n") if not _MACHINE_NAME.match(line)]
        text = "\n".join(lines)
        if re.search(r"[^\W\d_]", text):  # what is left of a list of names ("0 : 0") is no text either
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _without_head_lines(body: str) -> str:
    """The body without the headline block's date lines and bylines over the story's first paragraph
    ("November 19, 2019 / 12:21 AM / Updated 14 hours ago"): they are the date and byline fields. Further
    down, a date line is an embedded post's or a timeline's, and the story's own."""
    paragraphs = body.split("\n\n")
    lead = 0
    while lead < len(paragraphs) - 1 and _is_head_line(paragraphs[lead]):
        lead += 1
    return "\n\n".join(paragraphs[lead:])


def _is_head_line(paragraph: str) -> bool:
    """A date line or a byline on its own: a paragraph of more lines (a table, a heading under it) is text."""
    text = _unmarked(paragraph)
    return "\n" not in text and (is_date_line(text) or bool(byline(text)))


def _unmarked(paragraph: str) -> str:
    return paragraph.strip("*_# ").strip()


def _trimmed(body: str) -> str:
    """The body without the paragraphs at its edges that share almost no words with the rest of it (a
    newsletter's pitch, a note on the author), as a text dump's story is trimmed."""
    return "\n\n".join(text for _, text in trim_edges(list(enumerate(body.split("\n\n")))))


def _without_teaser_lists(body: str) -> str:
    """The body without a list of other stories: a list header ("You may also like…", "Explore further")
    and the headlines under it (headline-shaped paragraphs: no closing stop). A story paragraph under
    such a header, a sentence, ends the list and stays."""
    kept: list[str] = []
    in_list = False
    for paragraph in body.split("\n\n"):
        plain = _unmarked(paragraph)
        if furniture.is_list_header(plain):
            in_list = True
            continue
        in_list = in_list and headline_shaped(plain)
        if not in_list:
            kept.append(paragraph)
    return "\n\n".join(kept)


def _section(tree: Any, declared: str, site: str) -> str:
    """The declared section, when it is a label the page itself shows as a link (its kicker or breadcrumb).

    CMSs fill articleSection with anything: a site's name, "Post", a campaign;
    a real section is one to three words a reader can click on the page.
    """
    words = declared.split()
    if not 1 <= len(words) <= _MAX_SECTION_WORDS or "." in declared or declared.casefold() == site.casefold():
        return ""
    shown = {" ".join(text.split()).casefold() for text in tree.xpath("//a//text()")}
    return declared if declared.casefold() in shown else ""


def _agency(body: str, site: str) -> str:
    """The wire agency: a "CITY (Reuters) -" dateline, a closing "— AP", or a site that is an agency.

    Only agencies: a newspaper's own name is not a source to list its stories under.
    """
    paragraphs = body.split("\n\n")
    return (
        agencies.agency_in_dateline(paragraphs[0])
        or agencies.agency_in_trailer(paragraphs[-1])
        or agencies.agency_in_trailer(site)
    )


def _published(tree: Any, article: dict[str, Any]) -> DateValue | None:
    """The publication date the page states for machines: JSON-LD first, then its meta tags."""
    return _date(_text(article.get("datePublished"))) or _date(
        _meta(tree, "article:published_time", "datePublished", "DC.date.issued", "date")
    )


def parse_html(text: str) -> Extracted:
    """Find the article in a saved HTML page. Raises IngestError when there is none."""
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as error:
        raise IngestError(f"not a readable HTML page ({error})") from None
    article = _ld_article(tree)
    # trafilatura's metadata search (htmldate and all) costs more than the rest of the page: asked only for a gap.
    guessed = cache(lambda: trafilatura.extract_metadata(copy.deepcopy(tree)) or Document())
    site = _text(article.get("publisher")) or _meta(tree, "og:site_name")
    declared = _titles_for_machines(tree, article, site)
    if not site or not declared:
        site = site or guessed().sitename or ""
        declared = _titles_for_machines(tree, article, site) + ([guessed().title] if guessed().title else [])
    _drop_comments(tree)
    _inline_math(tree)
    _keep_captions(tree)
    _drop_hover_cards(tree)
    _drop_link_cards(tree)
    _drop_tag_lists(tree)
    _mark_quotes(tree)
    body = _continued(_body(tree), _article_paragraphs(tree))
    title = _title(tree, declared, body, _declared_titles(tree, article))
    body = _without_gallery(_without_headline(body, title))
    body = _trimmed(_without_head_lines(_without_machine_names(_without_teaser_lists(body))))
    subtitle, body = _dek(body)
    if not title:
        raise IngestError("no headline found in the page")
    if not body:
        raise IngestError("no article text found in the page")
    canonical = tree.xpath('//link[@rel="canonical"]/@href', smart_strings=False)
    return Extracted(
        title=title,
        subtitle=subtitle,
        body=body,
        date=_published(tree, article) or _date(guessed().date or ""),
        updated=_date(_text(article.get("dateModified")) or _meta(tree, "article:modified_time")),
        section=_section(tree, _first(article.get("articleSection")) or _meta(tree, "article:section"), site),
        agency=_agency(body, site),
        byline=_text(article.get("author")) or _meta(tree, "author") or guessed().author or "",
        summary=_text(article.get("description")) or _meta(tree, "og:description", "description"),
        source_url=(canonical[0].strip() if canonical else "") or _meta(tree, "og:url"),
    )
