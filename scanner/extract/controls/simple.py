"""Transport encryption, encryption at rest, access restriction, activity logging, logging minimisation.

These controls are recognised by a phrase and take at most one parameter from
the same sentence, so they share one small module.
"""

from __future__ import annotations

import functools
import re

from scanner.extract.controls import Candidate, Context
from scanner.extract.prefilter import Gated
from scanner.extract.text import Sentence
from scanner.extract.vocabulary import denied, vocabulary
from scanner.promises.model import Control
from scanner.util.safetext import clean

_TLS_VERSION = re.compile(
    r"\bTLS\s*(?:v(?:ersie|ersion)?\s*)?(1\.[0-3])\b(?:\s*(?:en|and|of|or|/|,)\s*(1\.[0-3])\b)?", re.I
)
_NEGATED_VERSION = re.compile(
    r"\b(?:niet|geen|not|no\s+longer|never|disabled?|uitgeschakeld|blocked|geblokkeerd|deprecated|refuse[sd]?|reject(?:s|ed)?|weiger\w*)\b[^.;]{0,40}$",
    re.I,
)
_REFUSED_AFTER = re.compile(
    r"^[^;]{0,30}?\b(?:disabled|not\s+supported|rejected|refused|blocked|deprecated|uitgeschakeld|"
    r"(?:switched|turned)\s+off|no\s+longer\s+(?:supported|accepted|allowed|offered)|not\s+(?:accepted|allowed|offered)|"
    r"retired|removed|uitgezet|geblokkeerd|niet\s+(?:meer\s+)?(?:ondersteund|geaccepteerd|toegestaan|aangeboden)|geweigerd)\b",
    re.I,
)
_VERSIONS = ("1.0", "1.1", "1.2", "1.3")
# a version named as the bound below which others are refused
_OLDER_THAN = re.compile(
    r"\b(?:older|lower|earlier|below|under|ouder|lager|eerder)\s+(?:than|dan)\s*$|\b(?:below|under|onder|beneden)\s*$",
    re.I,
)
# "(CMK)", "customer managed keys" written in any order
_CMK = re.compile(r"\bCMK\b|\bmanaged\s+keys\b[^.]{0,20}\bCMK\b")
# ``network_restricted`` switches on the check that no port but 80/443 is open to the whole
# internet, so it is set only when the sentence speaks of reachability: networks, firewalls,
# allow-lists, VPNs, "not publicly accessible", or keeping outsiders ("unauthorised access",
# "onbevoegden") out. Who among the staff may look ("only authorised staff", need-to-know,
# role-based) is a promise about people, not about the network.
_NETWORK = re.compile(
    r"\bfirewall|\bVPN\b|\bbastion\b|\bsecurity\s+groups?\b|\b(?:ip[- ]?)?(?:allow|white)[- ]?list"
    r"|\b(?:private|internal|isolated|secure|corporate|separate|segmented|beveiligd|intern|afgeschermd|gescheiden)\w*"
    r"\s+(?:[\w-]+\s+){0,2}?(?:network|netwerk|subnet)\w*|\bnetwork\s+segment|\bnetwerksegment"
    r"|\b(?:kantoor|office|praktijk|company|bedrijfs)[- ]?(?:netwerk|network)"
    r"|\bip[- ]?(?:address(?:es)?|adres(?:sen)?)\b[^.;]{0,40}\b(?:restrict\w*|limit\w*|beperkt|allowed|toegestaan)"
    r"|\b(?:publicly|openbaar|publiek)\s+(?:accessible|reachable|toegankelijk|bereikbaar)"
    r"|\b(?:connected|connection|koppeling|verbinding|verbonden)\b[^.;]{0,25}\binternet\b"
    r"|\bunauthori[sz]ed\s+(?:\w+\s+)?(?:access|parties|persons|people|users)|\bintru(?:sion|ders?)\b"
    r"|\bonbevoegde?n?\b|\binbr(?:euk|aak)\w*|\bindringers?\b",
    re.I,
)
_ARN = re.compile(r"\barn:aws:iam::(?:\d{12}|\*):(?:role|user|group|root)[\w+=,.@/*-]*")


def _tls_versions(text: str) -> tuple[list[str], list[str]]:
    """(allowed, refused): the TLS versions the sentence names, by whether it refuses them."""
    allowed: list[str] = []
    refused: list[str] = []
    for m in _TLS_VERSION.finditer(text):
        versions = [v for v in m.groups() if v]
        if _OLDER_THAN.search(text[max(0, m.start() - 30) : m.start()]):
            allowed.extend(versions)  # "versions older than TLS 1.2 are switched off": 1.2 stays
            continue
        negated = _NEGATED_VERSION.search(text[max(0, m.start() - 60) : m.start()]) or _REFUSED_AFTER.search(
            text[m.end() : m.end() + 60]
        )
        (refused if negated else allowed).extend(versions)
    return allowed, refused


