"""Addresses as people type them → the parts a gazetteer can look up.

One normalisation serves both sides: the builder keys the city's 311 addresses with `street_key`, and
a resident's "86 annunciation road, Mission Hill, Boston MA 02120 #2" is keyed the same way, so
"Road"/"Rd", "Saint"/"St", "7th"/"Seventh", case and punctuation never decide whether they meet.
The key is internal; what people see is the city's own spelling of the street.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Boston's 311 records abbreviate suffixes the USPS way and spell out ordinal streets ("E Seventh St").
# Applied to every word on both sides, so "Court St" and "Ct St" share a key, which is all that matters.
WORD_FORMS = {
    "STREET": "ST", "STR": "ST", "SAINT": "ST", "ROAD": "RD", "AVENUE": "AVE", "AV": "AVE",
    "BOULEVARD": "BLVD", "PLACE": "PL", "SQUARE": "SQ", "COURT": "CT", "TERRACE": "TER",
    "TERR": "TER", "PARKWAY": "PKWY", "HIGHWAY": "HWY", "DRIVE": "DR", "LANE": "LN", "CIRCLE": "CIR",
    "PLAZA": "PLZ", "WHARF": "WHF", "GREEN": "GRN", "CRESCENT": "CRES", "EXTENSION": "EXT",
    "ALLEY": "ALY", "BRIDGE": "BRG", "CAUSEWAY": "CWY", "MOUNT": "MT", "JUNIOR": "JR", "MASS": "MASSACHUSETTS",
    "1ST": "FIRST", "2ND": "SECOND", "3RD": "THIRD", "4TH": "FOURTH", "5TH": "FIFTH", "6TH": "SIXTH",
    "7TH": "SEVENTH", "8TH": "EIGHTH", "9TH": "NINTH", "10TH": "TENTH",
}  # fmt: skip
SUFFIXES = frozenset(
    {"ST", "RD", "AVE", "BLVD", "PL", "SQ", "CT", "TER", "PKWY", "HWY", "DR", "LN", "CIR", "PLZ", "WHF",
     "GRN", "CRES", "EXT", "ALY", "BRG", "CWY", "WAY", "PARK", "ROW", "MALL", "PIER", "PATH", "WALK"}
)  # fmt: skip
# "West Broadway" is W Broadway, but "South St" is a street called South: abbreviate only before a name.
DIRECTIONS = {"NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W"}
# Words that only say "in Massachusetts, in the US": they never help to find a Boston address.
STATE_WORDS = frozenset({"MA", "MASS", "MASSACHUSETTS", "USA", "US", "UNITED", "STATES", "AMERICA"})
# What people call neighborhoods that neither the outlines nor the postal towns spell that way.
NICKNAMES = {"JP": "JAMAICA PLAIN", "SOUTHIE": "S BOSTON", "EASTIE": "E BOSTON", "DOT": "DORCHESTER",
             "ROZZIE": "ROSLINDALE", "SEAPORT DISTRICT": "SEAPORT", "FENWAY": "FENWAY KENMORE"}  # fmt: skip

_UNIT = re.compile(
    r"(?:\b(?:APT|APARTMENT|UNIT|STE|SUITE|FLOOR|FL|RM|ROOM|NO)\b\.?|#)\s*[A-Z0-9-]*\d[A-Z0-9-]*"
)
_ZIP = re.compile(r"\b(0[12]\d{3})(?:-\d{4})?\b")
_NUMBER = re.compile(r"^(\d{1,5})[A-Z]{0,2}(?:-(\d{1,5})[A-Z]{0,2})?$")
_CONNECTOR = re.compile(r"\s(?:&|AND|AT|/)\s")
_INTERSECTION_WORDS = re.compile(r"^(?:THE\s)?(?:INTERSECTION|CORNER)(?:\sOF)?\s")


@dataclass(frozen=True)
class ParsedAddress:
    """A typed address split into what can be looked up.

    `words` are the normalised words after the house number: the street, then perhaps a neighborhood
    typed without a comma; which words are the street only the gazetteer can tell. `places` are the
    comma-separated parts after the first (neighborhood, town), `cross` the second street of an
    intersection.
    """

    number: int | None
    words: tuple[str, ...]
    places: tuple[str, ...]
    zip_code: str | None
    cross: tuple[str, ...] = ()


def clean(text: str) -> str:
    """Upper case, apostrophes and dots dropped ("O'Brien" = "OBrien"), other punctuation as spaces."""
    text = re.sub(r"['’.]", "", text.upper())
    return " ".join(re.sub(r"[^A-Z0-9&/#,\- ]", " ", text).split())


def normal_words(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Each word in its one spelling (see `WORD_FORMS`, `DIRECTIONS`)."""
    forms = [WORD_FORMS.get(word, word) for word in words if word not in ("-",)]
    return tuple(
        DIRECTIONS[word]
        if word in DIRECTIONS and at + 1 < len(forms) and forms[at + 1] not in SUFFIXES
        else word
        for at, word in enumerate(forms)
    )


def street_key(name: str) -> str:
    """The lookup key of a street name: "Saint Botolph Street" and "st botolph st" → "ST BOTOLPH ST"."""
    return " ".join(normal_words(clean(name).replace(",", " ").split()))


def place_key(name: str) -> str:
    """The key of a neighborhood or town ("Back Bay-Bay Village" → "BACK BAY BAY VILLAGE")."""
    key = " ".join(normal_words(clean(name).replace("-", " ").replace("/", " ").replace(",", " ").split()))
    return NICKNAMES.get(key, key)


def house_number(word: str) -> int | None:
    """86, 86A and 86-88 are house 86; a range's first number stands for it."""
    found = _NUMBER.match(word)
    return int(found.group(1)) if found else None


def house_range(word: str) -> tuple[int, int] | None:
    """The numbers a 311 address covers: "145-151" → (145, 151), "65B-69" → (65, 69), "12" → (12, 12)."""
    found = _NUMBER.match(word)
    if not found or int(found.group(1)) == 0:  # "0 Washington St": the street, not a house
        return None
    low = int(found.group(1))
    high = int(found.group(2)) if found.group(2) else low
    return (low, high) if high >= low else (low, low)


def _without_state(words: list[str]) -> list[str]:
    """ "… Boston MA" → "… Boston"; only at the end, where "Massachusetts Ave" cannot be."""
    while words and words[-1] in STATE_WORDS:
        words = words[:-1]
    return words


def parse_address(text: str) -> ParsedAddress | None:
    """Split a typed address; None when nothing in it could name a street."""
    text = _UNIT.sub(" ", clean(text))
    zips = _ZIP.findall(text)
    text = _ZIP.sub(" ", text)
    parts = [_without_state(part.split()) for part in text.split(",")]
    parts = [part for part in parts if part]
    if not parts:
        return None
    first = " ".join(parts[0])
    places = tuple(place_key(" ".join(part)) for part in parts[1:])
    zip_code = zips[-1] if zips else None
    connector = _CONNECTOR.search(first)
    if connector or _INTERSECTION_WORDS.match(first):
        left = _INTERSECTION_WORDS.sub("", first)
        connector = _CONNECTOR.search(left)
        if not connector:
            return None
        one, other = left[: connector.start()].split(), left[connector.end() :].split()
        if not one or not other:
            return None
        return ParsedAddress(None, normal_words(one), places, zip_code, cross=normal_words(other))
    words = parts[0]
    number = house_number(words[0])
    if number is not None:
        words = words[1:]
    words = [word for word in words if word != "#"]
    if not words:
        return None
    return ParsedAddress(number, normal_words(words), places, zip_code)
