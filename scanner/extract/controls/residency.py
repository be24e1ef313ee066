"""Residency: where data may be, and which transfers out of the EEA the statement discloses.

Residency is decided per document, not per sentence: a transfer disclosed
anywhere is an exception to every place the statement names, so all transfers
go into each data-residency promise. Sentences give *facts*:

- a place: "servers in Nederland", "eu-central-1", "niet buiten de EER";
- a transfer: a country outside the EEA in a sentence about sending or storing
  data, or "het Amerikaanse bedrijf Google";
- an unnamed transfer: "buiten de EER", "third countries" - kept as a quote with
  a note, since the schema needs a country for a transfer.

A statement with no fact at all implies EEA-only storage (GDPR Art. 13(1)(f)).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from scanner.extract.controls import Candidate, Context, clause_bounds
from scanner.extract.controls.processor_names import (
    hosts_itself,
    not_a_transfer,
    origin_country,
    run_by_us,
    unlisted_names,
)
from scanner.extract.places import (
    AREA_NAMES,
    AWS_REGION,
    COUNTRY_NAMES,
    REGION_PLACES,
    Place,
    find_places,
    residency_area,
)
from scanner.extract.prefilter import alternation
from scanner.extract.text import Sentence
from scanner.extract.vocabulary import negated_before, vocabulary
from scanner.knowledge.regions import ADEQUATE_COUNTRIES, EEA_COUNTRIES, country_in_area, region_country
from scanner.promises.model import Control

_PREPOSITION = re.compile(
    r"\b(?:in|binnen|op|te|within|inside|naar|to|at)\s+(?:de\s+|het\s+|the\s+)?(?:\w+['’]s\s+)?$", re.I
)
# a table header or lead-in that asks where: "| Part | Supplier | Location |"
_WHERE = re.compile(r"\b(?:locati\w*|location|where|waar|region|regio)\b", re.I)
# hosting verbs the lexicon's storage words miss ("We hosten ons platform", "X hosts the data")
_HOSTS = re.compile(r"\bhost(?:en|s|t)?\b", re.I)
# "outside the UK", "buiten Nederland": the country is where data leaves from, not a recipient
# ("outside the countries within the UK": the UK is still where data leaves from)
_OUTSIDE_OF = re.compile(
    r"\b(?:outside|beyond|buiten)\s+(?:of\s+)?(?:the\s+|de\s+|het\s+)?"
    r"(?:(?:countries|landen)\s+(?:within|in|of|binnen|van)\s+(?:the\s+|de\s+|het\s+)?)?$",
    re.I,
)
# an EEA country's adjective before a data-centre word: "een Nederlands datacenter"
_HOSTING_ADJECTIVES: dict[str, str] = {
    str(k).lower(): str(v)
    for k, v in (vocabulary("data-residency").extra.get("hosting_adjectives") or {}).items()
}
_HOSTED_IN = re.compile(
    r"(?<![\w-])(" + alternation(_HOSTING_ADJECTIVES) + r")\s+(?:\w+\s+)?"
    r"(?:datacent\w+|data\s+cent\w+|servers?|serverpark\w*|rekencentr\w+|hosting\w*|cloud)\b",
    re.I,
)
# "wordt gelogd en bewaakt via Azure Monitor", "monitored with Datadog": the means of logging
_MONITORED_BY = re.compile(
    r"\b(?:gelogd|gelogged|bewaakt|gemonitord|gemonitored|vastgelegd|logged|monitored|audited|tracked)\b"
    r"[^.;]{0,30}\b(?:via|met|door|through|with|using|in)\s+(?:\w+\s+)?$",
    re.I,
)
# "the data protection laws within the UK", "de wetgeving in Nederland": a jurisdiction, no destination
_LAWS_OF = re.compile(
    r"\b(?:laws?|legislation|regulations?|rules|GDPR|wetgeving|wetten|wet|regelgeving|regels)\s+"
    r"(?:of|in|within|van|binnen|in\s+force\s+in)\s+(?:the\s+|de\s+|het\s+)?$",
    re.I,
)
_PROCESSORS = tuple(vocabulary("data-residency").extra.get("processors") or ())
_ALIASES: dict[str, str] = dict(vocabulary("data-residency").extra.get("aliases") or {})
_RECIPIENTS = tuple(vocabulary("data-residency").extra.get("recipients") or ())
_RECIPIENT_NAMES = re.compile(r"(?<![\w-])(" + alternation({*_RECIPIENTS, *_PROCESSORS}) + r")(?![\w])")
# "Marketing cookies: ... (via Google Ads)": cookies set in the browser, not a processor we use
_COOKIES = re.compile(r"^\W*[\w-]*\s?cookies?\b", re.I)
# A sentence that names a processor discloses a transfer to it when it says the processor is used
# (or is a list item or table row of processors).
# the data centres or servers that host us: a place stated for them is where their provider keeps
# our data ("gehost vanuit datacentra in Nederland" ... "de datacentra van X")
_HOSTING = re.compile(
    r"\b(?:datacent(?:er|ers|ra|rum|re|res)|data\s+cent(?:er|re)s?|gehost|hosted|hosting\w*|servers?)\b", re.I
)
_HOSTING_PROVIDER = re.compile(
    r"\b(?:datacent(?:er|ers|ra|rum|re|res)|data\s+cent(?:er|re)s?|servers?|hosting\w*)\s+(?:van|of|bij|at)\s+$"
    r"|\b(?:gehost|hosted)\s+(?:\w+\s+){0,3}?(?:bij|by|with|at)\s+$",
    re.I,
)
_USE = re.compile(
    r"\b(?:use[sd]?|using|via|through|by|processed|hosted|host|provided|powered|runs?\s+on|partners?|sen[dt]s?|"
    r"versturen|verstuurd|verzenden|verzonden|met\s+behulp\s+van|"
    r"providers?|processors?|gebruik\w*|door|verwerkt|gehost|host\w*|dienst\w*|leverancier\w*|"
    r"verwerker\w*|bewerker\w*|sub-?\w+|partij\w*|datacent\w+|servers?|platform|"
    r"draai\w*\s+op|werk\w*\s+met|works?\s+with|passed|handed|forwarded|doorgegeven|handled|stores?)\b",
    re.I,
)
# the data the statement is about, or our own systems: a place their hosting sentence names is where
# the data is (an allowed area), even when a processor hosts it ("Carerix hosts the data in NL");
# without one, a place next to a processor is only that processor's ("Plausible, servers in Germany")
_OUR_DATA = re.compile(
    r"\b(?:gegevens|data|bestanden|files|dossiers?|records?|databases?|back-?ups?|systemen|systems?|"
    r"applicaties|applications?|software|klantdata|klantgegevens|documents?|documenten|administratie|"
    r"EPD|pakket|platform|mailbox\w*)\b",
    re.I,
)
# a company that hosts for us, named by what it is: "a provider in Germany", "de leverancier"
_PROVIDER_NOUN = re.compile(
    r"\b(?:(?:hosting\s?|cloud\s?|software\s?)?(?:provider|supplier|leverancier|aanbieder|hoster|partner)s?|"
    r"hosting\s?(?:company|bedrijf|partij))\b",
    re.I,
)
# "We use Microsoft 365 ...; the data is stored in ...": we are the subject, the place is where our data is
_WE_USE = re.compile(
    r"^\W*(?:we|wij)\s+(?:also\s+|ook\s+)?(?:use|gebruiken|chose|kozen|work\s+with|werken\s+met)\b", re.I
)
# "the EU/EEA", "EU or EEA": a second area named with the first
_ALSO_AREA = re.compile(r"\s*(?:/|\s(?:or|of|and|en)\s)\s*(?:the\s+|de\s+)?(EEA|EER|EU)\b")
# a place that is part of an organisation's name: "gemeente Terneuzen", "University of Leiden"
_ORGANISATION_OF = re.compile(
    r"\b(?:gemeente|municipality\s+of|universiteit|university(?:\s+of)?|hogeschool|provincie|province\s+of|"
    r"stad|city\s+of|ziekenhuis|hospital)\s+$",
    re.I,
)
# "Uw data verlaat Nederland niet", "never leaves Germany": the country is the area
_LEAVES = re.compile(r"\b(?:verla(?:at|ten)|leaves?|leaving)\s+(?:the\s+)?$", re.I)


@dataclass
class Facts:
    places: list[tuple[Any, Sentence]] = field(default_factory=list)
    transfers: list[tuple[dict[str, Any], Sentence]] = field(default_factory=list)
    unnamed: list[tuple[list[str], Sentence]] = field(default_factory=list)  # (recipients named, sentence)
    inferred_countries: list[str] = field(
        default_factory=list
    )  # hosting providers' countries, read elsewhere
    # processors named without a country: (name, sentence); a note asks the reviewer for the country
    processors: list[tuple[str, Sentence]] = field(default_factory=list)
    # per processor (canonical name): how clearly its sentence discloses it, and where in processors
    processor_rank: dict[str, tuple[int, int]] = field(default_factory=dict)
    # software the statement says it runs on its own servers (canonical names): no transfer, wherever named
    run_by_us: set[str] = field(default_factory=set)


@functools.lru_cache(maxsize=8)
def _mentions(text: str, generic: re.Pattern[str]) -> tuple[list[int], list[str]]:
    """Offsets and names of the recipients a sentence names, found once per sentence."""
    found = [(m.start(), m.group(1)) for m in _RECIPIENT_NAMES.finditer(text)]
    found += [(m.start(), m.group(0)) for m in generic.finditer(text)]
    found.sort()
    return [p for p, _ in found], [n for _, n in found]


@functools.lru_cache(maxsize=16)
def _listed_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the processors and recipients the vocabulary lists, named in ``text``."""
    return tuple((m.start(1), m.end(1)) for m in _RECIPIENT_NAMES.finditer(text))


