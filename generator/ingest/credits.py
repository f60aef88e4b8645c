"""The lines that sign a story off rather than tell it: the wire's staff credit and the writer's one-line bio.

Both close a story on any site that follows the wire's or the newsroom's
conventions ("Reporting by Jane Doe; Editing by John Roe", "Jane Doe is a
reporter for The Paper."), and both are about who made the story, not what
it says. They are recognised by their shape, not by any site's wording.
"""

from __future__ import annotations

import re

from .textlines import word_count

# "Reporting by …; Editing by …", "(Additional reporting by …)", "Writing by …", "Compiled by …": the wire's
# staff list under its story.
_STAFF = re.compile(r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\s+[A-Z]", re.I)
# "Jane Doe is a reporter for NBC News.", "John Roe is the paper's senior technology writer.", "Jane Doe is a
# Staff Writer at WIRED covering … She was formerly …": a sentence or two naming the writer and their trade,
# which a masthead capitalises.
_TRADE = r"(?i:reporter|writer|editor|correspondent|columnist|contributor|producer|journalist)s?"
_BIO = re.compile(
    rf"^[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){{1,3}}\s(?:is|was)\s(?:an?|the)\s[^.!?]{{0,80}}\b{_TRADE}\b[^!?]*$"
)
_BIO_WORDS = 60  # a bio is a sentence or two; a paragraph that goes on is the story's


def is_sign_off(text: str) -> bool:
    """The wire's staff credit, or the writer's one-sentence bio."""
    return bool(_STAFF.match(text)) or (word_count(text) <= _BIO_WORDS and bool(_BIO.match(text)))
