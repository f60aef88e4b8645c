"""Read a text dump: the visible text of a news page, copied from a browser.

A copied page is a column of lines: menus, the headline block, the story, then
lists of other stories, comments and the footer. The story is the stretch
where long sentence-like lines outweigh short labels; we find it as the
best-scoring run of lines (the body-text-extraction idea of Finn et al.:
maximise text inside, minimise furniture inside). The headline block is read
backwards and forwards from the start of that run.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from ..chars import CJK
from ..model import Link
from . import agencies, furniture
from .article import Extracted, IngestError
from .dates import DateValue, date_spans, find_dates, published_and_updated
from .evidence import content_words, story_stems, support
from .markdown import escape_line
from .weights import HEADLINE_RULES

_BULLET = re.compile(r"^(?:[-*+•·▪◦–]\s+|\d{1,3}[.)]\s+)")
_SENTENCE_END = re.compile(r"[.!?。！？:;\"'”’»)\]…]$")
_BYLINE = re.compile(
    r"^(?:by|par|por|von|di|door|av|de|written\s+by|words\s+by|reporting\s+by)\s*:?\s+"
    r"(?P<name>[A-ZÀ-ÞĀ-Ž][^\d|•]{1,100})",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?:\s[/|]\s?[A-Z][\w.&' -]{0,40}$"
    r"|\((?:photo|foto|bild|image|picture|credit|crédit|imagem)\s*:[^)]*\)$"
    r"|^(?:photo|foto|bild|image|picture|credit|crédit)\s*:"
    r"|credit\s*:?\s*[A-Z][\w.,&' /-]{0,80}$"
    r"|(?:\s[-–—|]\s|^)[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s?/\s?[A-Z][\w .&'-]{1,40}$)",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?i:related|read\s+more|read\s+also|also\s+read|see\s+also)(?:\s*[:\-–—]\s*|(?=[A-Z0-9“\"‘']))(.+)$"
)
_RELATED_HEADER = re.compile(r"^(?:related|related\s+links?)\s*:?$", re.IGNORECASE)
_ALL_CAPS_LABEL = re.compile(r"^[^\W\d_][^\W\d_ &'-]*(?:[ &'-]+[^\W\d_]+){0,2}$")
_SITE_PREFIX = re.compile(r"^(?P<site>[^-–—|:]{2,30}?)\s+[-–—|]\s+(?P<rest>.+)$")
_RELATIVE_TIME = re.compile(
    r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago\b|\bhace\s+\d+|\bil\s+y\s+a\s+\d+|\bvor\s+\d+",
    re.IGNORECASE,
)
_PILCROW = re.compile(r"[¶§#]+$")

# Costs in the story search, in words of text.
_MAX_GAP_COST = 6.0
_MAX_LIST = 12  # items read as a list under a header like "More stories"
_END = -1000.0  # "Comments", "Explore", "More stories": the story is over
_MAX_HEAD = 40  # lines above the story searched for the headline block


# Content words a line needs for its share in the story to count in full: two shared words prove less than six.
_FULL_EVIDENCE = 6

_SECTION_REACH = 2  # lines above the headline where its section label stands (a date line may come between)
# Trimming the story's edges by evidence (see _trim_edges): measured on the tuning half.
_MIN_STORY_LINES = 12  # shorter stories give too little evidence to judge a line by (their last line included)
_MAX_EDGE_WORDS = 40  # a long paragraph at the edge is the story's own, even when it wanders off
_EDGE_SUPPORT = 0.25  # story lines share 40-80% of their content words with the rest; furniture 0-20%

_NOT_TEXT = ("furniture", "listhead", "listed", "end")


@dataclass(slots=True)
class _Line:
    text: str
    indent: int
    kind: str = "short"  # blank | prose | short | bullet | furniture | listhead | listed | end


def _words(text: str) -> float:
    """Word count, counting CJK text at two characters a word."""
    cjk = len(CJK.findall(text))
    return len(CJK.sub(" ", text).split()) + cjk / 2


def _is_prose(text: str) -> bool:
    """Running text: a sentence, or a line too long to be a label or a headline."""
    words = _words(text)
    if len(re.findall(r"\s[•|·]\s", text)) >= 2 or "   " in text:
        return False  # "Topic • Topic • Topic": a line of links; "A      B": table columns
    return words >= 15 or (words >= 5 and len(text) >= 30 and bool(_SENTENCE_END.search(text)))


def _shouting(text: str) -> bool:
    """All capitals ("WORLD", "MONTHLY"); "DNC建立…" has no lower case but is not shouting."""
    return text.isupper() and not CJK.search(text)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", _PILCROW.sub("", text)).strip(" .")


def _is_date_line(text: str) -> bool:
    """A line that is a date or a time stamp with a few words around it ("Updated", an agency)."""
    if _RELATIVE_TIME.search(text) and _words(text) <= 8:
        return True
    spans = date_spans(text)
    if not spans:
        return False
    rest = text
    for start, end, _ in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    return len([word for word in rest.split() if re.search(r"[^\W\d_]{2}", word)]) <= 6


def _byline(text: str) -> str:
    match = _BYLINE.match(text)
    if not match or _words(text) > 16:
        return ""
    name = match.group("name")
    dates = find_dates(name)
    name = name[: dates[0][0]] if dates else name
    name = re.split(r",\s+|\s+(?:updated|published|follow|on|at|le|el|am)\b", name, flags=re.I)[0].strip()
    return name if 1 <= len(name.split()) <= 8 else ""


def _classify(lines: list[_Line]) -> None:
    """Mark each line as blank, prose, bullet, furniture, listhead, listed, end or short."""
    for line in lines:
        text = line.text
        if not text:
            line.kind = "blank"
        elif furniture.is_end_header(text):
            line.kind = "end"
        elif furniture.is_list_header(text):
            line.kind = "listhead"
        elif agencies.source_line(text) or agencies.agency_in_trailer(text) == text.strip(" -–—"):
            line.kind = "end"  # a wire story closes with its credit ("AFP", "SOURCE:AA")
        elif furniture.is_furniture(text):
            line.kind = "furniture"
        elif _BULLET.match(text):
            line.kind = "bullet"
        elif _is_prose(text):
            line.kind = "prose"
    # The lines under a list header, up to a blank line, are the list's items.
    for index, line in enumerate(lines):
        if line.kind != "listhead":
            continue
        for item in lines[index + 1 : index + 1 + _MAX_LIST]:
            if item.kind == "blank":
                break
            item.kind = "listed"
    # In a run of three or more lines with no blank between them, lines that
    # do not end like sentences are links (menus, headline lists), not prose.
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].text:
            end += 1
        if end - start >= 3:
            for line in lines[start:end]:
                if line.kind == "prose" and not _SENTENCE_END.search(line.text):
                    line.kind = "short"
        start = end + 1


def _weights(lines: list[_Line]) -> list[float]:
    """Each line's worth for the story search.

    Prose earns its length. The other lines cost more the longer the stretch
    of them: a story can hold a subheading or a "RECOMMENDED" between two
    paragraphs, but a footer is a long stretch of labels and links.
    """
    weights = []
    gap = 0
    for line in lines:
        if line.kind == "blank":
            weights.append(0.0)
        elif line.kind in ("prose", "bullet"):
            weights.append(max(_words(line.text), 2.0))
            gap = 0
        elif line.kind in ("end", "listhead"):
            weights.append(_END)
        else:
            gap += 1
            cost = min(1.0 + (gap - 1) / 2, _MAX_GAP_COST)
            weights.append(-cost)
    return weights


def _best_run(weights: list[float], offset: int = 0) -> tuple[float, int, int]:
    """The run of lines [start, end) with the largest total weight (Kadane), and that total."""
    best, best_span = 0.0, (offset, offset)
    total, start = 0.0, offset
    for index, weight in enumerate(weights, start=offset):
        if total <= 0:
            total, start = 0.0, index
        total += weight
        if total > best:
            best, best_span = total, (start, index + 1)
    return best, *best_span


def _story_run(weights: list[float]) -> tuple[int, int]:
    """The first run of text that is at least half as heavy as the heaviest.

    Pages often carry a second block of running text after the story (teasers
    with summaries, a live feed); the story comes first.
    """
    runs: list[tuple[float, int, int]] = []
    pending = [(0, len(weights))]
    while pending:
        low, high = pending.pop()
        total, start, end = _best_run(weights[low:high], low)
        if total <= 0:
            continue
        runs.append((total, start, end))
        pending += [(low, start), (end, high)]
    if not runs:
        return 0, 0
    heaviest = max(total for total, _, _ in runs)
    _, start, end = min((run for run in runs if run[0] >= heaviest / 2), key=lambda run: run[1])
    return start, end


def _headline_shaped(text: str) -> bool:
    return 4 <= _words(text) <= 25 and not text.endswith((".", ",", ";"))


def _nonblank(lines: list[_Line], index: int, step: int, count: int) -> list[int]:
    """The next `count` lines from `index` in direction `step` that are neither blank nor furniture."""
    found: list[int] = []
    index += step
    while 0 <= index < len(lines) and len(found) < count:
        if lines[index].text and lines[index].kind != "furniture":
            found.append(index)
        index += step
    return found


def _centred(lines: list[_Line], index: int) -> bool:
    """Set in the middle of a fixed-width page, as plain-text documents set titles."""
    line = lines[index]
    if line.indent < 10:
        return False
    edges = sorted(other.indent + len(other.text) for other in lines if 0 < len(other.text) <= 100)
    width = edges[int(len(edges) * 0.95)] if edges else 0  # the page width, ignoring a few overlong lines
    return abs(line.indent + len(line.text) / 2 - width / 2) <= 6


def _headline_features(lines: list[_Line], index: int, body_start: int, story: Counter[str]) -> dict[str, float]:
    """What makes line `index` look like the headline of the story starting at `body_start`."""
    text = lines[index].text
    words = _words(text)
    norm = _norm(text)
    after = _nonblank(lines, index, 1, 4)
    before = _nonblank(lines, index, -1, 1)
    near = _nonblank(lines, index, -1, 10) + _nonblank(lines, index, 1, 10)
    dek = after and _words(lines[after[0]].text) >= 6 and not _is_meta(lines[after[0]].text)
    prefix = text.split()[:2]
    centred = _centred(lines, index)
    between = sum(1 for i in range(index + 1, body_start) if lines[i].kind not in ("blank", "furniture"))
    inside = index > body_start
    count = len(content_words(text))
    has_words = count >= 2
    backing = support(text, story, inside=lines[index].kind == "prose" and index >= body_start)
    return {
        "shaped": _headline_shaped(text),
        "too_short": not _headline_shaped(text) and words < 2 and not centred,
        "ends_like_sentence": text.endswith((".", ",", ";")),
        "shown_twice": words >= 3 and any(_norm(lines[i].text) == norm for i in near),
        "meta_follows": any(_is_date_line(lines[i].text) or _byline(lines[i].text) for i in after),
        "stands_alone": not any(
            _headline_shaped(lines[i].text) and lines[i].kind != "prose" for i in before + after[:1]
        ),
        "centred": centred,
        "pushed_right": not centred and lines[index].indent >= 10,
        "shouted_label": _shouting(text) and words <= 3,
        "breadcrumb": bool(re.search(r"\s[>›»|]\s.*\s[>›»|]\s", text)) or "  " in text,
        "dek_then_meta": bool(dek) and any(_is_meta(lines[i].text) for i in after[1:]),
        "list_prefix": any(lines[i].text.split()[:2] == prefix for i in before + after[:1]),
        "date_above": bool(before) and _is_date_line(lines[before[0]].text),
        "distance": min(between, 30),
        "inside_story": inside,
        "story_words_inside": inside
        * sum(_words(lines[i].text) for i in range(body_start, index) if lines[i].kind == "prose"),
        "story_support": backing * min(count, _FULL_EVIDENCE) / _FULL_EVIDENCE,
        "no_support": has_words and backing == 0,
        "listed": lines[index].kind == "listed",
        "prose": lines[index].kind == "prose",
    }


def _headline_score(lines: list[_Line], index: int, body_start: int, story: Counter[str]) -> float:
    features = _headline_features(lines, index, body_start, story)
    return sum(HEADLINE_RULES[name].weight * float(value) for name, value in features.items())


def _find_title(lines: list[_Line], start: int, end: int, below: int = 6) -> tuple[int, int]:
    """The headline's first and last line index (the last when it is shown twice).

    Searched from `_MAX_HEAD` lines above the story to `below` lines into it.
    """
    window = range(max(0, start - _MAX_HEAD), min(len(lines), start + below))
    candidates = [
        i
        for i in window
        if lines[i].text
        and lines[i].kind not in ("furniture", "listhead", "end", "bullet")
        and 2 <= len(lines[i].text) <= 300
        and _words(lines[i].text) <= 40
        and not _is_date_line(lines[i].text)
        and not _byline(lines[i].text)
        and not _CREDIT.search(lines[i].text)
    ]
    if not candidates:
        return -1, -1
    story = story_stems(line.text for line in lines[start:end] if line.kind == "prose")
    best = max(candidates, key=lambda i: (_headline_score(lines, i, start, story), -abs(i - start)))
    norm = _norm(lines[best].text)
    same = [i for i in [best, *_nonblank(lines, best, 1, 10)] if _norm(lines[i].text) == norm]
    return same[0], same[-1]


@dataclass(slots=True)
class _Head:
    subtitle: str = ""
    date: DateValue | None = None
    updated: DateValue | None = None
    byline: str = ""
    source: str = ""
    caption: str = ""
    body_start: int = 0


def _is_meta(text: str) -> bool:
    return _is_date_line(text) or bool(_byline(text)) or bool(_CREDIT.search(text))


def _read_head(lines: list[_Line], first: int, last: int, region_start: int) -> _Head:
    """Read the headline block: dek, date, byline, agency and caption.

    The block ends at its last date, byline or caption line before the story's
    second paragraph; a sentence under the headline that precedes such a line
    is the dek.
    """
    head = _Head()
    title = _norm(lines[first].text)
    following = [i for i in _nonblank(lines, first, 1, 20) if _norm(lines[i].text) != title]
    prose_seen = 0
    head_end = last
    for index in following:
        text = lines[index].text
        if _is_meta(text):
            head_end = max(head_end, index)
            if _is_date_line(text):
                published, updated = published_and_updated(text)
                head.date = head.date or published
                head.updated = head.updated or updated
                head.source = head.source or agencies.agency_leading(text)
            elif _byline(text):
                head.byline = head.byline or _byline(text)
            elif not head.caption:
                head.caption = text
        elif lines[index].kind in ("prose", "bullet") or _words(text) >= 6:
            if not prose_seen and _words(text) >= 6 and lines[index].kind != "bullet":
                head.subtitle = text
            prose_seen += 1
            if prose_seen == 2 or lines[index].kind == "bullet":
                break
    if head.subtitle and not any(
        first < i < head_end and lines[i].text == head.subtitle for i in range(first + 1, head_end)
    ):
        head.subtitle = ""  # no headline block after it: it is the story's first paragraph
    start = max(head_end + 1, region_start if region_start > first else head_end + 1)
    while start < len(lines) and lines[start].kind not in ("prose", "bullet"):
        start += 1
    head.body_start = start
    return head


def _section(lines: list[_Line], title_index: int) -> str:
    """A shouted label just above the headline ("WORLD") is the section.

    Only right above it (furniture such as "3 min read" aside): a shouted line
    further up is a menu item or a masthead, and no section beats a wrong one.
    """
    seen = 0
    for index in range(title_index - 1, max(-1, title_index - 12), -1):
        text = lines[index].text
        if not text or lines[index].kind == "furniture":
            continue
        seen += 1
        if seen > _SECTION_REACH:
            break
        above = lines[index - 1] if index > 0 else _Line("", 0)
        in_menu = above.kind != "furniture" and _words(above.text) <= 3 and bool(above.text)
        if (
            not in_menu  # the last item of a menu ("CRAFTS & DIY", "TIPS & TRICKS") stands right above too
            and _shouting(text)
            and _ALL_CAPS_LABEL.match(text)
            and len(text) >= 3
            and not furniture.is_furniture(text)
            and not agencies.agency_in_trailer(text)
        ):
            return text.title()
    return ""


def _related(lines: list[_Line], start: int) -> tuple[list[Link], set[int]]:
    """Links announced by "Related…" after the story starts, and the lines they used."""
    links: list[Link] = []
    used: set[int] = set()
    for index in range(start, len(lines)):
        text = lines[index].text
        if lines[index].kind in _NOT_TEXT:
            continue
        match = _RELATED.match(text)
        if match and _words(match.group(1)) >= 3:
            links.append(Link(_strip_site(match.group(1).strip())))
            used.add(index)
        elif _RELATED_HEADER.match(text):
            used.add(index)
            follow = index + 1
            while follow < len(lines) and lines[follow].text and len(links) < 10:
                links.append(Link(_strip_site(lines[follow].text)))
                used.add(follow)
                follow += 1
    return links, used


def _strip_site(title: str) -> str:
    """Drop a short site name in front of a headline ("TRT World - Türkiye and …")."""
    match = _SITE_PREFIX.match(title)
    if match and len(match.group("site").split()) <= 3 and _words(match.group("rest")) >= 4:
        return match.group("rest").strip()
    return title


def _indent(line: str) -> int:
    expanded = line.expandtabs()
    return len(expanded) - len(expanded.lstrip())


def _is_hard_wrapped(block: list[str]) -> bool:
    """Lines broken at a fixed width mid-sentence (plain-text documents, <pre> pages)."""
    if len(block) < 2:
        return False
    width = max(len(line) for line in block)
    if not 50 <= width <= 100 or any(len(line) < 0.7 * width for line in block[:-1]):
        return False
    open_ends = sum(1 for line in block[:-1] if not _SENTENCE_END.search(line))
    return open_ends * 2 >= len(block) - 1


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """Join hard-wrapped paragraphs into one line each, as a browser would show them."""
    out: list[_Line] = []
    block: list[_Line] = []
    for line in [*lines, _Line("", 0)]:
        if line.text:
            block.append(line)
            continue
        texts = [item.text for item in block]
        if _is_hard_wrapped(texts):
            out.append(_Line(" ".join(texts), block[0].indent))
        else:
            out.extend(block)
        block = []
        out.append(line)
    return out[:-1]


def _markdown(blocks: list[list[str]]) -> str:
    paragraphs: list[str] = []
    for block in blocks:
        items: list[str] = []
        for line in block:
            bullet = _BULLET.match(line)
            if bullet:
                marker = "1." if bullet.group(0).strip()[0].isdigit() else "-"
                items.append(f"{marker} {escape_line(line[bullet.end() :])}")
                continue
            if items:
                paragraphs.append("\n".join(items))
                items = []
            quote = line.startswith(">")
            paragraphs.append("> " + escape_line(line[1:].strip()) if quote else escape_line(line))
        if items:
            paragraphs.append("\n".join(items))
    return "\n\n".join(paragraphs)


def _is_stray_label(text: str) -> bool:
    """Lines inside the story that are labels, not text: chart credits, dates of teasers, "MONTHLY"."""
    return (
        bool(_byline(text))
        or (_is_date_line(text) and _words(text) <= 8)
        or (_shouting(text) and len(text.split()) == 1 and len(text) > 3)
    )


def _trim_edges(kept: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop lines at either end of the story that share almost no words with the rest of it.

    Labels above the story and teasers, bios and "More great stories" below it
    survive the line rules when they read like sentences; what gives them away
    is that they are about something else.
    """
    if len(kept) < _MIN_STORY_LINES:
        return kept
    story = story_stems(text for _, text in kept)

    def weak(text: str) -> bool:
        return _words(text) < _MAX_EDGE_WORDS and support(text, story, inside=True) < _EDGE_SUPPORT

    start, end = 0, len(kept)
    while end - start > _MIN_STORY_LINES and weak(kept[end - 1][1]):
        end -= 1
    # At the top only labels go: the lead paragraph introduces words the rest need not repeat.
    while end - start > _MIN_STORY_LINES and weak(kept[start][1]) and not _SENTENCE_END.search(kept[start][1]):
        start += 1
    return kept[start:end]


