"""Derive tags a reader would click: section, agency, and the countries a story is about."""

from __future__ import annotations

import re
from functools import cache

import pycountry

from ..slugs import term_slug

# Short and everyday names that pycountry does not list, mapped to its
# common names. "UK" is a tag as "United Kingdom": one canonical tag per country.
_ALIASES = {
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "Türkiye": "Türkiye",
    "Turkey": "Türkiye",
    "Russia": "Russia",
    "South Korea": "South Korea",
    "North Korea": "North Korea",
    "Iran": "Iran",
    "Syria": "Syria",
    "Vietnam": "Vietnam",
    "Laos": "Laos",
    "Bolivia": "Bolivia",
    "Venezuela": "Venezuela",
    "Tanzania": "Tanzania",
    "Moldova": "Moldova",
    "Taiwan": "Taiwan",
    "Palestine": "Palestine",
    "Gaza": "Palestine",
    "West Bank": "Palestine",
    "Czech Republic": "Czechia",
    "Ivory Coast": "Côte d'Ivoire",
    "Congo": "Congo",
    "DR Congo": "DR Congo",
    "Democratic Republic of the Congo": "DR Congo",
    "Kosovo": "Kosovo",
    "Holland": "Netherlands",
    "UAE": "United Arab Emirates",
    "Emirates": "United Arab Emirates",
    "Brunei": "Brunei",
    "Micronesia": "Micronesia",
    "Vatican": "Vatican City",
    "Burma": "Myanmar",
    "Macedonia": "North Macedonia",
    "Cape Verde": "Cabo Verde",
    "Swaziland": "Eswatini",
    "EU": "European Union",
    "European Union": "European Union",
    "Middle East": "Middle East",
    "Africa": "Africa",
    "Europe": "Europe",
    "Asia": "Asia",
    "Latin America": "Latin America",
    "Central Asia": "Central Asia",
    "Caucasus": "Caucasus",
    "Balkans": "Balkans",
}
# Official names with a better-known common name.
_PREFERRED = {
    "Korea, Republic of": "South Korea",
    "Korea, Democratic People's Republic of": "North Korea",
    "Russian Federation": "Russia",
    "Iran, Islamic Republic of": "Iran",
    "Syrian Arab Republic": "Syria",
    "Viet Nam": "Vietnam",
    "Türkiye": "Türkiye",
    "Taiwan, Province of China": "Taiwan",
    "Palestine, State of": "Palestine",
    "Congo, The Democratic Republic of the": "DR Congo",
    "Holy See (Vatican City State)": "Vatican City",
    "Brunei Darussalam": "Brunei",
    "Lao People's Democratic Republic": "Laos",
    "Tanzania, United Republic of": "Tanzania",
    "Moldova, Republic of": "Moldova",
    "Bolivia, Plurinational State of": "Bolivia",
    "Venezuela, Bolivarian Republic of": "Venezuela",
    "Micronesia, Federated States of": "Micronesia",
}
# Short forms that are also ordinary words; matched only in the exact case.
_CASE_SENSITIVE = {"US", "UK", "USA", "EU", "UAE", "U.S.", "U.K.", "U.S.A."}
# Country names that are as often people, US states or cities: a tag would be junk too often.
_AMBIGUOUS = {"Jordan", "Chad", "Georgia", "America", "Jersey"}
_LEAD_WORDS = 60  # two sentences of a news lead


@cache
def _names() -> dict[str, str]:
    """Every name we recognise, mapped to its tag."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        tag = getattr(country, "common_name", None) or _PREFERRED.get(country.name, country.name)
        if "," in tag or "(" in tag:
            continue  # official names like "Virgin Islands, U.S." never appear as written
        for name in {country.name, tag, getattr(country, "common_name", "")} - {""}:
            if "," not in name and "(" not in name:
                names[name] = tag
    names.update(_ALIASES)
    return names


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(_names(), key=len, reverse=True)
    alternation = "|".join(re.escape(name) for name in names)
    # Letters on either side mean the name is part of a longer word
    # ("Omani" is not "Oman"); a trailing "'s" is fine.
    # "New Jersey", "New Mexico": a country's name after "New" is another place.
    return re.compile(rf"(?<![\w.])(?<!New )({alternation})(?![\w])", re.IGNORECASE)


def countries(text: str) -> list[str]:
    """Country and region tags for the places `text` names, in order of first mention."""
    found: list[str] = []
    for match in _pattern().finditer(text):
        name = match.group(1)
        canonical = next((known for known in _names() if known.lower() == name.lower()), name)
        if canonical in _AMBIGUOUS or (canonical in _CASE_SENSITIVE and name != canonical):
            continue
        if canonical not in _CASE_SENSITIVE and not name[0].isupper():
            continue  # "turkey" the bird, "chile" the pepper
        tag = _names()[canonical]
        if tag not in found:
            found.append(tag)
    return found


def derive_tags(section: str, agency: str, title: str, subtitle: str, lead: str) -> list[str]:
    """The section, the agency, then the places the headline, dek and lead name.

    Only the lead's first words: a news lead says who and where in a sentence or two, and a longer first
    "paragraph" is a table or a whole text, where a name is a character's ("Turkey, the clerk") or an aside.
    """
    lead = " ".join(lead.split()[:_LEAD_WORDS])
    candidates = [section, agency, *countries(" \n ".join((title, subtitle, lead)))]
    return merge_tags([], candidates)


def merge_tags(existing: list[str], new: list[str]) -> list[str]:
    """Existing tags first, then new ones not already there: one tag per slug, as the site has one page per slug."""
    merged: list[str] = []
    seen: set[str] = set()
    for tag in [*existing, *new]:
        tag = tag.strip()
        if tag and term_slug(tag) not in seen:
            seen.add(term_slug(tag))
            merged.append(tag)
    return merged
