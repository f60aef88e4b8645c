"""Text-dump import on the tuning half's stories set inside other sites' pages.

    python eval/crosssite.py [--draws N] [--seed S] [--inset] [--details]

A rule tuned on a page can learn that page's menus and footers instead of
what makes a story a story; then it fails on the next site, as the held-out
half shows. This puts each English tuning page's story (from its headline to
its last line of true body, found by the truth) between the header of
another tuning site's page and the footer of a third, N draws a page,
imports the result and scores it against the story's truth with
score_import.py's own measures. With --inset, a run of a fourth page's
header lines is also set inside the story, between two paragraphs, as an ad,
a video player or a box of links would be: the story must be read across
it. Only the tuning half is read, so it can be looked at as often as needed:
a development signal beside the tuning half's own figure, never the held-out
one. The other languages have too few pages to mix.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quality import TOOLS, split  # noqa: E402

from generator.ingest.article import IngestError  # noqa: E402
from generator.ingest.decode import decode  # noqa: E402
from generator.ingest.text import parse_text  # noqa: E402

_MIN_LINE_WORDS = 6  # a line this long that the truth holds is the story's, not a label it shares
_WIDGET_LINES = (4, 12)  # lines of a widget set inside the story
_HEAD_REACH = 40  # lines above the story's first true line searched for its headline
# English running text: "the", "and", "of", "to" make 10-15% of its words; 3% leaves room for a short story.
_ENGLISH = re.compile(r"\b(?:the|and|of|to)\b", re.IGNORECASE)
_ENGLISH_SHARE = 0.03


def _tool(name: str) -> ModuleType:
    """One of ../shared/tools' scripts, as a module: its measures and its names, not copies of them."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _tool("score_import")
SPLIT = _tool("split_by_site")


@dataclass(frozen=True)
class Page:
    """A tuning page cut in three: what stands above the headline, the story, what follows it."""

    name: str
    site: str
    english: bool
    truth: dict
    header: list[str]
    story: list[str]
    footer: list[str]


def cut(folder: Path) -> Page | None:
    """The page in three, or None when its headline or story cannot be found in its text."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    text = decode((folder / "page.txt").read_bytes())
    lines = text.replace("\r\n", "\n").split("\n")
    paragraphs = [SCORE.norm(p) for p in truth.get("body") or [] if len(p.split()) >= _MIN_LINE_WORDS]
    true_lines = [
        i
        for i, line in enumerate(lines)
        if len(line.split()) >= _MIN_LINE_WORDS and any(SCORE.norm(line)[:60] in p for p in paragraphs)
    ]
    title = truth.get("title") or ""
    if not true_lines or not SCORE.title_visible(title, text):
        return None
    first, last = true_lines[0], true_lines[-1]
    head = re.split(r"\s[-|_—–·:]\s|\s\[|_", SCORE.norm(title))[0].strip()
    shown = [i for i in range(max(0, first - _HEAD_REACH), first + 1) if head in SCORE.norm(lines[i])]
    if not shown:
        return None
    top = min(shown[0], first)
    story = lines[top : last + 1]
    words = " ".join(story).split()
    english = len(_ENGLISH.findall(" ".join(story))) >= _ENGLISH_SHARE * len(words)
    return Page(folder.name, SPLIT.site_of(folder.name), english, truth, lines[:top], story, lines[last + 1 :])


def _inset(story: list[str], donor: list[str], rng: random.Random) -> list[str]:
    """The story with a widget set between two of its paragraphs in its middle half: a run of another
    page's header lines (menus, labels, teasers), as an ad, a video player or a box of links would be."""
    widget = [line for line in donor if line.strip()]
    if len(widget) < _WIDGET_LINES[0]:
        return story
    size = rng.randint(*_WIDGET_LINES)
    begin = rng.randrange(max(1, len(widget) - size))
    gaps = [i for i in range(len(story) // 4, 3 * len(story) // 4) if not story[i].strip()]
    if not gaps:
        return story
    at = rng.choice(gaps)
    return [*story[:at], "", *widget[begin : begin + size], *story[at:]]


def measure(pages: list[Page], draws: int, seed: int, inset: bool = False, details: bool = False) -> dict[str, float]:
    """Share of mixed pages with a clean body, the right title and (of those whose truth has one) the right
    date, and their mean body F1. A date in another site's header (a masthead's today) or footer (a teaser's)
    must not win over the story's own."""
    rng = random.Random(seed)
    clean = titled = dated = with_date = 0
    f1s: list[float] = []
    # A page's header and footer speak its story's language: an English story with a Russian site's comments
    # under it tests nothing a user meets, and the other languages have too few pages to mix.
    english = [page for page in pages if page.english]
    for page in english:
        others = [other for other in english if other.site != page.site]
        for _ in range(draws):
            above, below = rng.choice(others), rng.choice(others)
            story = _inset(page.story, rng.choice(others).header, rng) if inset else page.story
            text = "\n".join(above.header + story + below.footer)
            try:
                article = parse_text(text)
                title, body, day = article.title, article.body, article.date
            except IngestError:
                title, body, day = "", "", None
            precision, recall, f1 = SCORE.prf(body, "\n".join(page.truth["body"]))
            right = SCORE.title_ok(title, page.truth["title"])
            clean += precision >= 0.9 and recall >= 0.9
            titled += right
            true_day = SCORE.day(page.truth.get("published"))
            with_date += true_day is not None
            dated += true_day is not None and SCORE.day(day) == true_day
            f1s.append(f1)
            if details and (precision < 0.9 or recall < 0.9 or not right or SCORE.day(day) != true_day):
                print(f"{page.name} header={above.name} footer={below.name} P={precision:.2f} R={recall:.2f} "
                      f"title={'ok' if right else repr(title)} date={SCORE.day(day)} truth={true_day}")  # fmt: skip
    runs = len(f1s)
    return {
        "pages": runs / draws,
        "runs": runs,
        "clean": clean / runs,
        "title": titled / runs,
        "date": dated / max(1, with_date),
        "f1": sum(f1s) / runs,
    }


def main(argv: list[str]) -> int:
    draws = int(argv[argv.index("--draws") + 1]) if "--draws" in argv else 16
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    with tempfile.TemporaryDirectory() as temp:
        tune = split(Path(temp)) / "tune"
        pages = [page for folder in sorted(tune.iterdir()) if (folder / "page.txt").exists() if (page := cut(folder))]
        figures = measure(pages, draws, seed, "--inset" in argv, "--details" in argv)
    where = "other sites' pages" + (" with a widget inside" if "--inset" in argv else "")
    print(
        f"tuning stories in {where}: {figures['pages']:.0f} pages x {draws} draws, "
        f"clean {figures['clean']:.3f}, title {figures['title']:.3f}, date {figures['date']:.3f}, "
        f"mean body F1 {figures['f1']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