def _named(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, name, listed) of every processor the sentence names: the vocabulary's, and those
    recognised by the shape and place of their name (processor_names.py)."""
    out = [(m.start(1), m.end(1), m.group(1), True) for m in _RECIPIENT_NAMES.finditer(text)]
    out = [n for n in out if n[2] in _PROCESSORS]
    out += [(s, s + len(n), n, False) for s, n, _ in unlisted_names(text, _listed_spans(text))]
    return sorted(out)


def _recipient(text: str, pos: int, ctx: Context) -> str | None:
    """The recipient nearest before ``pos`` (else after): a known processor or a generic party."""
    offsets, names = _mentions(text, ctx.lexicon.generic_recipient)
    if not names:  # a name the vocabulary does not list ("Help Scout, USA")
        unlisted = unlisted_names(text, _listed_spans(text))
        offsets, names = [s for s, _, _ in unlisted], [n for _, n, _ in unlisted]
    if not names:
        return None
    i = bisect.bisect_left(offsets, pos)
    return names[i - 1] if i else names[0]


def _all_recipients(text: str, ctx: Context) -> list[str]:
    """Every recipient the sentence names, in order (for the review note of an unnamed transfer)."""
    return list(dict.fromkeys(_mentions(text, ctx.lexicon.generic_recipient)[1]))


def _mechanism(sentence: Sentence, ctx: Context) -> str:
    """The transfer mechanism the sentence, else its paragraph, names (searched once per text)."""
    for scope in (sentence.text, ctx.blocks.get(sentence.block, "")):
        name = _mechanism_in(scope, ctx.lexicon.mechanisms)
        if name:
            return name
    return "unspecified"


@functools.lru_cache(maxsize=16)
def _mechanism_in(text: str, mechanisms: tuple) -> str | None:
    for name, pattern in mechanisms:
        if pattern.search(text):
            return name
    return None


# A sentence that says the processor is used: "we use X", "X processes", "wij maken gebruik van X"
_USE_VERB = re.compile(
    r"\b(?:use[sd]?|using|hosted|processe[sd]|sen[dt]|transmitted|shared|gebruik\w*|verwerk\w*|gehost|"
    r"verstuurd|verzonden|gestuurd|gedeeld|doorgegeven|stored|opgeslagen)\b",
    re.I,
)


def _disclosure_rank(text: str, ctx: Context) -> int:
    """How clearly a sentence discloses a processor, so the clearest mention becomes the quote.

    A label or caption that only names it ("Supplier: X", "Third parties X (payments)") is 1; a
    sentence saying it is used 2; one that also names the transfer mechanism (a processing
    agreement with X) 3. Ties go to the first mention.
    """
    if _mechanism_in(text, ctx.lexicon.mechanisms):
        return 3
    return 2 if len(text.split()) >= 5 and _USE_VERB.search(text) else 1


def collect(
    sentence: Sentence, ctx: Context, facts: Facts, *, third_party: bool = False, hedged: bool = False
) -> None:
    """Add the residency facts of one sentence to ``facts``.

    A sentence about a third party ("Mollie slaat ze op in Nederland") still
    discloses a transfer, but the places it names are the third party's, not ours.
    One meaning per place: where the data (or our system) is stored, a place is an
    allowed area - and, when a processor hosts it, that processor's transfer country
    too ("Carerix hosts the data in NL"); a place that only says where a processor is
    ("via Spryng (Amsterdam)", "we use Plausible, with servers in Germany") is that
    processor's transfer country and no area of ours.
    """
    lex = ctx.lexicon
    text = sentence.text
    outside_spans = [(m.start(), m.end()) for m in lex.outside_area.finditer(text)]
    outside_starts = [s for s, _ in outside_spans]
    structured = sentence.kind in ("row", "item")
    storage = bool(lex.storage_context.search(text) or _HOSTS.search(text)) or (
        structured and bool(lex.storage_context.search(sentence.context) or _WHERE.search(sentence.context))
    )  # a row of a table headed "Where is your data stored?" or "Location"
    adequacy = bool(lex.adequacy_area.search(text))
    transferish = bool(lex.transfer_context.search(text)) or storage or adequacy
    used_outside: set[tuple[int, int]] = set()
    first_place, first_unnamed, first_transfer = len(facts.places), len(facts.unnamed), len(facts.transfers)
    named = [start for start, _, _, _ in _named(text)]
    ours = bool(_OUR_DATA.search(text))
    for place in find_places(text):
        c_start, c_end = clause_bounds(text, place.start)
        negated = bool(lex.negation.search(text[c_start : place.start]))
        k = bisect.bisect_right(outside_starts, place.start) - 1
        inside_outside = outside_spans[k] if k >= 0 and place.start < outside_spans[k][1] else None
        if inside_outside:
            used_outside.add(inside_outside)
            if negated:  # "niet buiten de EER": a place
                facts.places.append((residency_area(place), sentence))
                alternative = _ALSO_AREA.match(text, place.end)
                if alternative:  # "outside the EU/EEA": _one_area keeps the wider
                    facts.places.append((AREA_NAMES[alternative.group(1).lower()], sentence))
            else:
                facts.unnamed.append((_all_recipients(text, ctx), sentence))
            continue
        before = text[max(0, place.start - 50) : place.start]
        if place.kind == "country" and _OUTSIDE_OF.search(before):
            if negated:  # "not outside the Netherlands": the country is the area
                facts.places.append((residency_area(place), sentence))
            else:  # a transfer out of that country, to somewhere unnamed
                facts.unnamed.append((_all_recipients(text, ctx), sentence))
            continue
        if place.kind == "country" and _LEAVES.search(before[-30:]):
            if lex.negation.search(text[c_start:c_end]):  # "Uw data verlaat Nederland niet"
                facts.places.append((residency_area(place), sentence))
            continue
        if place.kind == "country" and _LAWS_OF.search(before[-40:]):
            continue
        if place.kind == "adjective":
            if lex.company_after_adjective.search(text[place.end : place.end + 60]) and not negated:
                transfer = {
                    "recipient": _company(text, place.end, ctx),
                    "country": place.value,
                    "mechanism": _mechanism(sentence, ctx),
                }
                facts.transfers.append((transfer, sentence))
            continue
        if place.outside_eea:
            if not transferish:
                continue
            if negated:
                facts.places.append(("EEA", sentence))
            else:
                transfer = {
                    "recipient": _recipient(text, place.start, ctx),
                    "country": place.value,
                    "mechanism": _mechanism(sentence, ctx),
                }
                facts.transfers.append((transfer, sentence))
            continue
        if third_party and not ((structured or _WE_USE.match(text)) and ours):
            continue  # the third party's own place; but where it keeps our data for us is ours
        if place.kind == "region" and AWS_REGION.fullmatch(text[place.start : place.end]):
            facts.places.append((residency_area(place), sentence))
            continue
        if storage and (structured or _PREPOSITION.search(text[max(0, place.start - 30) : place.start])):
            if not ours and any(n < place.start for n in named):
                continue  # a processor's own place: its transfer country (see _processors)
            area = residency_area(place)
            if area == "EEA" and adequacy:
                area = "EEA+adequacy"
            facts.places.append((area, sentence))
            _provider_transfer(text, place, sentence, facts, named)
    if storage and not third_party:
        for m in _HOSTED_IN.finditer(text):
            c_start, _ = clause_bounds(text, m.start())
            if not lex.negation.search(text[c_start : m.start()]):
                # "in een Nederlands datacenter", "on German servers": where the data is
                code = _HOSTING_ADJECTIVES[m.group(1).lower()]
                place = Place(m.start(), m.end(1), "country", code)
                facts.places.append((residency_area(place), sentence))
                _provider_transfer(text, place, sentence, facts, named)
    _processors(sentence, ctx, facts, hedged=hedged)
    for span in outside_spans:
        if span in used_outside:
            continue
        c_start, _ = clause_bounds(text, span[0])
        if lex.negation.search(text[c_start : span[0]]):
            facts.places.append(("EEA", sentence))
        else:
            facts.unnamed.append((_all_recipients(text, ctx), sentence))
    if (
        adequacy
        and outside_spans
        and any(t["country"] in ADEQUATE_COUNTRIES for t, _ in facts.transfers[first_transfer:])
    ):
        # "outside the EU, in Switzerland or the UK, which have an adequate level of protection": the
        # countries are named, so the area is the EEA and the countries with an adequacy decision
        del facts.unnamed[first_unnamed:]
        facts.places.append(("EEA+adequacy", sentence))
    _one_area(facts, first_place, text)


def _provider_transfer(text: str, place: Place, sentence: Sentence, facts: Facts, named: list[int]) -> None:
    """ "Hosted by a provider in Germany", "op servers van de leverancier in Nederland": the hosting
    company is named only by what it is, so the transfer goes to that noun, in the place's country."""
    if named or not isinstance(place.value, str) or len(place.value) != 2:
        return
    m = _PROVIDER_NOUN.search(text)
    if m is None:
        return
    transfer = {"recipient": m.group(0), "country": place.value, "mechanism": "unspecified"}
    if (transfer, sentence) not in facts.transfers:
        facts.transfers.append((transfer, sentence))


