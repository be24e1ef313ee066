"""Places: countries (ISO 3166 alpha-2), areas (EU, EEA) and AWS regions, named in Dutch or English.

Residency is checked against resource regions, so a place must become either an
area the checks know (``EU``, ``EEA``, ``EEA+adequacy``), a country code, or a
list of AWS regions. A city or a country with exactly one AWS region becomes
that region ("Frankfurt" -> eu-central-1, "Ierland" -> eu-west-1); a country
without one stays a country code ("Nederland" -> NL), which no AWS region
satisfies - that is what such a promise means.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from scanner.extract.prefilter import alternation
from scanner.knowledge.regions import EEA_COUNTRIES

# name (lower case, Dutch and English) -> ISO code; matched on word boundaries.
COUNTRY_NAMES: dict[str, str] = {
    "nederland": "NL", "the netherlands": "NL", "netherlands": "NL", "holland": "NL",
    "belgië": "BE", "belgie": "BE", "belgium": "BE", "duitsland": "DE", "germany": "DE",
    "frankrijk": "FR", "france": "FR", "ierland": "IE", "ireland": "IE", "luxemburg": "LU",
    "luxembourg": "LU", "oostenrijk": "AT", "austria": "AT", "denemarken": "DK", "denmark": "DK",
    "zweden": "SE", "sweden": "SE", "finland": "FI", "spanje": "ES", "spain": "ES", "portugal": "PT",
    "italië": "IT", "italie": "IT", "italy": "IT", "griekenland": "GR", "greece": "GR", "polen": "PL",
    "poland": "PL", "tsjechië": "CZ", "czech republic": "CZ", "czechia": "CZ", "slowakije": "SK",
    "slovakia": "SK", "hongarije": "HU", "hungary": "HU", "roemenië": "RO", "romania": "RO",
    "bulgarije": "BG", "bulgaria": "BG", "kroatië": "HR", "croatia": "HR", "slovenië": "SI",
    "slovenia": "SI", "estland": "EE", "estonia": "EE", "letland": "LV", "latvia": "LV",
    "litouwen": "LT", "lithuania": "LT", "malta": "MT", "cyprus": "CY", "noorwegen": "NO",
    "norway": "NO", "ijsland": "IS", "iceland": "IS", "liechtenstein": "LI",
    "verenigde staten van amerika": "US", "verenigde staten": "US", "united states of america": "US",
    "united states": "US", "amerika": "US", "america": "US",
    "verenigd koninkrijk": "GB", "united kingdom": "GB", "groot-brittannië": "GB", "great britain": "GB",
    "engeland": "GB", "england": "GB", "zwitserland": "CH", "switzerland": "CH", "canada": "CA",
    "japan": "JP", "india": "IN", "china": "CN", "australië": "AU", "australia": "AU",
    "singapore": "SG", "israël": "IL", "israel": "IL", "brazilië": "BR", "brazil": "BR",
    "zuid-korea": "KR", "south korea": "KR", "nieuw-zeeland": "NZ", "new zealand": "NZ",
    "oekraïne": "UA", "ukraine": "UA", "filipijnen": "PH", "philippines": "PH", "zuid-afrika": "ZA",
    "south africa": "ZA", "turkije": "TR", "turkey": "TR", "rusland": "RU", "russia": "RU",
    "mexico": "MX", "argentinië": "AR", "argentina": "AR", "uruguay": "UY", "servië": "RS", "serbia": "RS",
}  # fmt: skip
# Case-sensitive abbreviations (so that "us" the pronoun is not the United States).
COUNTRY_ABBREVIATIONS = {
    "VS": "US",
    "USA": "US",
    "U.S.A.": "US",
    "U.S.": "US",
    "US": "US",
    "UK": "GB",
    "VK": "GB",
}
# "het Amerikaanse bedrijf Google", "an American company": the company's country.
COUNTRY_ADJECTIVES: dict[str, str] = {
    "amerikaanse": "US", "amerikaans": "US", "american": "US", "us-based": "US", "britse": "GB",
    "brits": "GB", "british": "GB", "uk-based": "GB", "zwitserse": "CH", "swiss": "CH", "canadese": "CA",
    "canadian": "CA", "japanse": "JP", "japanese": "JP", "indiase": "IN", "indian": "IN", "chinese": "CN",
    "australische": "AU", "australian": "AU", "israëlische": "IL", "israeli": "IL",
}  # fmt: skip

# AWS regions by city or by a country that hosts exactly one of them.
REGION_PLACES: dict[str, list[str]] = {
    "frankfurt": ["eu-central-1"], "duitsland": ["eu-central-1"], "germany": ["eu-central-1"],
    "ierland": ["eu-west-1"], "ireland": ["eu-west-1"], "dublin": ["eu-west-1"],
    "parijs": ["eu-west-3"], "paris": ["eu-west-3"], "frankrijk": ["eu-west-3"], "france": ["eu-west-3"],
    "stockholm": ["eu-north-1"], "zweden": ["eu-north-1"], "sweden": ["eu-north-1"],
    "milaan": ["eu-south-1"], "milan": ["eu-south-1"], "italië": ["eu-south-1"], "italy": ["eu-south-1"],
    "spanje": ["eu-south-2"], "spain": ["eu-south-2"], "aragón": ["eu-south-2"], "aragon": ["eu-south-2"],
    "londen": ["eu-west-2"], "london": ["eu-west-2"], "zürich": ["eu-central-2"], "zurich": ["eu-central-2"],
}  # fmt: skip
# Areas: "in de EU", "binnen de EER", "West-Europa".
AREA_NAMES: dict[str, str] = {
    "europese economische ruimte": "EEA", "european economic area": "EEA", "eer": "EEA", "eea": "EEA",
    "europese unie": "EU", "european union": "EU", "eu": "EU", "west-europa": "EU", "west europa": "EU",
    "western europe": "EU", "west europe": "EU", "europa": "EEA", "europe": "EEA",
    # Microsoft's commitment to keep data in the EU ("stored within the EU Data Boundary")
    "eu data boundary": "EU", "eu-datagrens": "EU",
}  # fmt: skip


def _extra_places() -> dict[str, str]:
    """Cities, regions and cloud-region names from the residency vocabulary (data-residency.yaml)."""
    from scanner.extract.vocabulary import vocabulary

    extra = vocabulary("data-residency").extra
    names = {str(k).lower(): str(v) for k, v in (extra.get("places") or {}).items()}
    names.update({str(k).lower(): str(v) for k, v in (extra.get("cloud_regions") or {}).items()})
    return {k: v for k, v in names.items() if k not in COUNTRY_NAMES and k not in REGION_PLACES}


def _cities() -> dict[str, str]:
    """Cities and data-centre towns from the residency vocabulary, matched as written (capitalised):
    several are also words ("Goes", "Leiden", "Houten")."""
    from scanner.extract.vocabulary import vocabulary

    cities = vocabulary("data-residency").extra.get("cities") or {}
    return {str(k): str(v) for k, v in cities.items() if str(k).lower() not in REGION_PLACES}


def _origin_adjectives() -> dict[str, str]:
    """Every country adjective (lower case) -> ISO code: those outside the EEA from this module, those
    inside it from the vocabulary's hosting_adjectives ("een Nederlandse dienst", "a Swedish firm")."""
    from scanner.extract.vocabulary import vocabulary

    inside = vocabulary("data-residency").extra.get("hosting_adjectives") or {}
    return {**{str(k).lower(): str(v) for k, v in inside.items()}, **COUNTRY_ADJECTIVES}