def min_tls_version(text: str) -> tuple[str, str | None]:
    """(version, note): the lowest TLS version the sentence allows; 1.2 when it names none.

    "TLS 1.2 or higher" is 1.2; "TLS 1.0 and 1.1 are disabled" means 1.2.
    """
    allowed, refused = _tls_versions(text)
    if allowed:
        return min(allowed), None
    if refused:
        above = [v for v in _VERSIONS if v > max(refused)]
        return (above[0] if above else "1.3"), None
    return "1.2", "the statement names no TLS version; 1.2 is the default minimum (SSL itself is obsolete)"


def _said(
    sentence: Sentence, ctx: Context, control: Control, lexicon_pattern, *, negatable: bool = True
) -> tuple[str, dict] | None:
    """(rule, params) when the sentence says ``control``: a not-promise wording stops it, then the
    lexicon's core phrase, then the control's vocabulary (sentence as written and as lemmas).

    ``negatable``: a negation in the clause of the lexicon's phrase denies it ("data is not
    encrypted at rest"); False for lexicons whose phrases carry their own negation ("not publicly
    accessible", "we do not log").
    """
    text = sentence.text
    lemmas = ctx.lemma_form(sentence)
    vocab = vocabulary(control.value)
    present = vocab.present(text, lemmas)
    if vocab.not_a_promise(text, lemmas, ctx.lang, present):
        return None
    if lexicon_pattern is not None:
        m = lexicon_pattern.search(text)
        if m and not (negatable and denied(text, m.end(), ctx.lang)):
            return f"lexicon:{control.value}", {}
    if present is None:
        return None
    found = vocab.said(text, lemmas, ctx.lang, present, structured=sentence.kind in ("item", "row"))
    if found:
        entry, _ = found
        return f"vocabulary:{entry.name}", dict(entry.params)
    return None


def _refuses_old_versions(text: str) -> bool:
    """ "We no longer accept TLS 1.0 or 1.1": a refusal of old versions is a promise of the newer
    ones, though its negation would deny a plain "TLS" wording."""
    _, refused = _tls_versions(text)
    return bool(refused) and all(v in ("1.0", "1.1") for v in refused)


def transport(sentence: Sentence, ctx: Context) -> list[Candidate]:
    said = _said(sentence, ctx, Control.TRANSPORT_ENCRYPTION, ctx.lexicon.transport)
    if not said and _refuses_old_versions(sentence.text):
        said = ("transport:old-versions-refused", {})
    if not said:
        return []
    version, note = min_tls_version(sentence.text)
    implied = {"min_tls_version": note} if note else {}
    return [
        Candidate(
            Control.TRANSPORT_ENCRYPTION,
            {"min_tls_version": version},
            sentence,
            [note] if note else [],
            rule=said[0],
            implied_params=implied,
        )
    ]


# "They are encrypted", "Ze worden versleuteld opgeslagen": a pronoun for what the sentences before
# spoke of, read as at rest when those spoke of stored things and not of things on their way
_PRONOUN_ENCRYPTED = re.compile(
    r"^(?:they|these|those|ze|zij|deze|die)\s+(?:are|were|zijn|worden|werden)\s+(?:\w+\s+)?(?:encrypted|versleuteld|gecodeerd)\b",
    re.I,
)
_STORED_THINGS = re.compile(
    r"\b(?:back-?ups?|databases?|disks?|drives?|servers?|archives?|laptops?|files|records|snapshots?|volumes?"
    r"|opslag|schijven|schijf|bestanden|dossiers?|archief|kopie(?:ën|s)?|copies)\b",
    re.I,
)
_THINGS_ON_THEIR_WAY = re.compile(
    r"\b(?:e-?mails?|messages?|berichten|connections?|verbinding\w*|traffic|verkeer|sent|verstuurd|verzonden|transit)\b",
    re.I,
)


def _pronoun_for_stored_things(sentence: Sentence, ctx: Context) -> bool:
    """Whether an encrypted pronoun refers back to stored things in its paragraph or list item."""
    if not _PRONOUN_ENCRYPTED.match(sentence.text) or denied(sentence.text, len(sentence.text), ctx.lang):
        return False
    block = ctx.blocks.get(sentence.block, "")
    before = block[: max(0, block.find(sentence.text[:30]))][-300:]
    return bool(_STORED_THINGS.search(before)) and not _THINGS_ON_THEIR_WAY.search(before)


