"""Recognise the page furniture a copied news page mixes into the article.

Each test looks at one stripped line. The patterns are deliberately about the
*shape* of furniture (short labels, share prompts, list headers), never about
particular sites, so they hold on pages we have not seen.
"""

from __future__ import annotations

import re

# Short labels that are never article text when they stand alone on a line.
_LABELS = re.compile(
    r"""^(?:
        \d+\s*(?:min(?:ute)?s?|mins?)\.?\s*(?:read|de\s+lecture|de\s+leitura|de\s+lectura|lesezeit)
      | (?:lesezeit|reading\s+time)\s*:?\s*\d+\s*min\.?
      | recommended(?:\s+for\s+you)? | advertisement | anzeige | publicité | publicidad | publicidade
      | sponsored(?:\s+content)? | ad(?:choices)? | ads\s+via\s+.* | supported\s+by | paid\s+content
      | share(?:\s+(?:this|on|via|to)\b.*)? | share\s+this\s+(?:article|story) | shares?
      | tweet | pin(?:\s+it)? | email | e-mail | print | reblog | like | save | copy(?:\s+link)?
      | copiar\s+link | compartir | compartilhar | partager | teilen | condividi
      | facebook | twitter | x | whatsapp | telegram | linkedin | reddit | pinterest | messenger
      | flipboard | google\+ | tumblr | mail | sms
      | (?:facebook|twitter|google\+|linkedin|whatsapp|email)\s*:.*
      | sign\s*(?:in|up) | log\s*(?:in|out) | subscribe(?:\s+now)? | register | my\s+account | menu
      | search | close | skip\s+to\s+.* | jump\s+to\b.* | back\s+to\s+top | top
      | comments? | \d+\s+comment
      | caption | buy\s+photo | full\s*screen | autoplay | skip\s+ad | view\s+(?:photos|gallery|graphic)
      | \d+\s+(?:of|/)\s+\d+ | wait\s+\d+\s+seconds?\s+to\s+continue\.? | 正在加载.* | 自动播放.*
      | image | photo | video | audio | listen(?:\s+to\s+this\s+article)? | play(?:\s+video)?
      | loading\.* | continue\s+reading | read\s+more | see\s+more | show\s+more | more
      | (?:next|previous|prev|older|newer)(?:\s+(?:article|story|post))? | «.*» | ←.* | .*→
      | .*\.(?:jpe?g|png|gif|webp|svg)
      | tags? | topics? | filed\s+under:?
      | [\W\d_]+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Prompts and notices that can be whole sentences.
_NOTICES = re.compile(
    r"""(?:
        \bcookies?\b.*\b(?:use|accept|consent|settings|policy|continu)
      | \b(?:we|this\s+(?:site|website))\s+uses?\s+cookies?\b
      | \b(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\s+newsletter
      # "Subscribe to WIRED and stay smart …", "Sign up now": a pitch opens so; a story's sentence on a
      # sign-up has its subject first ("Sign-ups open on Monday", "Subscribers rose")
      | ^subscribe\s+(?:to|for|now|today)\b | ^sign\s+up\s+(?:now|today|here|free)\b
      | \bnewsletter\b.*\b(?:sign\s+up|subscribe|inbox)\b
      | ^(?:©|\(c\)|copyright\b)
      | \ball\s+rights\s+reserved\b
      | ^follow\s+us\b
      | ^(?:click|tap)\s+here\b
      | \benable\s+javascript\b
      | \byour\s+browser\s+(?:does\s+not|doesn't)\s+support\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Headers of lists of *other* articles. What follows them is not this story.
_LIST_HEADERS = re.compile(
    r"""^(?:
        explore(?:\s+more)? | more\s+(?:stories|news|articles|from\s+.+|on\s+.+|in\s+.+)
      # "More Great WIRED Stories", "More Business News": the site's or a topic's name inside
      | more\s+(?:[\w'’-]+\s+){1,3}(?:stories|news|articles|videos|headlines)
      | read\s+next | up\s+next | what\s+to\s+read\s+next | you\s+(?:may|might)\s+also\s+like
      | (?:most\s+)?(?:read|popular|viewed|shared)(?:\s+(?:now|today|stories|articles))?
      # "Popular on IndieWire", "Most read in Sport" ("Read in full" is a link to the rest of a story)
      | (?:most\s+(?:read|popular|viewed|shared)|popular|trending)\s+(?:on|at|in)\s+[\w'’ .-]{2,30}
      | trending(?:\s+(?:now|stories))? | top\s+(?:stories|news) | latest(?:\s+(?:news|stories|headlines))?
      | editor'?s?\s+picks? | don'?t\s+miss | related\s+(?:stories|articles|news|coverage|content|topics)
      | recommended\s+(?:stories|articles|reading) | further\s+reading | in\s+other\s+news
      | mais\s+lidas | lo\s+más\s+leído | les\s+plus\s+lus | meistgelesen | sur\s+le\s+même\s+sujet
      | 相关阅读 | 相關閱讀 | 相关新闻 | 相關新聞 | 相关文章 | .{0,6}推荐 | 猜你喜欢 | 热门文章
      | 関連記事 | おすすめ.{0,6} | 人気記事
    )\s*(?::|\.\.\.|…)?$""",
    re.IGNORECASE | re.VERBOSE,
)


# Headers that open the comments: nothing after them belongs to the story.
_END_HEADERS = re.compile(
    r"""^(?:
        leave\s+a\s+(?:reply|comment) | \d+\s*(?:comments|responses|replies) | comments\s*\(\d+\)
      | (?:view|show|read|post|add)\s+(?:all\s+)?comments?(?:\s*\(\d+\))? | join\s+the\s+(?:conversation|discussion)
    )\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)


_DECORATION = " []()«»›‹<>|"


def is_furniture(line: str) -> bool:
    """A label, share prompt or notice that is never part of the article."""
    return bool(_LABELS.match(line)) or (len(line.split()) <= 40 and bool(_NOTICES.search(line)))


def is_list_header(line: str) -> bool:
    """The header of a list of other headlines ("Explore", "More stories", comments)."""
    return bool(_LIST_HEADERS.match(line))


def is_end_header(line: str) -> bool:
    """The header of the comments, after which nothing is the story; a page may set it in brackets or
    after an arrow ("[ 167 comments ]", "» 12 Comments")."""
    return bool(_END_HEADERS.match(line.strip(_DECORATION)))