def _body(lines: list[_Line], start: int, end: int, skip: set[int]) -> tuple[str, list[str]]:
    """Markdown for the story lines, and its plain lines (for agency credits)."""
    kept: list[tuple[int, str]] = []  # (paragraph number, line)
    paragraph = 0
    in_list = False
    for index in range(start, end):
        line = lines[index]
        # A list of other headlines runs from its header to the next blank line.
        in_list = line.kind == "listhead" or (in_list and line.kind != "blank")
        if in_list or index in skip or line.kind in _NOT_TEXT or _is_stray_label(line.text):
            continue
        if line.kind == "blank":
            paragraph += 1
            continue
        kept.append((paragraph, _PILCROW.sub("", line.text).rstrip() if line.text.endswith("¶") else line.text))
    kept = _trim_edges(kept)
    # Paragraph numbers only grow along `kept`: one pass groups them (a page may hold 100,000 paragraphs).
    blocks = [[text for _, text in group] for _, group in groupby(kept, key=itemgetter(0))]
    return _markdown(blocks), [text for _, text in kept]


def _fallback_date(lines: list[_Line], title: int, end: int) -> DateValue | None:
    """The date line nearest the headline when the headline block has none ("Posted …").

    Searched from above the headline to just after the story, nearest first:
    a date line (a date with a few words) is rare inside running text. A page
    that shows only when it was updated was published no later than that,
    which is nearer the truth than the file's time.
    """
    near = range(max(0, title - _MAX_HEAD), min(len(lines), end + 30))
    for index in sorted(near, key=lambda i: abs(i - title)):
        if _is_date_line(lines[index].text):
            published, updated = published_and_updated(lines[index].text)
            if published or updated:
                return published or updated
    return None