_AREAS = ("EU", "EEA", "EEA+adequacy")  # narrowest first


def _one_area(facts: Facts, first: int, text: str) -> None:
    """One area per sentence: the widest of the areas it names ("outside the EU/EEA" is the EEA);
    an area rather than the several countries inside it that elaborate it ("in the EU Data Boundary
    (data centres in the Netherlands and Ireland)"), but the one country that says where in it."""
    own = facts.places[first:]
    if len(own) < 2:
        return
    areas = [a for a, _ in own if isinstance(a, str) and a in _AREAS]
    if not areas:
        return
    widest = max(areas, key=_AREAS.index)
    inner = [a for a, _ in own if not (isinstance(a, str) and a in _AREAS)]
    countries = {c for a in inner for c in _countries(a)}
    if inner and not (countries and all(country_in_area(c, widest) for c in countries)):
        return
    sentence = own[0][1]
    del facts.places[first:]
    # several countries inside an area list where in it the data is: the area is the promise; one
    # city in brackets right after the area says where in it ("West-Europa (Amsterdam)")
    bracketed = re.search(r"\(\s*$", text[: _first_country_start(text)])
    facts.places.append((inner[0] if len(countries) == 1 and bracketed else widest, sentence))


def _first_country_start(text: str) -> int:
    """Where the first country or city the sentence names starts (its length when none)."""
    return next((p.start for p in find_places(text) if p.kind in ("country", "region")), len(text))


