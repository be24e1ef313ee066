"""Per-control recognisers: one sentence in, candidate promises out.

Each recogniser looks at one sentence with the document's :class:`Lexicon` and
says which promise, if any, the sentence makes. Deciding what is *not* a promise
(disclaimers, hedges, other parties' systems) happens once, in
:func:`is_commitment`, so every control treats them the same way. Residency is
the exception: a transfer is disclosed even in a hedged sentence ("kunnen
worden opgeslagen in de VS"), so residency collects facts from every sentence
and decides per document (see residency.py).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from scanner.extract.lexicon import Lexicon
from scanner.extract.text import Sentence
from scanner.promises.model import Control


@dataclass
class Candidate:
    """A promise one sentence makes, before duplicates are merged and ids given."""

    control: Control
    params: dict[str, Any]
    sentence: Sentence | None
    notes: list[str] = field(default_factory=list)
    evidence: list[Sentence] = field(default_factory=list)  # other sentences saying the same
    rule: str = ""  # what produced it: "lexicon:<field>" or "vocabulary:<control>/<entry id>"
    implied_params: dict[str, str] = field(default_factory=dict)  # parameter -> inferred from what


@dataclass
class Context:
    """What a recogniser may look at besides its sentence."""

    lexicon: Lexicon
    blocks: dict[int, str]  # paragraph text by block index, for context such as a transfer mechanism
    # lemma form by sentence text (a hedged sentence's unhedged part is read as a sentence of its own)
    lemmas: dict[str, str] = field(default_factory=dict)
    # the last retention period read, for back-references ("na deze periode", "after this period")
    last_duration: list[int] = field(default_factory=list)
    # ... and what that period applied to ("we keep the books 7 years; after this period ...")
    last_categories: list[str] = field(default_factory=list)
    # table rows whose table speaks about keeping (in a row or its caption): "Invoices | 7 years"
    retention_rows: set[int] = field(default_factory=set)

    @property
    def lang(self) -> str:
        return self.lexicon.language

    def lemma_form(self, sentence: Sentence) -> str:
        """The sentence's lemma form (computed once per sentence)."""
        found = self.lemmas.get(sentence.text)
        if found is None:
            from scanner.extract.lemmas import lemma_text
            from scanner.extract.vocabulary import separable_verbs

            found = lemma_text(sentence.text, self.lang, separable_verbs())
            self.lemmas[sentence.text] = found
        return found


def is_commitment(sentence: Sentence, lex: Lexicon) -> str | None:
    """None when the sentence can carry a promise, else why it cannot (for the record)."""
    text = sentence.text
    if lex.disclaimer.search(text):
        return "disclaimer"
    if lex.hedge.search(text):
        return "hedge"
    if lex.third_party_subject.search(text) or lex.third_party_phrase.search(text):
        return "third party"
    return None


# Where one main clause ends and the next begins: a semicolon, or "and/but" before a new subject
# ("the disks are encrypted and they can be wiped remotely").
_NEXT_MAIN_CLAUSE = re.compile(
    r";\s*|,?\s+(?:en|maar|and|but)\s+(?=(?:ze|zij|wij|we|het|deze|die|dit|er|u|je|they|it|these|this|there|you)\b)",
    re.I,
)


def unhedged_part(sentence: Sentence, lex: Lexicon) -> Sentence | None:
    """The part of a hedged sentence that stands outside the hedge, when the hedge is confined to
    its leading or trailing main clauses: "the storage is encrypted and they can be wiped
    remotely" promises the first. None when every clause is hedged or the hedge is in the middle.
    """
    text = sentence.text
    cuts = [0]
    for m in _NEXT_MAIN_CLAUSE.finditer(text):
        cuts += [m.start(), m.end()]
    cuts.append(len(text))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    if len(spans) < 2:
        return None
    hedged = [bool(lex.hedge.search(text[a:b]) or lex.disclaimer.search(text[a:b])) for a, b in spans]
    if all(hedged) or not any(hedged):
        return None
    first, last = hedged.index(False), len(hedged) - 1 - hedged[::-1].index(False)
    if any(hedged[first : last + 1]):
        return None  # hedged clauses on both sides of a plain one, or between plain ones
    part = text[spans[first][0] : spans[last][1]].strip(" ,;")
    return dataclasses.replace(sentence, text=part) if part else None


_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–]\s")


@functools.lru_cache(maxsize=32)
def _breaks(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the clause breaks in ``text``, computed once per sentence."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _CLAUSE_BREAK.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, colons, brackets) around ``pos``.

    Logarithmic per call (the breaks are found once per sentence), so a sentence
    with thousands of durations or places stays linear overall.
    """
    starts, ends = _breaks(text)
    i = bisect.bisect_right(ends, pos)  # breaks that end at or before pos
    start = ends[i - 1] if i else 0
    j = bisect.bisect_left(starts, pos, lo=i)  # first break that starts at or after pos
    return start, (starts[j] if j < len(starts) else len(text))