def parse_text(text: str) -> Extracted:
    """Find the article in a text dump. Raises IngestError when there is none."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = _unwrap([_Line(line.strip(), _indent(line)) for line in raw.split("\n")])
    _classify(lines)
    start, end = _story_run(_weights(lines))
    if end <= start:
        raise IngestError("no article text found (no paragraphs of running text)")
    first, last = _find_title(lines, start, end)
    if first > start and not any(lines[i].kind == "prose" for i in range(last + 1, end)):
        first, last = _find_title(lines, start, end, below=1)  # that was the story's last line, not its headline
    if first < 0:
        raise IngestError("no headline found above the article text")
    head = _read_head(lines, first, last, start)
    related, used = _related(lines, head.body_start)
    end = min(len(lines), max(end, head.body_start + 1))
    body, kept = _body(lines, head.body_start, end, used)
    if not body.strip():
        raise IngestError("no article text found below the headline")
    source = next((agencies.source_line(line.text) for line in lines if agencies.source_line(line.text)), "")
    source = source or head.source or agencies.agency_in_dateline(kept[0] if kept else "")
    tail = [lines[i].text for i in range(end, min(len(lines), end + 5)) if lines[i].text]
    source = source or next(filter(None, map(agencies.agency_in_trailer, kept[-1:] + tail[:2])), "")
    return Extracted(
        title=_PILCROW.sub("", lines[first].text).strip(),
        body=body,
        date=head.date or head.updated or _fallback_date(lines, first, end),
        updated=head.updated,
        subtitle=head.subtitle,
        section=_section(lines, first),
        agency=source,
        byline=head.byline,
        image_caption=head.caption,
        links=related,
    )