def _countries(area: Any) -> set[str]:
    """The countries an area value stands for: a country code, or the countries of its regions."""
    if isinstance(area, list):
        return {c for r in area if (c := region_country(str(r)))}
    return {area} if isinstance(area, str) and len(area) == 2 else set()


def _processors(sentence: Sentence, ctx: Context, facts: Facts, *, hedged: bool) -> None:
    """Processors the sentence says are used: a transfer to each (country from the same clause).

    Not when the processor is the sentence's subject ("Google kan deze informatie ..." speaks
    about Google's own doing; but "Carerix hosts the data" is hosting for us) or the sentence is
    hedged ("we may use ..."), nor a brand named as a key store, a shop we sell through or software
    we run ourselves. A processor named several times is disclosed by its clearest mention (see
    _disclosure_rank): "Supplier: X." above "We use X for payments" quotes the latter.
    """
    text = sentence.text
    subject = _RECIPIENT_NAMES.match(text.lstrip(" \"'(")) or _RECIPIENT_NAMES.match(
        text.split(" ", 1)[-1] if text.split(" ", 1)[0].lower() in ("de", "het", "the", "onze", "our") else ""
    )
    if subject and hosts_itself(subject.string, subject.end()) and _country_places(text):
        subject = None  # "Sportlink stores its data in the Netherlands": hosting for us
    if hedged or (subject and sentence.kind == "text") or _COOKIES.match(text):
        return
    uses = (
        sentence.kind in ("item", "row")
        or bool(_USE.search(text))
        or bool(_mechanism_in(text, ctx.lexicon.mechanisms))  # "an agreement with X": X is used
    )
    named_before = {
        (_ALIASES.get(t.get("recipient") or "", t.get("recipient")), t.get("country"))
        for t, _ in facts.transfers
    }
    places = [p for p in find_places(text) if p.kind in ("country", "region")]
    recorded = {
        _ALIASES.get(r, r) for t, s in facts.transfers if s is sentence for r in [t.get("recipient") or ""]
    }
    # "slaan een kopie op bij Amazon Web Services in Frankfurt": storing with a place uses the processor
    # ("stored in Azure Blob Storage" alone names a service, not where data is)
    stores = bool(ctx.lexicon.storage_context.search(text))
    mentions: dict[str, tuple[str, list[str]]] = {}  # canonical -> (name as first written, countries)
    for start, end, name, listed in _named(text):
        canonical = _ALIASES.get(name, name)
        if any(p.start <= start < p.end for p in places):
            continue  # part of a place's name ("Azure Region West Europe"), said where data is
        if canonical in recorded:
            continue  # disclosed by this sentence already (a place of it read as a transfer)
        if negated_before(text, start, ctx.lang):
            continue  # "no data is sent to X": no transfer
        if _MONITORED_BY.search(text[max(0, start - 60) : start]):
            continue  # "logged and monitored via Azure Monitor": a tool we run, not a recipient
        c_start, c_end = clause_bounds(text, start)
        near = text[c_start : min(len(text), c_end + 60)]
        if run_by_us(near):
            facts.run_by_us.add(canonical)  # "Matomo, installed on our own servers"
            continue
        if not_a_transfer(near):
            continue  # "keys held in AWS KMS", "sold through the App Store"
        # the places in its clause ("Mollie in Amsterdam", "X (Amsterdam)", "data centres in the
        # Netherlands and Ireland"), not one that is part of an organisation's name ("De website van
        # gemeente Terneuzen gebruikt X")
        codes = [
            c
            for p in places
            if c_start <= p.start <= c_end + 40
            and not _ORGANISATION_OF.search(text[max(0, p.start - 30) : p.start])
            and (c := _country_of(p, text))
        ]
        codes = codes or [c for c in [origin_country(text, end)] if c]
        if listed and not (uses or (stores and codes)):
            continue  # a listed name alone discloses nothing; an unlisted one stands where a processor does
        # a name said twice ("we use Microsoft 365; ... in Microsoft's data centres in NL") gets the
        # countries of every mention
        first_name, known = mentions.setdefault(canonical, (name, []))
        known += [c for c in codes if c not in known]
    for canonical, (name, codes) in mentions.items():
        if codes and all((canonical, c) in named_before for c in codes):
            continue  # a processor with a country is disclosed once, where it is first named
        if not codes and any(n == canonical for n, _ in named_before):
            continue
        for code in codes:
            # a named processor is a transfer with its country, inside the EEA too (the annotation
            # convention: "Mollie in the Netherlands" is a transfer to NL, not a breach of an EEA area)
            # inside the EEA no mechanism is needed: only one the sentence itself names is taken,
            # not one its paragraph names for another recipient
            mechanism = (
                _mechanism(sentence, ctx)
                if code not in EEA_COUNTRIES
                else (_mechanism_in(text, ctx.lexicon.mechanisms) or "unspecified")
            )
            transfer = {"recipient": name, "country": code, "mechanism": mechanism}
            if (transfer, sentence) not in facts.transfers:
                facts.transfers.append((transfer, sentence))
        if not codes:
            _rank_processor(facts, canonical, name, sentence, _disclosure_rank(text, ctx))


