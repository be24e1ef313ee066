"""Retention: a maximum number of days, or "finite" when the statement names no bound.

A duration is a retention period only where the statement speaks about keeping or deleting:
in the sentence (bewaren, verwijderen, retain, delete, in any inflection: the lemma form is
searched too), or - for a list item, table row or ``label: value`` line - in its label,
heading, lead-in or table header ("Hoe lang bewaren wij je gegevens?" / "Server logs: 30
days"). It is not one in a clause about answering, notifying, cookies, ages or trials, nor when
it is a minimum ("ten minste", "at least", "of zoveel langer"). Each duration takes its
category (logs, backups, administration, account) from the words just before it, else just
after it, else from its heading, so "logs 90 days and backups 35 days" gives two promises.
Several periods for alternatives ("30 days on Basic, 90 days on Pro") give one promise, the
longest, with a note for review. Deletion bound to an event ("na de sessie gewist", "upon
termination", "for a limited period") is a finite retention without a number; "after this
period" takes the period of the sentence before.
"""

from __future__ import annotations

import functools
import re

from scanner.extract.controls import Candidate, Context, clause_bounds
from scanner.extract.lexicon import Lexicon
from scanner.extract.numbers import Duration, find_durations
from scanner.extract.text import Sentence
from scanner.extract.vocabulary import gated_alternatives, vocabulary
from scanner.promises.model import Control

_MINIMUM = re.compile(
    r"\b(?:minimaal|ten\s+minste|tenminste|minstens|at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?)\s*$", re.I
)
_EXCEPT = re.compile(
    r"\b(?:except|unless|apart\s+from|other\s+than|behalve|tenzij|uitgezonderd|met\s+uitzondering\s+van)\b",
    re.I,
)
_EXPLAINS_BEFORE = re.compile(r"^[^()]{0,80}\([^()]{0,80}\)\s*[,;]")
_PLANS = re.compile(
    r"\b(?:plans?|tiers?|abonnement\w*|pakket\w*|editions?|licen[cs]es?|subscriptions?)\b", re.I
)


@functools.cache
def _data() -> dict[str, object]:
    """The retention vocabulary's lists, compiled once."""
    vocab = vocabulary(Control.RETENTION_LIMIT.value)
    rx = vocab.gated_list
    cats = tuple(
        (name, gated_alternatives(pats))
        for name, pats in (vocab.extra.get("categories") or {}).items()
        if pats
    )
    return {
        "context": rx("context"),
        "not_retention": rx("not_retention"),
        "minimum": rx("minimum"),
        "others_duty": rx("others_duty"),
        "first_person": rx("first_person"),
        "keep_wording": rx("keep_wording"),
        "back_reference": rx("back_reference"),
        "duty_to_keep": rx("duty_to_keep"),
        "kept_forever": rx("kept_forever"),
        "deletion": rx("deletion"),
        "grant_expiry": rx("grant_expiry"),
        "maximum": rx("maximum"),
        "deadline": rx("deadline"),
        "purpose_after": rx("purpose_after"),
        "counted_from": rx("counted_from"),
        "deadline_before": rx("deadline_before"),
        "categories": cats,
    }


def categories(text: str, lex: Lexicon) -> list[str]:
    found = [name for name, pattern in lex.categories if pattern.search(text)]
    if found:
        return found
    return [name for name, pattern in _data()["categories"] if pattern.search(text)]  # type: ignore[union-attr]


def _around(sentence: Sentence, ctx: Context) -> list[str]:
    """What a sentence that names no kind of data keeps, from what surrounds it: its heading or
    lead-in, else the sentences before it in the same paragraph or list item ("Unless the member
    still owes a fee. In that case the data is kept ..." keeps the member's account)."""
    found = categories(sentence.context, ctx.lexicon)
    if found:
        return found
    block = ctx.blocks.get(sentence.block, "")
    at = block.find(sentence.text[:40])
    return categories(block[:at], ctx.lexicon) if at > 0 else []


def _about_retention(sentence: Sentence, ctx: Context) -> bool:
    """Whether the sentence, or for an item/row its label and context, speaks about keeping."""
    lex = ctx.lexicon
    text = sentence.text
    if lex.retention_verb.search(text) or lex.retention_verb.search(ctx.lemma_form(sentence)):
        return True
    if sentence.index in ctx.retention_rows:
        return True
    context = _data()["context"]
    if context is None:
        return False
    if context.search(text):
        return True
    if sentence.kind not in ("item", "row"):
        return False
    # the heading, lead-in or table header over it, or the question its list answers ("Hoe lang
    # bewaren we je gegevens?" as a paragraph, then "- Facturen: 7 jaar")
    return any(context.search(around) for around in (sentence.context, sentence.question) if around)


