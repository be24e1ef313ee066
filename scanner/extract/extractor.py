"""From statement text to a PromiseSet: sentences -> candidates -> merged, numbered promises.

Identical promises (same control, same parameters) said in several sentences
become one promise that quotes the first sentence; the others are kept as
evidence for the review comments. Checking the same promise twice would only
repeat every finding.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field

from scanner.extract.controls import Candidate, Context, is_commitment, residency, unhedged_part
from scanner.extract.controls.retention import retention, retention_tables
from scanner.extract.controls.simple import RECOGNISERS
from scanner.extract.patterns_en import EN
from scanner.extract.patterns_nl import NL
from scanner.extract.prefilter import Gated
from scanner.extract.text import NEGATING_MARKER, Sentence, detect_format, detect_language, sentences_of
from scanner.extract.vocabulary import vocabulary
from scanner.promises.model import Control, Promise, PromiseSet

CONTROL_ORDER = list(Control)


@dataclass
class ExtractedPromise(Promise):
    """A promise plus what the reviewer should know: notes and the other sentences saying it."""

    notes: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)  # [{"line": int, "quote": str}]
    rule: str = ""  # the rule or vocabulary entry that produced it (extract --explain)


IMPLIED_EEA = (
    "the statement discloses no transfer outside the EEA, so data must stay in the EEA "
    "(GDPR Art. 13(1)(f) requires transfers to be disclosed)"
)


def extract(
    text: str,
    file: str,
    *,
    sha256: str | None = None,
    language: str | None = None,
    per_sentence: bool = False,
) -> PromiseSet:
    """The promises a statement makes, in document order, with the implied ones last.

    ``per_sentence`` keeps one promise per sentence even when several sentences promise the
    same (the review file: every sentence is checked by a person); otherwise identical
    promises are merged into the first, the others kept as evidence (the scan: checking the
    same promise twice would only repeat every finding).
    """
    fmt = detect_format(text, file)
    sentences = sentences_of(text, fmt)
    lang = language or detect_language(" ".join(s.text for s in sentences))
    lex = NL if lang == "nl" else EN
    blocks: dict[int, list[str]] = {}
    for s in sentences:
        blocks.setdefault(s.block, []).append(s.text)
    ctx = Context(lexicon=lex, blocks={b: " ".join(t) for b, t in blocks.items()})
    ctx.retention_rows = retention_tables(sentences, ctx)

    candidates: list[Candidate] = []
    review: list[dict] = []
    facts = residency.Facts()
    logs_said: set[str] = set()  # the kinds of logs activity-logging promises spoke of so far
    for sentence in sentences:
        if sentence.kind == "heading" or _title_like(sentence):
            continue  # a heading is never a promise; it is context for what stands under it
        why_not = "question" if sentence.text.rstrip().endswith("?") else is_commitment(sentence, lex)
        residency.collect(
            sentence,
            ctx,
            facts,
            third_party=why_not == "third party",
            hedged=why_not in ("hedge", "question"),
        )
        found: list[Candidate] = []
        read = sentence
        if why_not == "hedge" and (part := unhedged_part(sentence, lex)) is not None:
            # the hedge governs only a clause of its own; the rest is read as any sentence
            read, why_not = part, None
        if why_not is None:
            for recognise in (*RECOGNISERS, retention):
                found.extend(recognise(read, ctx))
            found = _drop_log_mentions_of_retention(sentence, found, logs_said)
            found = _drop_logs_mentioned_again(sentence, found, bool(logs_said))
            _note_logs_said(sentence, found, logs_said)
        candidates.extend(found)
        if not found:
            review.extend(_unread(sentence, ctx, why_not))
    candidates.extend(residency.decide(facts, per_sentence=per_sentence))

    promises = _number(_merge(candidates, per_sentence=per_sentence), file)
    explicit = bool(promises)
    if not any(p.control == Control.DATA_RESIDENCY for p in promises):
        promises.append(
            ExtractedPromise(
                id="data-residency-implied",
                control=Control.DATA_RESIDENCY,
                params={"allowed_area": "EEA", "transfers": []},
                implied=True,
                implied_from=IMPLIED_EEA,
                notes=[f"implied: {IMPLIED_EEA}"],
            )
        )
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    result = PromiseSet(
        promises=promises,
        origin="statement",
        statement={"file": file, "sha256": digest, "language": lang},
        candidates=review,
    )
    if not explicit:
        result.warnings.append(f"no promise recognised in {file}; only implied promises are checked")
    return result


_TITLE_END = re.compile(r"[.!?:;,)\]\"'”’]$")


def _title_like(sentence: Sentence) -> bool:
    """A short line without punctuation, digits or a label ("Web statistics", "Fysieke
    toegangscontrole"): a title the layout did not mark, read as a heading."""
    text = sentence.text.strip()
    if sentence.kind == "item" and (sentence.question or sentence.context.endswith(":")):
        return False  # an item of a list that is led in ("Who has access?", "We keep:") is an answer
    return (
        sentence.kind in ("text", "item")
        and not NEGATING_MARKER.match(text)  # "✗ Track you": a crossed-out item, not a title
        and len(text.split()) <= 4
        and not _TITLE_END.search(text)
        and not any(ch.isdigit() for ch in text)
        and ":" not in text
        and " | " not in text
    )


# The kinds of logs a sentence names ("audit logs", "Toegangslogs", "mail server logs"); logs
# without a kind ("server logs", "log files", "logbestanden") are the generic kind "".
_LOG_KIND = re.compile(
    r"\b(audit|access|toegangs|mail\s?server|mail|application|applicatie|security|beveiligings|"
    r"error|fout|database|firewall|crash)[- ]?(?:logs?\b|logbestand\w*|log\s?files?|logging|trails?)"
    r"|\b(logboek)|\b(?:server[- ]?|web\s?server[- ]?)?(logs?|logbestand\w*|logfiles?|log\s?files?)\b",
    re.I,
)
_KIND_NAMES = {
    "toegangs": "access",
    "applicatie": "application",
    "beveiligings": "security",
    "fout": "error",
    "mailserver": "mail",
    "mail server": "mail",
    "logboek": "audit",
}


def _log_kinds(text: str) -> set[str]:
    """The kinds of logs ``text`` names; empty when it names no logs."""
    kinds = set()
    for m in _LOG_KIND.finditer(text):
        if m.group(1) or m.group(2):
            name = (m.group(1) or m.group(2)).lower()
            kinds.add(_KIND_NAMES.get(name, name))
        else:
            kinds.add("")
    return kinds


def _note_logs_said(sentence: Sentence, found: list[Candidate], logs_said: set[str]) -> None:
    """Remember which kinds of logs the promises so far spoke of: those of an activity-logging
    promise ("*" when it names no logs: "We use Matomo for statistics") and those a retention
    period was read for ("Logs worden 30 dagen bewaard": the logs are the ones meant later)."""
    controls = {c.control for c in found}
    if Control.ACTIVITY_LOGGING in controls:
        logs_said.update(_log_kinds(sentence.text) or {"*"})
    elif Control.RETENTION_LIMIT in controls:
        logs_said.update(_log_kinds(sentence.text))


def _drop_log_mentions_of_retention(
    sentence: Sentence, found: list[Candidate], logs_said: set[str]
) -> list[Candidate]:
    """ "These logs are kept for 90 days" is a retention period; that logs exist is not a second
    promise of the sentence when the statement already spoke of those logs (one promise per
    practice). The first sentence about a kind of logs says both: "Server logs: 90 days",
    "Access logs are deleted after 14 days", and "Mail server logs are kept 30 days" after a
    paragraph on the audit trail. Logs named without a kind ("server logs", "the log files") are
    new only when no logging was spoken of before."""
    if not any(c.control == Control.RETENTION_LIMIT for c in found):
        return found
    kinds = _log_kinds(sentence.text)
    if not kinds:
        return found  # "Your IP address is logged for 30 days": no logs named, the logging is said
    new_kind = bool(kinds - {"", *logs_said})
    if (new_kind or not logs_said) and not _LOGS_AGAIN.search(sentence.text):
        return found
    return [c for c in found if c.control != Control.ACTIVITY_LOGGING]


# "these logs", "such log files", "deze logbestanden": logs the statement has already spoken of;
# also a sentence that opens with "The log files" / "De logbestanden" once logging was said
_LOGS_AGAIN = re.compile(
    r"\b(?:these|those|such|this|deze|die|dit|zulke)\s+(?:\w+\s+)?(?:server[- ]?)?log(?:s|\s?files?|bestand\w*|files?)\b"
    r"|^\W*(?:the|de)\s+log(?:s|\s?files?|bestand\w*)\b",
    re.I,
)


def _drop_logs_mentioned_again(
    sentence: Sentence, found: list[Candidate], logging_said: bool
) -> list[Candidate]:
    """A later sentence about logs already spoken of ("These log files are moved every night",
    "Deze logbestanden staan op een aparte server") describes the same practice: one promise
    per practice, so it is not a second logging promise."""
    if not logging_said or not _LOGS_AGAIN.search(sentence.text):
        return found
    return [
        c
        for c in found
        if not (c.control == Control.ACTIVITY_LOGGING and c.rule.endswith("/server-and-access-logs"))
    ]


_NOT_UNDERSTOOD = "no promise wording recognised"
_WHY = {
    "disclaimer": "a disclaimer, not a promise",
    "hedge": "hedged (may, strive to, where possible): not a commitment",
    "third party": "about a third party's own practice",
    "question": "a question (a heading of a FAQ), not a promise",
}


@functools.cache
def _subject(control: str) -> Gated | None:
    return vocabulary(control).gated_list("subject")


def _unread(sentence: Sentence, ctx: Context, why_not: str | None) -> list[dict]:
    """The controls a sentence that gave no promise speaks about: for review."""
    out = []
    lemmas = ctx.lemma_form(sentence)
    for control in CONTROL_ORDER:
        if control == Control.DATA_RESIDENCY:
            continue
        subject = _subject(control.value)
        if subject is not None and (subject.search(sentence.text) or subject.search(lemmas)):
            out.append(
                {
                    "line": sentence.line,
                    "control": control.value,
                    "quote": sentence.text,
                    "why": _WHY.get(why_not or "", _NOT_UNDERSTOOD),
                }
            )
    return out


def _key(c: Candidate, per_sentence: bool) -> tuple:
    where = (c.sentence.index if c.sentence else -1) if per_sentence else 0
    return c.control.value, json.dumps(c.params, sort_keys=True), where


def _merge(candidates: list[Candidate], *, per_sentence: bool = False) -> list[Candidate]:
    merged: dict[tuple, Candidate] = {}
    seen: dict[tuple, set[Sentence]] = {}  # sentences already in a promise: linear merging
    for cand in sorted(candidates, key=lambda c: c.sentence.index if c.sentence else -1):
        key = _key(cand, per_sentence)
        if key in merged:
            first, known = merged[key], seen[key]
            for s in ([cand.sentence] if cand.sentence else []) + cand.evidence:
                if s not in known:
                    known.add(s)
                    first.evidence.append(s)
        else:
            merged[key] = cand
            seen[key] = {s for s in [cand.sentence, *cand.evidence] if s is not None}
    return list(merged.values())


def _number(candidates: list[Candidate], file: str) -> list[ExtractedPromise]:
    """Ids per control in document order; the list is in document order too."""
    ordered = sorted(
        candidates, key=lambda c: (c.sentence.index if c.sentence else -1, CONTROL_ORDER.index(c.control))
    )
    counters: dict[Control, int] = {}
    out: list[ExtractedPromise] = []
    for cand in ordered:
        counters[cand.control] = counters.get(cand.control, 0) + 1
        s: Sentence | None = cand.sentence
        out.append(
            ExtractedPromise(
                id=f"{cand.control.value}-{counters[cand.control]}",
                control=cand.control,
                params=cand.params,
                quote=s.text if s else None,
                source={"file": file, "line": s.line} if s else None,
                implied=False,
                implied_params=dict(cand.implied_params),
                rule=cand.rule,
                notes=list(dict.fromkeys(cand.notes)),
                evidence=[
                    {"line": e.line, "quote": e.text}
                    for e in sorted(set(cand.evidence), key=lambda e: e.index)
                ],
            )
        )
    return out