def _country_places(text: str) -> bool:
    """Whether the sentence names a country or a city (not only an area)."""
    return any(p.kind in ("country", "region") for p in find_places(text))


def _country_of(place: Place, text: str) -> str | None:
    """The country a place names: a country, also one that hosts a single AWS region and is
    therefore found as that region ("Germany" is eu-central-1 as an area, DE as a processor's
    country); None for cities, regions and areas, which name no country in the sentence."""
    if place.kind == "country":
        return str(place.value)
    if place.kind == "region":
        word = text[place.start : place.end]
        if word.lower() in COUNTRY_NAMES:
            return COUNTRY_NAMES[word.lower()]
        # a city with an AWS region ("Frankfurt", "Dublin"), or the region itself ("eu-west-1")
        regions = REGION_PLACES.get(word.lower()) or [word]
        return region_country(regions[0])
    return None


def _rank_processor(facts: Facts, canonical: str, name: str, sentence: Sentence, rank: int) -> None:
    """Keep one mention per processor: the clearest, the first of equals."""
    known = facts.processor_rank.get(canonical)
    if known is None:
        facts.processor_rank[canonical] = (rank, len(facts.processors))
        facts.processors.append((name, sentence))
    elif rank > known[0]:
        facts.processor_rank[canonical] = (rank, known[1])
        facts.processors[known[1]] = (name, sentence)