def at_rest(sentence: Sentence, ctx: Context) -> list[Candidate]:
    said = _said(sentence, ctx, Control.ENCRYPTION_AT_REST, ctx.lexicon.at_rest)
    if not said and _pronoun_for_stored_things(sentence, ctx):
        said = ("at-rest:pronoun-for-stored-things", {})
    if not said:
        return []
    cmk = bool(ctx.lexicon.customer_keys.search(sentence.text)) or bool(_CMK.search(sentence.text))
    notes = (
        [] if cmk else ["no customer-managed keys are promised; provider-managed encryption satisfies this"]
    )
    return [
        Candidate(Control.ENCRYPTION_AT_REST, {"customer_managed_keys": cmk}, sentence, notes, rule=said[0])
    ]


# An item that names someone is a short noun phrase ("Our two support engineers", "De klant,
# na inloggen"), not a clause ("De tweede mogelijkheid is dat ...", "Voorbeeld: ...").
_NAMES_SOMEONE = re.compile(
    r"^(?!\S+:)(?!(?:\S+\s+){0,3}?(?:is|zijn|are|bestaat|exists?|kan|kun|kunt|can|may|mag|there|er)\b)"
    r"(?:[\w'’-]+[\s,]+){0,14}?[\w'’-]+[.!]?$",
    re.I,
)


@functools.cache
def _listing() -> tuple[Gated | None, Gated | None]:
    """The access vocabulary's "who has access?" lead-ins and the customer's own choices."""
    vocab = vocabulary(Control.ACCESS_RESTRICTION.value)
    return vocab.gated_list("access_question"), vocab.gated_list("own_choice")


def listed_under_access_question(sentence: Sentence, ctx: Context) -> bool:
    """Whether the sentence opens an item of a list that answers "who has access?".

    Such an item names who may ("- The customer, after logging in", "- Uw eigen behandelaar")
    without a verb; its heading or lead-in says what it is. Only the item's first sentence
    counts (the rest explains it), and not an item about whom customers let in themselves.
    """
    if sentence.kind != "item":
        return False
    question, own_choice = _listing()
    lead = f"{sentence.context} {sentence.question}"
    if question is None or not question.search(lead):
        return False
    if own_choice is not None and own_choice.search(sentence.text):
        return False
    if not _NAMES_SOMEONE.match(sentence.text):
        return False
    item = ctx.blocks.get(sentence.block, "").lstrip(" -*•0123456789.)")
    return item.startswith(sentence.text[:40])


def _network_wording(sentence: Sentence, ctx: Context) -> bool:
    """Whether the sentence also says a network wording of the vocabulary (an entry with
    ``network_restricted: true``), though another entry or the lexicon recognised it first:
    "access to the servers is restricted to our office IP addresses" is both."""
    text, lemmas = sentence.text, ctx.lemma_form(sentence)
    vocab = vocabulary(Control.ACCESS_RESTRICTION.value)
    present = vocab.present(text, lemmas)
    if present is None:
        return False
    return any(
        entry.params.get("network_restricted") and entry.search(text, lemmas, present)
        for entry in vocab.viable(present, ctx.lang)
    )


# Who a sentence names as the only ones with access: "Only the two owners and our warehouse
# employee can log in", "Alleen de scriba en de ledenadministrateur hebben toegang", "access is
# restricted to the finance team". These are people or roles, not the IAM principals the checks
# compare (authorised_principals holds ARN patterns), so they go to the reviewer as a note.
_NAMED_ONLY = re.compile(
    r"\b(?:only|alleen|uitsluitend|enkel|slechts)\s+(?P<who>(?:[\w'’-]+,?\s+){1,14}?)"
    r"(?:can|may|have|has|get|gets|are\s+able|is\s+able|kunnen|kan|mogen|mag|hebben|heeft|krijgen|krijgt)\b",
    re.I,
)
_NAMED_LIMITED = re.compile(
    r"\b(?:(?:restricted|limited|beperkt)\s+(?:to|tot)|(?:accessible|available|visible)\s+(?:only\s+)?to"
    r"|(?:toegankelijk|beschikbaar|zichtbaar)\s+(?:alleen\s+)?voor)\s+(?:only\s+|alleen\s+)?(?P<who>[^.;:()]{3,100})",
    re.I,
)
# what cannot open a list of people: a condition, a channel, a time, or data instead of people
_NOT_WHO = re.compile(
    r"^(?:when|if|then|via|through|after|during|in|on|for|as|with|from|within|be|once|wanneer|als|na|door|tijdens|"
    r"op|voor|bij|te|met|vanaf|vanuit|binnen|daar|dan|in|the\s+(?:data|information|records?|files?|details))\b"
    r"|\b(?:data|information|records|files|details|purposes?)\b|(?:gegevens|informatie|dossiers?|bestanden|doeleinden)\b",
    re.I,
)
# what trails a name in the match: "medewerkers toegang toe" (before "hebben"), "fysiotherapeut en,"
_AFTER_WHO = re.compile(r"\s+(?:(?:toegang|access|inzage)\b.*|(?:and|en|or|of))$", re.I)
_SPLIT_WHO = re.compile(r"\s*,\s*(?:and\s+|en\s+)?|\s+(?:and|en)\s+", re.I)