PLACE_NAMES = _extra_places()
CITY_NAMES = _cities()
ORIGIN_ADJECTIVES = _origin_adjectives()

AWS_REGION = re.compile(
    r"\b(?:us|eu|ap|ca|sa|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b"
)


@dataclass(frozen=True)
class Place:
    """A place named in a sentence: span, kind (country, area, region) and value."""

    start: int
    end: int
    kind: str  # "country" | "area" | "region" | "adjective"
    value: str | list[str]

    @property
    def outside_eea(self) -> bool:
        return self.kind in ("country", "adjective") and self.value not in EEA_COUNTRIES


def _alternation(names) -> str:
    return alternation(names)


_COUNTRY_RE = re.compile(r"(?<![\w-])(" + _alternation(COUNTRY_NAMES) + r")(?![\w-])", re.IGNORECASE)
_ABBR_RE = re.compile(r"(?<![\w.])(" + _alternation(COUNTRY_ABBREVIATIONS) + r")(?![\w])")
_ADJ_RE = re.compile(r"(?<![\w-])(" + _alternation(COUNTRY_ADJECTIVES) + r")(?![\w-])", re.IGNORECASE)
_AREA_RE = re.compile(r"(?<![\w-])(" + _alternation(AREA_NAMES) + r")(?![\w-])", re.IGNORECASE)
_PLACE_RE = re.compile(r"(?<![\w-])(" + _alternation(PLACE_NAMES) + r")(?![\w-])", re.IGNORECASE)
_CASED_CITY_RE = re.compile(r"(?<![\w-])(" + _alternation(CITY_NAMES) + r")(?![\w-])")
_CITY_RE = re.compile(r"(?<![\w-])(" + _alternation(REGION_PLACES) + r")(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def find_places(text: str) -> tuple[Place, ...]:
    """Countries, areas and regions named in ``text``, in order, without overlaps (found once per
    sentence: residency asks for them from several places)."""
    found: list[Place] = []
    taken = bytearray(len(text))  # 1 where a place was found: overlap checks stay linear

    def free(s: int, e: int) -> bool:
        if any(taken[s:e]):
            return False
        taken[s:e] = b"\x01" * (e - s)
        return True

    for m in AWS_REGION.finditer(text):
        free(m.start(), m.end())
        found.append(Place(m.start(), m.end(), "region", [m.group(0)]))
    # named places first: "Azure Region West Europe" is a data centre in NL, not the area West Europe
    for m in _PLACE_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Place(m.start(), m.end(), "country", PLACE_NAMES[m.group(1).lower()]))
    for m in _CASED_CITY_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Place(m.start(), m.end(), "country", CITY_NAMES[m.group(1)]))
    for m in _AREA_RE.finditer(text):
        word = m.group(1)
        if word.lower() in ("eu", "eer", "eea") and not word.isupper():
            continue  # "eer" is also a Dutch word (honour)
        if free(m.start(), m.end()):
            found.append(Place(m.start(), m.end(), "area", AREA_NAMES[word.lower()]))
    for m in _COUNTRY_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Place(m.start(), m.end(), "country", COUNTRY_NAMES[m.group(1).lower()]))
    for m in _CITY_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Place(m.start(), m.end(), "region", list(REGION_PLACES[m.group(1).lower()])))
    for m in _ABBR_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Place(m.start(), m.end(), "country", COUNTRY_ABBREVIATIONS[m.group(1)]))
    for m in _ADJ_RE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Place(m.start(), m.end(), "adjective", COUNTRY_ADJECTIVES[m.group(1).lower()]))
    return tuple(sorted(found, key=lambda p: p.start))


def residency_area(place: Place) -> str | list[str]:
    """The ``allowed_area`` a place in a "stored in ..." sentence stands for."""
    if place.kind == "region":
        return list(place.value)
    if place.kind == "country":
        name_regions = [v for k, v in REGION_PLACES.items() if COUNTRY_NAMES.get(k) == place.value]
        return list(name_regions[0]) if name_regions else place.value
    return place.value
