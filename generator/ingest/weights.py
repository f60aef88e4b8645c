"""The weights of the rules that pick a text dump's headline, each with its reason.

A candidate line's score is the sum of weight x feature over these rules
(a feature is 1 or 0, or a measure such as the share of words the story
uses). Tuned on the tuning half of the samples only (see `make eval`); the
held-out half says whether they hold.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    weight: float
    reason: str


HEADLINE_RULES: dict[str, Rule] = {
    "shaped": Rule(2.0, "4 to 25 words with no closing full stop: the shape of a headline"),
    "short_head": Rule(
        3.0,
        "two or three words, each used by the story, right over the date or byline, above the story: a short"
        " headline ('Classificação NASCAR'), where a label or menu item shares a word with the story at most;"
        " inside the story such a line is a quote over an embedded post's signature or a subheading",
    ),
    "too_short": Rule(-1.0, "one word is a label or a section name, rarely a headline"),
    "ends_like_sentence": Rule(-2.0, "a closing full stop or comma marks a sentence of the story or a teaser"),
    "shown_twice": Rule(4.0, "pages show the headline twice: in the page header and over the story"),
    "quoted_nearby": Rule(3.0, "share buttons and page titles quote the headline ('Share … options for: <headline>')"),
    "meta_follows": Rule(
        3.0,
        "a date or byline right under it, or under its dek, or under the writer's name and job title set on"
        " short lines of their own: the headline block",
    ),
    "stands_alone": Rule(1.0, "no headline-shaped neighbour: not one item of a list of headlines"),
    "centred": Rule(2.0, "plain-text documents centre their titles"),
    "pushed_right": Rule(-2.0, "a line pushed far right is a header column (author, organisation)"),
    "shouted_label": Rule(-3.0, "one to three shouted words are a section or a masthead"),
    "breadcrumb": Rule(-3.0, "'Home > News > ...', 'Home >> News >> …', 'Home / News / …' and tabular header lines"),
    "dek_then_meta": Rule(
        2.0, "headline-shaped, a dek under it, then the date or byline (under a label, that 'dek' is the headline)"
    ),
    "list_prefix": Rule(-2.0, "neighbours starting with the same two words are a uniform list ('Share on X')"),
    "date_above": Rule(2.0, "blogs print the date right above the title"),
    "distance": Rule(-1 / 6, "per line of text between it and the story: the headline sits right above"),
    "inside_story": Rule(-1.0, "inside the story it is a headline only when the story search began too early"),
    "story_words_inside": Rule(-0.1, "per word of story text above it: the further into the story, the less likely"),
    "story_support": Rule(
        5.0, "share of its content words the story uses, in full from six words on: a headline is about the story"
    ),
    "no_support": Rule(-3.0, "two or more content words and none in the story: interface text, another story"),
    "story_heading": Rule(
        -4.0,
        "repeated as a heading far down inside the story, as a line next to it is: a table of contents' entry"
        " (a headline shown again over a gallery comes back alone)",
    ),
    "listed": Rule(-2.0, "under a list header it is mostly another story; menus run into the headline without a gap"),
    "prose": Rule(-1.0, "running text is the story's first paragraph or the dek; a headline is a line of its own"),
}