def named_people(text: str) -> list[str]:
    """The people or roles the sentence names as the only ones with access, in its own words."""
    names: list[str] = []
    for rx in (_NAMED_ONLY, _NAMED_LIMITED):
        for m in rx.finditer(text):
            for part in _SPLIT_WHO.split(m.group("who").strip(" ,")):
                name = _AFTER_WHO.sub("", part.strip())
                if not name or _NOT_WHO.search(name):
                    break  # the list of people ends where a condition or the data begins
                names.append(name)
    return list(dict.fromkeys(clean(n, 60) for n in names))[:6]


def access(sentence: Sentence, ctx: Context) -> list[Candidate]:
    said = _said(sentence, ctx, Control.ACCESS_RESTRICTION, ctx.lexicon.access, negatable=False)
    if not said and listed_under_access_question(sentence, ctx):
        said = ("access:listed-under-question", {})
    if not said:
        return []
    principals = sorted({arn.rstrip(",.") for arn in _ARN.findall(sentence.text)})
    notes = []
    if not principals:
        named = named_people(sentence.text)
        notes.append(
            f"named in the statement: {'; '.join(named)}; add their role or user ARNs to "
            "authorised_principals to check who has access"
            if named
            else "no principals are named; add ARNs to authorised_principals to check who has access"
        )
    network = (
        bool(said[1].get("network_restricted"))
        or bool(_NETWORK.search(sentence.text))
        or _network_wording(sentence, ctx)
    )
    params = {"authorised_principals": principals, "network_restricted": network}
    return [Candidate(Control.ACCESS_RESTRICTION, params, sentence, notes, rule=said[0])]


def activity_logging(sentence: Sentence, ctx: Context) -> list[Candidate]:
    lex = ctx.lexicon
    pattern = None if lex.not_logged.search(sentence.text) else lex.activity_logging
    said = _said(sentence, ctx, Control.ACTIVITY_LOGGING, pattern)
    if not said:
        return []
    return [Candidate(Control.ACTIVITY_LOGGING, {}, sentence, rule=said[0])]


# The values of ``not_logged`` the checks read (check.schema.json, promises.schema.json).
NOT_LOGGED_VALUES = ("access_logs", "query_logs", "flow_logs", "browsing")
# What else a statement may say it leaves out, in the vocabulary's and lexicon's own labels: no
# infrastructure check reads these, so they are named in a note, not in ``not_logged``.
_UNCHECKED = {
    "content": "the content of messages or files",
    "recordings": "recordings of calls or conversations",
    "on_device": "data kept only on the user's own device",
    "identifying_details": "faces, licence plates or ID numbers made unrecognisable",
    "location": "location",
    "identifiers": "device or other identifiers",
}


def logging_minimisation(sentence: Sentence, ctx: Context) -> list[Candidate]:
    """What the statement says it does not log, as the values the checks read.

    The lexicon maps the wording ("IP addresses" -> access_logs, "visitor statistics" ->
    browsing); the vocabulary entry that matched says what its wording is about when the
    lexicon names nothing. A promise about something no check reads (message content,
    recordings) keeps an empty ``not_logged`` and says so in a note, rather than being read as
    access logs and failing infrastructure that logs something else.
    """
    lex = ctx.lexicon
    said = _said(sentence, ctx, Control.LOGGING_MINIMISATION, lex.not_logged, negatable=False)
    if not said:
        return []
    named = [name for pattern, name in lex.not_logged_what if pattern.search(sentence.text)]
    if not named:
        named = list(said[1].get("not_logged") or [])
    what = [name for name in named if name in NOT_LOGGED_VALUES]
    other = [name for name in named if name not in NOT_LOGGED_VALUES]
    notes = []
    if not what and other:
        labels = "; ".join(_UNCHECKED.get(name, name) for name in other)
        notes.append(f"says it does not keep: {labels}; no infrastructure check reads this")
    elif not what:
        what = ["access_logs"]
        notes.append(
            "the statement does not say which logs; read as access logs (add query_logs or flow_logs if meant)"
        )
    return [Candidate(Control.LOGGING_MINIMISATION, {"not_logged": what}, sentence, notes, rule=said[0])]


RECOGNISERS = (transport, at_rest, access, activity_logging, logging_minimisation)