def _company(text: str, pos: int, ctx: Context) -> str | None:
    """The company an adjective of origin describes: "het Amerikaanse bedrijf Google" -> Google."""
    m = _RECIPIENT_NAMES.search(text, pos)
    if m and m.start() - pos < 40:
        return m.group(1)
    m = re.compile(r"\s+\w+\s+([A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)*)").match(text, pos)
    return m.group(1) if m else _recipient(text, pos, ctx)


def _dedupe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def decide(facts: Facts, *, per_sentence: bool = False) -> list[Candidate]:
    """The document's data-residency promises (empty: the caller adds the implied one).

    Every promise carries all the document's transfers (a transfer disclosed anywhere is an
    exception to every place). Merged, there is one promise per stated area; per sentence,
    every sentence with a residency fact is a promise of its own, so each can be reviewed.
    An area the statement never states is EEA by GDPR Art. 13(1)(f), marked in
    ``implied_params``.
    """
    _hosting_country(facts)
    if facts.run_by_us:  # self-hosted software named elsewhere too: not a recipient anywhere
        facts.processors = [(n, s) for n, s in facts.processors if _ALIASES.get(n, n) not in facts.run_by_us]
        facts.transfers = [
            (t, s)
            for t, s in facts.transfers
            if _ALIASES.get(t.get("recipient") or "", "") not in facts.run_by_us
        ]
    transfers = _dedupe([t for t, _ in facts.transfers])
    # a processor only mentioned without a country ("encrypted with Azure keys"), whose country
    # another sentence gives, is that transfer; a mention that says it is used stays a disclosure
    with_country = {_ALIASES.get(t.get("recipient") or "", t.get("recipient")) for t in transfers}
    facts.processors = [
        (n, s)
        for n, s in facts.processors
        if _ALIASES.get(n, n) not in with_country
        or facts.processor_rank.get(_ALIASES.get(n, n), (2,))[0] >= 2
    ]
    notes: list[str] = []
    if facts.unnamed:
        recipients: dict[str, str] = {}
        for names, _ in facts.unnamed:
            for name in names:
                recipients.setdefault(name.lower().rstrip("s"), name)
        who = f" (to {', '.join(recipients.values())})" if recipients else ""
        lines = ", ".join(dict.fromkeys(str(s.line) for _, s in facts.unnamed))
        notes.append(
            f"the statement discloses transfers outside the EEA{who} without naming a country (line {lines}); "
            "add them to transfers with country and mechanism, or every non-EEA resource is reported"
        )
    if facts.processors:
        names = ", ".join(dict.fromkeys(n for n, _ in facts.processors))
        lines = ", ".join(dict.fromkeys(str(s.line) for _, s in facts.processors))
        notes.append(
            f"processors named without a country: {names} (line {lines}); add each to transfers with its "
            "country and mechanism if it stores data outside the EEA"
        )
    if facts.inferred_countries:
        notes.append(
            "a hosting provider's country is read from another line: " + "; ".join(facts.inferred_countries)
        )
    if any(t["mechanism"] == "unspecified" for t in transfers):
        notes.append("no transfer mechanism (SCC, adequacy, DPF, BCR) is named for some transfers")
    evidence = list(
        dict.fromkeys(
            [s for _, s in facts.transfers] + [s for _, s in facts.unnamed] + [s for _, s in facts.processors]
        )
    )
    if facts.places:
        groups: list[tuple[Any, Sentence]] = []
        if all(isinstance(a, list) for a, _ in facts.places):
            regions: list[str] = []
            for area, _ in facts.places:
                regions += [r for r in area if r not in regions]
            groups = [(regions, facts.places[0][1])]
        else:
            for area, sentence in facts.places:
                if all(area != g for g, _ in groups):
                    groups.append((area, sentence))
        out = []
        for area, sentence in groups:
            cand = Candidate(
                Control.DATA_RESIDENCY,
                {"allowed_area": area, "transfers": transfers},
                sentence,
                list(notes),
                rule="residency:stated-area",
            )
            same = [s for a, s in facts.places if (a == area or isinstance(area, list)) and s is not sentence]
            cand.evidence = [s for s in dict.fromkeys(same + evidence) if s is not sentence]
            out.append(cand)
        if per_sentence:
            own = {}  # the area each sentence states itself (collect keeps one per sentence)
            for area, sentence in facts.places:
                own.setdefault(sentence.index, area)
            out = _per_sentence(out, groups[0][0], transfers, notes, inferred=False, own=own)
        return out
    if not evidence:
        return []
    # the quote: a sentence that names a country first, else one that names a processor
    stated = [s for _, s in facts.transfers] + [s for _, s in facts.unnamed]
    first = min(stated or evidence, key=lambda s: s.index)
    inferred = {
        "allowed_area": "the statement names no area where data is stored; EEA by GDPR Art. 13(1)(f), "
        "since transfers outside it must be disclosed"
    }
    cand = Candidate(
        Control.DATA_RESIDENCY,
        {"allowed_area": "EEA", "transfers": transfers},
        first,
        notes,
        rule="residency:disclosed-transfer",
        implied_params=inferred,
    )
    cand.evidence = [s for s in evidence if s is not first]
    if per_sentence:
        return _per_sentence([cand], "EEA", transfers, notes, inferred=True)
    return [cand]


