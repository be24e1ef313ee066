"""Processors the vocabulary does not list, recognised by the shape of their name and its place.

A statement names the companies that process its data ("we use Basispoort", "via Spryng
(Amsterdam)", "Parkeerbeheer Oost B.V.", "Carerix host de gegevens"), and no list can hold them
all. A capitalised name (or a web address, or a name with a company form such as B.V., GmbH,
Ltd) counts as a processor only where a processor stands: right after a word that hands data to
it ("via", "door", "gebruiken we", "passed to", "hosted by", a "Verwerker:" label), as the
subject of hosting or storing, or followed by an apposition that says what it is ("X, a
Swedish testing firm", "X, het systeem van de bond"). Names of things that are not recipients
(laws, frameworks, payment methods, our own tools) are in the vocabulary's ``not_processors``.

Sentences that name a cloud brand without sending data to it are told apart here too: a key
store ("keys held in AWS KMS"), a shop we sell through ("sold through the App Store"), software
we run ourselves ("Matomo, installed on our own servers").
"""

from __future__ import annotations

import functools
import re

from scanner.extract.places import ORIGIN_ADJECTIVES, find_places
from scanner.extract.prefilter import alternation
from scanner.extract.vocabulary import vocabulary

_EXTRA = vocabulary("data-residency").extra
# capitalised words that are never a processor's name (lower case; matched per word)
_NOT_NAMES = frozenset(str(w).lower() for w in _EXTRA.get("not_processors") or ())

_SUFFIX = r"(?:B\.V\.|BV|N\.V\.|NV|GmbH|Ltd\.?|Limited|Inc\.?|LLC|AB|AG|S\.A\.|SAS|Oy|ApS|A/S|plc)"
# one word of a name: capitalised ("Spryng", "TelemetryDeck", "ICT-samenwerking"), or a web address
_WORD = r"(?:[\w-]+\.(?:nl|com|eu|io|be|de|net|org|app)\b|[A-Z][\w&+'’]*(?:-[\w]+)*)"
_NAME = rf"(?:{_WORD}(?:\s+(?:{_SUFFIX}|{_WORD}|\d{{2,3}})){{0,3}})(?:,?\s+{_SUFFIX})?"
# a processor position right before the name: "via X", "we use X", "Verwerker: X", "our
# recruitment system, X" ("de"/"the" between only when a company form, a place or "-app" shows a name)
_BEFORE = re.compile(
    r"(?:\b(?:via|through|using|gebruik\s+van|gebruiken\s+(?:we|wij)|"
    r"(?:we|wij|ik|I|our\s+[\w-]+|onze?\s+[\w-]+)\s+(?:also\s+|ook\s+)?(?:use[sd]?|gebruik(?:en|t)?))\s+"
    r"|\b(?:Verwerker|Processor|Sub-?processor|Leverancier|Supplier|Provider)\s*:\s+"
    r"|\b(?:system|systeem|software|pakket|package|platform|tool|dienst|service|supplier|leverancier|"
    r"partner|provider|verwerker|processor|EPD|ECD|CRM|ERP|HRM|DMS|LMS|administratie|administration|"
    r"database|dossier|webshop|website)\s*[,(]\s*)"
    r"(?:(?P<article>de|het|the|een|an?)\s+)?$",
    re.I,
)
# a verb that hands data to what follows a common preposition ("draait op X", "afgenomen door X",
# "passed to X"); the preposition alone is too common ("in Nederland", "met een code", "door Sanne")
_HANDS_OVER = re.compile(
    r"(?:\b(?:draai\w*|runs?|running)\s+(?:op|on)"
    r"|\b(?:werk\w*|works?|geven|betalen|pay|tellen|meten|count|measure)\s+(?:(?:we|wij)\s+)?(?:met|with)"
    r"|\b(?:voeren|houden|doen)\s+(?:we|wij)\s+in"
    r"|\b(?:kept|stored|registered|opgeslagen|geregistreerd|bijgehouden)\s+in"
    r"|\b(?:gehost|hosted|beheerd|managed|verwerkt|processed|afgenomen|verzorgd|uitgevoerd|geleverd|"
    r"verstuurd|verzonden|handled|provided|operated|delivered|performed|sent|done|gedaan|made|gemaakt)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:door|by|bij|with|at|via)"
    r"|\b(?:draai\w*|runs?|hosted|gehost|ondergebracht|staan|stored|opgeslagen)\b[^.;]{0,60}?\b(?P<at>bij|at|with)"
    r"|\b(?:passed|sent|given|handed|forwarded|transferred|disclosed)\s+(?:on\s+)?to"
    r"|\b(?:doorgegeven|doorgeven|verstrekt|gestuurd|doorgestuurd|overgedragen)\s+(?:aan|naar)"
    r"|\bdoor\s+aan|\bgaan\s+via)\s+"
    r"(?:(?P<article>de|het|the|een|an?)\s+)?$",
    re.I,
)
# the name as subject of hosting or storing: "Carerix host de gegevens", "X stores its data"
_SUBJECT_VERB = re.compile(r"\s+(?:host|hosts|hosten|stores?|slaat)\b", re.I)
# an apposition that says what the name is: "X, een testbureau uit Zweden", "X, a Dutch mail service"
_APPOSITION = re.compile(
    r",\s+(?:een|a|an|het|de|the|our|onze|ons)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:\w*(?:bureau|bedrijf|dienst|service|company|firm|supplier|leverancier|provider|aanbieder|"
    r"systeem|system|platform|pakket|app|partner))\b",
    re.I,
)
_ORIGIN = re.compile(
    r",?\s*(?:een|a|an)\s+(" + alternation(ORIGIN_ADJECTIVES) + r")\s+(?:[\w-]+\s+){0,2}?"
    r"(?:\w*(?:bureau|bedrijf|dienst|service|company|firm|supplier|leverancier|provider|aanbieder|"
    r"partij|party|onderneming))\b",
    re.I,
)
_NAME_AT = re.compile(_NAME)
# the reader as the subject of the clause: "If you worked via X", "als je via X solliciteert"
_YOU_DO = re.compile(r"\b(?:if|when|als|wanneer|indien)\s+(?:you|je|jij|u)\b[^.;,]{0,40}$", re.I)

