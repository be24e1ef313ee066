"""Retention: a maximum number of days, or "finite" when the statement names no bound.

A duration is a retention period only in a sentence about keeping or deleting
(bewaren, verwijderen, retain, delete) and not in a clause about answering,
notifying or cookies ("binnen vier weken antwoord" is a response time). Each
duration takes its category (logs, backups, administration, account) from the
words just before it, else just after it, so "logs 90 days and backups 35 days"
gives two promises.
"""

from __future__ import annotations

import re

from scanner.extract.controls import Candidate, Context, clause_bounds
from scanner.extract.lexicon import Lexicon
from scanner.extract.numbers import find_durations
from scanner.extract.text import Sentence
from scanner.promises.model import Control

_MINIMUM = re.compile(
    r"\b(?:minimaal|ten\s+minste|tenminste|minstens|at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?)\s*$", re.I
)


def categories(text: str, lex: Lexicon) -> list[str]:
    return [name for name, pattern in lex.categories if pattern.search(text)]


def retention(sentence: Sentence, ctx: Context) -> list[Candidate]:
    lex = ctx.lexicon
    text = sentence.text
    if not lex.retention_verb.search(text) and not lex.retention_unbounded.search(text):
        return []
    durations = find_durations(text)
    kept = []
    notes_skipped: list[str] = []
    for i, d in enumerate(durations):
        c_start, c_end = clause_bounds(text, d.start)
        lo = max(c_start, durations[i - 1].end if i else 0)
        hi = min(c_end, durations[i + 1].start if i + 1 < len(durations) else len(text))
        if lex.not_retention.search(text[lo:hi]):
            continue
        if _MINIMUM.search(text[lo : d.start]):
            notes_skipped.append(f"'{d.text}' is a minimum, not a maximum; not used as a bound")
            continue
        if not lex.retention_verb.search(text):
            continue
        kept.append(d)
    out: list[Candidate] = []
    for i, d in enumerate(kept):
        before = text[kept[i - 1].end if i else 0 : d.start]
        after = text[d.end : kept[i + 1].start if i + 1 < len(kept) else len(text)]
        cats = categories(before, lex) or categories(after, lex) or ["data"]
        notes = [
            f"'{d.text}' read as {d.days} days (a month is 30 days, a year 365; a range counts as its end)"
        ]
        if cats == ["data"]:
            notes.append(
                "applies to personal data in general; narrow applies_to if the sentence means one kind"
            )
        out.append(
            Candidate(Control.RETENTION_LIMIT, {"max_days": d.days, "applies_to": cats}, sentence, notes)
        )
    if not out and lex.retention_unbounded.search(text):
        cats = categories(text, lex) or ["data"]
        note = "no number of days is named: retention must be finite (storage that never expires breaks it)"
        out.append(
            Candidate(Control.RETENTION_LIMIT, {"max_days": None, "applies_to": cats}, sentence, [note])
        )
    return out
