"""Numbers and durations in Dutch and English words or digits, as days.

Statements write "zeven jaar", "een maand", "6 months", "7 of 10 jaar". The
JSON contract counts in days (a month is 30 days, a year 365), and a range is a
promise to keep *at most* its upper end, so "7 of 10 jaar" is 3650 days.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

_NL_UNITS = {
    "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9,
}  # fmt: skip
_NL_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19,
}  # fmt: skip
_NL_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
    "tachtig": 80, "negentig": 90,
}  # fmt: skip
_EN_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_EN_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip

_NL_COMPOUND = re.compile(
    r"(?P<u>een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën)(?P<t>" + "|".join(_NL_TENS) + ")"
)
_EN_COMPOUND = re.compile(
    r"(?P<t>" + "|".join(_EN_TENS) + r")[- ](?P<u>one|two|three|four|five|six|seven|eight|nine)"
)


def parse_number(word: str) -> int | None:
    """An integer written in digits or in Dutch or English words (1 to 999), else None."""
    w = word.strip().lower()
    if re.fullmatch(r"\d+", w):
        return int(w)
    for table in (_NL_UNITS, _NL_TEENS, _NL_TENS, _EN_UNITS, _EN_TEENS, _EN_TENS):
        if w in table:
            return table[w]
    m = _NL_COMPOUND.fullmatch(w)
    if m:
        return _NL_UNITS[m["u"]] + _NL_TENS[m["t"]]
    m = _EN_COMPOUND.fullmatch(w)
    if m:
        return _EN_UNITS[m["u"]] + _EN_TENS[m["t"]]
    m = re.fullmatch(r"(?:(?P<h>\w+?)\s*)?(?:honderd|hundred)(?:\s*(?:and\s+|en\s*)?(?P<r>\w[\w -]*))?", w)
    if m:
        hundreds = parse_number(m["h"]) if m["h"] else 1
        rest = parse_number(m["r"]) if m["r"] else 0
        if hundreds is not None and rest is not None and hundreds < 10 and rest < 100:
            return hundreds * 100 + rest
    return None


_WORDS = sorted(
    [*(_NL_UNITS | _NL_TEENS | _NL_TENS), *(_EN_UNITS | _EN_TEENS | _EN_TENS)], key=len, reverse=True
)
NUMBER = (
    r"(?:\d+"
    r"|(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)\s*)?honderd(?:\s*en\s*|\s*)?(?:[a-zë]+)?"
    r"|(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred(?:\s+(?:and\s+)?[a-z-]+)?"
    r"|"
    + re.sub(r"\?P<\w>", "?:", _NL_COMPOUND.pattern)
    + r"|"
    + re.sub(r"\?P<\w>", "?:", _EN_COMPOUND.pattern)
    + r"|"
    + "|".join(_WORDS)
    + r")"
)

UNIT_DAYS: dict[str, Fraction] = {}
for _names, _days in (
    (
        (
            "dag",
            "dagen",
            "day",
            "days",
            "werkdag",
            "werkdagen",
            "kalenderdagen",
            "business days",
            "working days",
            "working day",
            "calendar days",
            "business day",
        ),
        Fraction(1),
    ),
    (("week", "weken", "weeks"), Fraction(7)),
    (("maand", "maanden", "month", "months"), Fraction(30)),
    (("jaar", "jaren", "year", "years", "kalenderjaar", "kalenderjaren"), Fraction(365)),
    (("uur", "uren", "hour", "hours"), Fraction(1, 24)),
):
    for _n in _names:
        UNIT_DAYS[_n] = _days
UNIT = r"(?:" + "|".join(sorted(UNIT_DAYS, key=len, reverse=True)) + r")"

_RANGE_JOIN = r"(?:of|tot|en|à|a|-|–|to|or|and|through)"
# the number again in brackets: "7 (zeven) jaar", "seven (7) years"
_PAREN = r"(?:\s*\(\s*" + NUMBER + r"\s*\))?"
DURATION = re.compile(
    r"(?<![\w.,-])(?P<a>" + NUMBER + r")" + _PAREN
    + r"(?:\s*" + _RANGE_JOIN + r"\s*(?P<b>" + NUMBER + r")" + _PAREN + r")?"
    + r"(?:\s+|\s*-\s*)(?P<unit>" + UNIT + r")(?!\w)",
    re.IGNORECASE,
)  # fmt: skip
_HALF_YEAR = re.compile(
    r"\b(?:(?:een|a)\s+)?half(?:\s*|\s+a\s+)jaar\b|\bhalfjaar\b|\bhalf\s+a\s+year\b", re.IGNORECASE
)
_ONE_AND_HALF = re.compile(
    r"\banderhalf\s+jaar\b|\ba\s+year\s+and\s+a\s+half\b|\bone\s+and\s+a\s+half\s+years\b", re.I
)


@dataclass(frozen=True)
class Duration:
    """A duration found in text: its span and its length in whole days (rounded up)."""

    start: int
    end: int
    days: int
    text: str


def find_durations(text: str) -> list[Duration]:
    """All durations in ``text``, in order; a range counts as its upper end."""
    found: list[Duration] = []
    taken: list[tuple[int, int]] = []
    for pattern, days in ((_ONE_AND_HALF, 540), (_HALF_YEAR, 180)):
        for m in pattern.finditer(text):
            found.append(Duration(m.start(), m.end(), days, m.group(0)))
            taken.append((m.start(), m.end()))
    for m in DURATION.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        a = parse_number(m["a"])
        b = parse_number(m["b"]) if m["b"] else None
        if a is None or (m["b"] and b is None):
            continue
        count = max(a, b or 0)
        unit = UNIT_DAYS[m["unit"].lower()]
        found.append(Duration(m.start(), m.end(), math.ceil(count * unit), m.group(0)))
    return sorted(found, key=lambda d: d.start)


def duration_days(text: str) -> int | None:
    """The first duration in ``text`` in days, or None (a convenience for callers and tests)."""
    durations = find_durations(text)
    return durations[0].days if durations else None
