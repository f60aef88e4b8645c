"""News agencies: recognise the credit lines that name where a story came from."""

from __future__ import annotations

import re

# Wire services whose short names appear as bare credits ("— AP", "(Reuters)").
# Only names that are agencies; a bare word like "PA" alone is too ambiguous to
# trust outside the credit forms below, which is why the forms are strict.
AGENCIES = (
    "AA", "AAP", "ABC", "AFP", "ANA", "ANI", "ANP", "ANSA", "AP", "APA", "Agerpres", "Anadolu", "Anadolu Agency",
    "Antara", "ATS", "BBC", "BTA", "Belga", "Bernama", "Bloomberg", "CNA", "CP", "CTK", "ČTK", "DPA", "dpa", "EFE",
    "Europa Press", "HINA", "IANS", "Interfax", "IRNA", "Jiji", "Jiji Press", "KNA", "Kyodo", "Kyodo News",
    "KUNA", "Lusa", "MENA", "MTI", "NTB", "PA", "PAP", "PTI", "QNA", "Reuters", "RIA Novosti", "Ritzau", "SPA",
    "STA", "Tanjug", "TASS", "TT", "UNB", "UPI", "WAFA", "WAM", "Xinhua", "Yonhap",
)  # fmt: skip
_NAMES = "|".join(sorted((re.escape(name) for name in AGENCIES), key=len, reverse=True))

# "SOURCE:AA", "Source: Reuters", "Quelle: dpa", "Fuente: EFE"
_SOURCE_LINE = re.compile(r"^(?:source|sources|quelle|fuente|fonte|source\s*/\s*agency)\s*:\s*(.{1,40})$", re.I)
# "LONDON (Reuters) - ..." or "(AP) — ..." at the start of the first paragraph.
_DATELINE = re.compile(rf"^[^\n()]{{0,60}}\((?P<name>{_NAMES})\)\s*[-–—:]", re.I)
# "... said on Thursday. — AP" or a final line "- AFP".
_TRAILER = re.compile(rf"(?:^|\s)[-–—]\s*(?P<name>{_NAMES})\s*$")
# "AFP 30 avril 2015" or "Reuters | 4 Dec 2025": an agency leading a date line.
_LEADING = re.compile(rf"^(?P<name>{_NAMES})\b(?:\s*[|·•,/-])?\s", re.I)
_BARE = re.compile(rf"^(?P<name>{_NAMES})$")
_CANONICAL = {name.lower(): name for name in AGENCIES}


def _canonical(name: str) -> str:
    return _CANONICAL.get(name.lower(), name.strip())


def source_line(line: str) -> str:
    """The agency named by an explicit "Source:" line, else "".

    Only a known agency: "Source: Al Jazeera and news agencies" names no wire
    to list the story under, and a wrong source is worse than none.
    """
    match = _SOURCE_LINE.match(line.strip())
    return _CANONICAL.get(match.group(1).strip().lower(), "") if match else ""


def agency_in_dateline(paragraph: str) -> str:
    """The agency of a "CITY (Reuters) -" dateline opening a paragraph, else ""."""
    match = _DATELINE.match(paragraph.strip())
    return _canonical(match.group("name")) if match else ""


def agency_in_trailer(line: str) -> str:
    """The agency of a closing "— AP" credit, or of a line that is only an agency name."""
    stripped = line.strip()
    match = _TRAILER.search(stripped) or _BARE.match(stripped)
    return _canonical(match.group("name")) if match else ""


def agency_leading(line: str) -> str:
    """The agency that opens a date line ("AFP 30 avril 2015 à 07:19"), else ""."""
    match = _LEADING.match(line.strip())
    return _canonical(match.group("name")) if match else ""