# a brand named as a key store or a shop we sell through: no data goes to it there
_NOT_A_TRANSFER = re.compile(
    r"\b(?:keys?|sleutels?)\s+(?:are\s+|worden\s+|is\s+|wordt\s+)?(?:held|kept|stored|managed|beheerd|bewaard|"
    r"opgeslagen)\s+(?:in|by|bij|met)\b|\bKMS\b|\bKey\s+Vault\b|\bsleutelkluis\b"
    # an app store we sell through (its buyers are its own customers); a ticket or web shop we sell
    # through ("sold through X, our ticketing partner") does receive our customers' data
    r"|\bApp\s+Store\b|\bGoogle\s+Play\b|\bPlay\s+Store\b|\bMicrosoft\s+Store\b",
    re.I,
)
# software we run ourselves: "Matomo, installed on our own servers", "zelf gehost"
_RUN_BY_US = re.compile(
    r"\b(?:our|onze)\s+(?:own|eigen)\s+(?:servers?|hardware|infrastructure|infrastructuur)\b"
    r"|\bself-?hosted\b|\bzelf\s+(?:gehost|beheerd)\b|\bon[-\s]premises?\b|\bop\s+eigen\s+servers?\b",
    re.I,
)


def hosts_itself(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is the subject of hosting or storing ("X hosts the data")."""
    return bool(_SUBJECT_VERB.match(text, end))


def not_a_transfer(clause: str) -> bool:
    """Whether a clause names a brand without handing it data: a key store or a sales channel."""
    return bool(_NOT_A_TRANSFER.search(clause))


def run_by_us(clause: str) -> bool:
    """Whether a clause says the software it names runs on our own servers (self-hosted)."""
    return bool(_RUN_BY_US.search(clause))


def _is_name(name: str) -> bool:
    words = [w.strip(".,()") for w in name.split()]
    if not words or words[0].lower() in _NOT_NAMES:
        return False
    if any(re.search(r"['’](?:re|ve|ll|m|d|s)$", w) for w in words):
        return False  # "We're", "Let's": a contraction, not a name
    if any(w.lower() in ORIGIN_ADJECTIVES for w in words):
        return False  # "Dutch", "Nederlandse": an adjective, not a name
    # an abbreviation alone is no name: AVG, BSN, SMS, EU
    return not (len(words) == 1 and words[0].isupper() and len(words[0]) <= 4 and "." not in words[0])


def _trim(name: str) -> str:
    """The name without trailing words that are not part of it ("Shopify Payments" stays)."""
    words = name.split()
    while words and words[-1].lower() in _NOT_NAMES:
        words.pop()
    return " ".join(words)


@functools.lru_cache(maxsize=16)
def unlisted_names(text: str, known: tuple[tuple[int, int], ...]) -> tuple[tuple[int, str, bool], ...]:
    """(offset, name, subject) of each processor the sentence names by shape, outside ``known``
    spans (listed names) and places; ``subject`` when the name hosts or stores the data itself."""
    places = [(p.start, p.end) for p in find_places(text)]
    taken = known + tuple(places)
    out: list[tuple[int, str, bool]] = []
    for m in _NAME_AT.finditer(text):
        start, name = m.start(), m.group(0)
        name = _trim(name if re.search(_SUFFIX + "$", name) else name.rstrip(".,"))
        if not name or start and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
            continue
        end = start + len(name)
        if any(s < end and start < e for s, e in taken) or not _is_name(name):
            continue
        before = text[max(0, start - 60) : start]
        after = text[end : end + 80]
        # the subject of the sentence or of a clause after ";" ("...; Clubregister host de gegevens")
        subject = start == 0 or bool(re.fullmatch(r"\W*", text[:start]) or re.search(r";\s*$", before))
        if subject:  # the first word: a name only when it hosts or stores ("Carerix host de gegevens")
            if _SUBJECT_VERB.match(after):
                out.append((start, name, True))
            continue
        if _YOU_DO.search(before):
            continue  # "If you worked via X": the reader's own way, not our processor
        pre = _BEFORE.search(before) or _HANDS_OVER.search(before)
        if pre is None and not _APPOSITION.match(after):
            continue
        shown = bool(re.search(_SUFFIX + r"\s*$", name) or name.endswith("-app") or find_places(after[:40]))
        if pre and (pre.group("article") or pre.groupdict().get("at")) and not shown:
            # "aan de Belastingdienst", "with the Data Protection Authority"; "opgeslagen bij X" only
            # with a company form or a place ("bij de ICT-samenwerking Oost in Zwolle")
            continue
        out.append((start, name, False))
    return tuple(out)


def origin_country(text: str, end: int) -> str | None:
    """The country an apposition gives a name: "Laposta, een Nederlandse dienst" -> NL."""
    m = _ORIGIN.match(text, end)
    return ORIGIN_ADJECTIVES[m.group(1).lower()] if m else None