def _hosting_country(facts: Facts) -> None:
    """A hosting provider named without a country ("we chose the data centres of X") takes the
    country the statement gives for its hosting ("hosted only from data centres in the
    Netherlands"), when every hosting place it states is that one country. The note names both
    lines, so the reviewer sees that the country comes from the other sentence."""
    hosted = {a for a, s in facts.places if isinstance(a, str) and _HOSTING.search(s.text)}
    if len(hosted) != 1 or len({str(a) for a, _ in facts.places}) != 1:
        return
    (country,) = hosted
    if len(country) != 2 or not country.isupper():
        return  # an area (EEA) or regions name no country
    where = next(s for a, s in facts.places if a == country and _HOSTING.search(s.text))
    kept: list[tuple[str, Sentence]] = []
    for name, sentence in facts.processors:
        pos = sentence.text.find(name)
        if pos < 0 or not _HOSTING_PROVIDER.search(sentence.text[max(0, pos - 40) : pos]):
            kept.append((name, sentence))
            continue
        transfer = {"recipient": name, "country": country, "mechanism": "unspecified"}
        facts.transfers.append((transfer, sentence))
        facts.inferred_countries.append(
            f"{name} (line {sentence.line}) hosts the data centres that line {where.line} places in {country}"
        )
    facts.processors = kept


def _per_sentence(
    merged: list[Candidate],
    area: Any,
    transfers: list[dict[str, Any]],
    notes: list[str],
    *,
    inferred: bool,
    own: dict[int, Any] | None = None,
) -> list[Candidate]:
    """One promise per sentence: the merged promises, then each of their evidence sentences.

    A sentence that states an area carries that area (``own``, by sentence index); one that only
    discloses a transfer carries the document's first area, where the data is said to be."""
    own = own or {}
    out: list[Candidate] = []
    for cand in merged:
        out.append(
            Candidate(
                cand.control, cand.params, cand.sentence, cand.notes, [], cand.rule, cand.implied_params
            )
        )
        for sentence in cand.evidence:
            if any(c.sentence is sentence for c in out):
                continue
            out.append(
                Candidate(
                    Control.DATA_RESIDENCY,
                    {"allowed_area": own.get(sentence.index, area), "transfers": transfers},
                    sentence,
                    list(notes)
                    + ["the same residency promise as the first; listed so this sentence is reviewed"],
                    rule="residency:stated-area" if sentence.index in own else "residency:disclosed-transfer",
                    implied_params=dict(cand.implied_params) if inferred else {},
                )
            )
    return out