def retention_tables(sentences: list[Sentence], ctx: Context) -> set[int]:
    """The rows of tables that speak about keeping, so a row with only a duration is a period.

    A table is a run of consecutive rows. It speaks about keeping when one of its rows does
    ("Drafts | Destroy immediately") or the sentence just before it, its caption or lead-in,
    does ("We keep these records as follows"), even when that caption is not laid out as a
    heading. Then "Audit reports | 7 years" is a retention period like its neighbours.
    """
    out: set[int] = set()
    i = 0
    while i < len(sentences):
        if sentences[i].kind != "row":
            i += 1
            continue
        j = i
        while j + 1 < len(sentences) and sentences[j + 1].kind == "row":
            j += 1
        run = sentences[i : j + 1]
        caption = [sentences[i - 1]] if i else []
        if any(_speaks_of_keeping(s, ctx) for s in caption + run):
            out.update(s.index for s in run)
        i = j + 1
    return out


def _speaks_of_keeping(sentence: Sentence, ctx: Context) -> bool:
    verb = ctx.lexicon.retention_verb
    context = _data()["context"]
    return bool(
        verb.search(sentence.text)
        or verb.search(ctx.lemma_form(sentence))
        or (context is not None and context.search(sentence.text))  # type: ignore[union-attr]
    )


def _has(key: str, text: str) -> bool:
    """Whether the retention vocabulary's list ``key`` matches somewhere in ``text``."""
    pattern = _data()[key]
    return pattern is not None and pattern.search(text) is not None  # type: ignore[union-attr]


def _not_a_promise(sentence: Sentence, ctx: Context) -> bool:
    """Whether the sentence says a wording that only looks like retention (a cookie's lifetime on
    the device, deletion only on request): its periods are no retention either."""
    vocab = vocabulary(Control.RETENTION_LIMIT.value)
    lemmas = ctx.lemma_form(sentence)
    return vocab.not_a_promise(sentence.text, lemmas, ctx.lang, vocab.present(sentence.text, lemmas))


def retention(sentence: Sentence, ctx: Context) -> list[Candidate]:
    lex = ctx.lexicon
    text = sentence.text
    if _not_a_promise(sentence, ctx):
        return []
    about = _about_retention(sentence, ctx)
    if not about and not lex.retention_unbounded.search(text):
        return []
    if _has("grant_expiry", text):
        return []  # an access grant or a link that expires ("access expires after 8 hours")
    durations = find_durations(text)
    whole_minimum = _has("minimum", text) or _others_duty(text) or _own_duty_to_keep(text)
    kept: list[Duration] = []
    floors: list[int] = []  # minimum periods: what "after this period" in the next sentence means
    for i, d in enumerate(durations):
        c_start, c_end = clause_bounds(text, d.start)
        lo = max(c_start, durations[i - 1].end if i else 0)
        hi = min(c_end, durations[i + 1].start if i + 1 < len(durations) else len(text))
        window = text[lo : _described_until(text, d, hi)]
        if lex.not_retention.search(window):
            continue
        if _has("not_retention", window) or _has("deadline", text[lo:hi]):
            continue
        if not about:
            continue
        if whole_minimum or _MINIMUM.search(text[max(lo, d.start - 40) : d.start]):
            floors.append(d.days)
            continue
        kept.append(d)
    if kept:
        ctx.last_duration[:] = [max(d.days for d in kept)]
        found = _periods(sentence, ctx, kept)
        longest = max(found, key=lambda c: c.params.get("max_days") or 0)
        ctx.last_categories[:] = list(longest.params.get("applies_to") or [])
        return found
    if floors:
        # "we must keep your file 20 years. After this period it is destroyed": the duty is no
        # maximum, but the deletion after it is
        ctx.last_duration[:] = [max(floors)]
        ctx.last_categories[:] = categories(text, lex) or _around(sentence, ctx)
    # a minimum leaves no bound to read; durations that were no retention (an age) leave the event
    return _unbounded(sentence, ctx, about, bool(durations) and bool(whole_minimum or not about))


def _described_until(text: str, d: Duration, hi: int) -> int:
    """Where the words that say what the duration ``d`` is end, within its clause (up to ``hi``).

    A purpose after the period ("stored for 30 days to handle abuse") or the event it counts from
    ("deleted 12 months after we answered them", "1 jaar na afhandeling") tells why or from when
    data is kept; its words ("handle", "answered") do not make the period a response time. The
    event is cut off only when the period is not itself a deadline ("within 30 days after your
    request" stays one).
    """
    data = _data()
    purpose, counted_from = data["purpose_after"], data["counted_from"]
    if purpose is not None:
        m = purpose.match(text, d.end, hi)  # type: ignore[union-attr]
        if m:
            return m.start()
    if counted_from is not None and not _has("deadline_before", text[max(0, d.start - 25) : d.start]):
        m = counted_from.match(text, d.end, hi)  # type: ignore[union-attr]
        if m:
            return m.start()
    return hi


def _own_duty_to_keep(text: str) -> bool:
    """The sentence says the organisation must keep data ("the law says we must keep your file for
    20 years", "wij moeten dit 7 jaar bewaren") or keeps it permanently, and says nothing of
    deleting it: a minimum, no maximum. A duty to destroy ("verplicht het dossier te vernietigen
    na 15 jaar") and a period with its reason ("7 jaar bewaren wegens de wettelijke plicht") stay
    retention periods."""
    if not (_has("duty_to_keep", text) or _has("kept_forever", text)):
        return False
    return not (_has("deletion", text) or _has("maximum", text))


def _others_duty(text: str) -> bool:
    """The sentence states somebody else's duty to keep records ("customers must keep invoices for
    seven years", "de fiscale bewaarplicht van zeven jaar") and not the organisation's own: a
    minimum for them, no maximum for us."""
    data = _data()
    duty, keep, first = data["others_duty"], data["keep_wording"], data["first_person"]
    if duty is None or keep is None or first is None:
        return False
    return bool(duty.search(text) and keep.search(text)) and not first.search(text)  # type: ignore[union-attr]


def _periods(sentence: Sentence, ctx: Context, kept: list[Duration]) -> list[Candidate]:
    lex = ctx.lexicon
    text = sentence.text
    if len(kept) > 1 and _PLANS.search(text) and len({d.days for d in kept}) > 1:
        longest = max(kept, key=lambda d: d.days)
        cats = categories(text, lex) or _around(sentence, ctx) or ["data"]
        note = (
            "the sentence gives different periods for alternatives ("
            + ", ".join(d.text for d in kept)
            + "); the longest is used - narrow it to the plan in use"
        )
        return [
            Candidate(
                Control.RETENTION_LIMIT,
                {"max_days": longest.days, "applies_to": cats},
                sentence,
                [note],
                rule="retention:alternatives",
            )
        ]
    out: list[Candidate] = []
    for i, d in enumerate(kept):
        before = text[kept[i - 1].end if i else 0 : d.start]
        if i:  # a bracket right after the period before explains that one ("7 years (tax
            # obligation), the ID copy 5 years"), unless nothing else names this one ("(GA)")
            rest = _EXPLAINS_BEFORE.sub("", before, count=1)
            before = rest if re.search(r"[^\W\d_]{3}", rest) else before
        after = text[d.end : kept[i + 1].start if i + 1 < len(kept) else len(text)]
        cats = categories(before, lex) or categories(after, lex) or _around(sentence, ctx) or ["data"]
        notes = [
            f"'{d.text}' read as {d.days} days (a month is 30 days, a year 365; a range counts as its end)"
        ]
        if cats == ["data"]:
            notes.append(
                "applies to personal data in general; narrow applies_to if the sentence means one kind"
            )
        out.append(
            Candidate(
                Control.RETENTION_LIMIT,
                {"max_days": d.days, "applies_to": cats},
                sentence,
                notes,
                rule="retention:duration",
            )
        )
    return out


def _unbounded(sentence: Sentence, ctx: Context, about: bool, had_durations: bool) -> list[Candidate]:
    """No usable number: "no longer than necessary", an event, or a back-reference."""
    lex = ctx.lexicon
    text = sentence.text
    # what is excepted from the deletion ("except for what we need for the financial records") is
    # not what the bound applies to
    kept_back = _EXCEPT.search(text)
    cats = (
        categories(text[: kept_back.start()] if kept_back else text, lex)
        or _around(sentence, ctx)
        or ["data"]
    )
    back = _data()["back_reference"]
    if about and not had_durations and back is not None and back.search(text) and ctx.last_duration:
        days = ctx.last_duration[0]
        # the period referred to applies to what it applied to, and to what this sentence names
        own = categories(text[: kept_back.start()] if kept_back else text, lex)
        if ctx.last_categories:
            cats = list(dict.fromkeys([*ctx.last_categories, *own]))
        note = f"'{back.search(text).group(0)}' refers to the period before: {days} days"  # type: ignore[union-attr]
        return [
            Candidate(
                Control.RETENTION_LIMIT,
                {"max_days": days, "applies_to": cats},
                sentence,
                [note],
                rule="retention:back-reference",
            )
        ]
    if lex.retention_unbounded.search(text):
        note = "no number of days is named: retention must be finite (storage that never expires breaks it)"
        return [
            Candidate(
                Control.RETENTION_LIMIT,
                {"max_days": None, "applies_to": cats},
                sentence,
                [note],
                rule="lexicon:retention_unbounded",
            )
        ]
    if not about or had_durations:
        return []
    # (retention() has already asked whether the sentence is a wording that is no promise)
    vocab = vocabulary(Control.RETENTION_LIMIT.value)
    lemmas = ctx.lemma_form(sentence)
    present = vocab.present(text, lemmas)
    found = vocab.said(text, lemmas, ctx.lang, present) if present is not None else None
    if not found:
        return []
    entry, _ = found
    days = entry.params.get("max_days")
    note = (
        "deletion is bound to an event, not a number of days: retention must be finite"
        if days is None
        else f"read as {days} days"
    )
    return [
        Candidate(
            Control.RETENTION_LIMIT,
            {"max_days": days, "applies_to": cats},
            sentence,
            [note],
            rule=f"vocabulary:{entry.name}",
        )
    ]
