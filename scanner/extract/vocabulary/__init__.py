"""The extractor's vocabulary, as data a privacy officer can read and extend.

One YAML file per control (``<control>.yaml`` in this folder). Each entry names a way a
statement says that control, in one language or in both::

    entries:
      - id: tde                       # unique within the file; --explain shows control/id
        lang: any                     # nl, en or any
        match: ['\\btransparent\\s+data\\s+encryption\\b']   # regular expressions, case-insensitive
        negation: blocks              # blocks (default): "we do not ..." before it in the clause
                                      # cancels it; allowed: the entry carries its own negation
        params: {network_restricted: false}   # optional: parameters this wording implies
        examples:                     # at least two sentences of your own that must match
          - "..."
        counter_examples: ["..."]     # optional: sentences that must not give this control

An expression is searched in the sentence as written and in its lemma form (see lemmas.py),
so ``\\bbewaren\\b`` also finds "bewaard" and "bewaarden", and ``\\bopslaan\\b`` also finds
"slaan ... op". ``not_promises`` entries (same shape) are wordings that look like the control
but are not a promise of it (a host selling SSL certificates, a data subject's right of access):
a sentence matching one gives no promise of that control.

tests/extract/test_vocabulary.py runs every example and counter-example, so an entry cannot be
added without proof that it does what it says.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from scanner.extract.patterns_common import NEGATION_EN, NEGATION_NL
from scanner.extract.prefilter import Gate, Gated, could_match, gated
from scanner.extract.vocabulary.loading import FLAGS as _FLAGS
from scanner.extract.vocabulary.loading import load, match_sources


def gated_alternatives(parts: list[str] | tuple[str, ...]) -> Gated | None:
    """The expressions as one case-insensitive alternation behind a gate; None for none."""
    return gated("|".join(f"(?:{p})" for p in parts), re.I) if parts else None


_NEGATION = {
    # a list item marked with a cross ("× Track you") is negated like "we do not track you"
    "nl": re.compile(NEGATION_NL + r"|\bzonder\b|[×✗✘❌]", re.I),
    "en": re.compile(NEGATION_EN + r"|\bwithout\b|[×✗✘❌]", re.I),
}
# "end-to-end encryption (e.g. PGP) is not provided": the wording, an aside, then its denial
_NEGATED_AFTER = re.compile(
    r"(?:\s*\([^()]{0,40}\))?[^.;,]{0,30}?\b(?:is|are|wordt|worden)\s+(?:not|niet)\s+(?:provided|offered|available|supported|used|"
    r"enabled|aangeboden|beschikbaar|ondersteund|gebruikt|ingeschakeld)\b",
    re.I,
)
# the object denied after the verb: "we log nothing", "wij slaan niets op", "wij versleutelen de
# back-ups niet" (Dutch puts "niet" after the object)
_DENIED_OBJECT = re.compile(
    # (not across "and"/"en": "stored encrypted and not reachable" denies the second verb only)
    r"(?:\s+(?!(?:and|en|or|of|but|maar)\b)[\w-]+){0,2}?\s+(?:nothing|none|nowhere|niets|nergens|niet|geen|no)\b(?!\s+(?:later|longer|meer)\s+dan\b)",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]\s|\b(?:but|however|maar|echter|tenzij|unless)\b", re.I)


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    """One vocabulary expression, compiled the first time a sentence could match it.

    Most expressions are never tried on a given statement (their required text is absent, see
    prefilter.py), so compiling all of them up front cost more than the extraction itself.
    """
    return re.compile(source, _FLAGS)


@dataclass(frozen=True)
class Entry:
    """One way of saying a control: where it came from, what it matches, what it implies."""

    control: str
    id: str
    lang: str
    sources: tuple[str, ...]  # the expressions as written (compiled on first use: see _compiled)
    negation: str = "blocks"
    params: dict[str, Any] = field(default_factory=dict)
    # one must also stand in the sentence (or lemma form)
    requires_sources: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    # per pattern, the text any match must contain (prefilter.py): a pattern is tried only then
    literals: tuple[frozenset[str] | None, ...] = ()

    @functools.cached_property
    def all_literals(self) -> frozenset[str] | None:
        """The literals of all patterns (None when a pattern has none): one test skips the entry."""
        if any(lits is None for lits in self.literals):
            return None
        return frozenset().union(*self.literals)

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """Every expression of the entry, compiled (the tests look at them all)."""
        return tuple(_compiled(s) for s in self.sources)

    @property
    def requires(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_compiled(s) for s in self.requires_sources)

    @property
    def name(self) -> str:
        return f"{self.control}/{self.id}"

    def applies_to(self, lang: str) -> bool:
        return self.lang in ("any", lang)

    def search(
        self, text: str, lemmas: str, present: tuple[frozenset[str] | None, ...] = (None, None)
    ) -> re.Match[str] | None:
        """The first match in the sentence as written, else in its lemma form.

        ``present``: the vocabulary's literals found in each (:meth:`Vocabulary.present`), so a
        pattern whose required text is absent is neither tried nor compiled.
        """
        for source, found in zip((text, lemmas), present, strict=True):
            if not could_match(self.all_literals, found):
                continue
            for expression, literals in zip(self.sources, self.literals, strict=True):
                if could_match(literals, found):
                    m = _compiled(expression).search(source)
                    if m:
                        return m
        return None


@dataclass(frozen=True)
class Vocabulary:
    control: str
    entries: tuple[Entry, ...]
    not_promises: tuple[Entry, ...]
    extra: dict[str, Any]  # control-specific lists (retention contexts, processors, ...)
    # the literal text of every pattern of every entry: a sentence without any of it (most
    # sentences) is passed over with one cheap search instead of one per pattern
    gate: Gate | None = None
    _viable: dict = field(default_factory=dict, compare=False, repr=False)

    def gated_list(self, key: str) -> Gated | None:
        """One gated expression for the list of expressions under ``key`` in the control's YAML
        (retention's contexts, access's "who has access?" lead-ins, ...); None when it has none."""
        parts = self.extra.get(key) or []
        return gated_alternatives(parts)

    def not_a_promise(
        self, text: str, lemmas: str, lang: str, present: tuple[frozenset[str] | None, ...] | None
    ) -> bool:
        """Whether the sentence says a wording that only looks like this control (``present``:
        from :meth:`present`; None, nothing of the vocabulary stands in it)."""
        if present is None:
            return False
        return any(e.search(text, lemmas, present) for e in self.viable(present, lang, not_promises=True))

    def said(
        self,
        text: str,
        lemmas: str,
        lang: str,
        present: tuple[frozenset[str] | None, ...],
        *,
        structured: bool = False,
    ) -> tuple[Entry, re.Match[str]] | None:
        """The first entry the sentence says, not denied, with what it ``requires``; ask
        :meth:`not_a_promise` first. ``structured``: the sentence is a list item or table row,
        whose label stands for the verb ("Server logs: 90 days"), so ``requires`` is not asked for."""
        for entry in self.viable(present, lang):
            m = entry.search(text, lemmas, present)
            if not m:
                continue
            if entry.negation == "blocks" and denied(m.string, m.end(), lang):
                continue
            if (
                entry.requires
                and not structured
                and not any(r.search(text) or r.search(lemmas) for r in entry.requires)
            ):
                continue
            return entry, m
        return None

    def viable(
        self, present: tuple[frozenset[str] | None, ...], lang: str, *, not_promises: bool = False
    ) -> tuple[Entry, ...]:
        """The entries (or not-promise wordings) of ``lang`` that could match, in their order,
        given the literals ``present`` in the sentence (remembered: sentences repeat words)."""
        key = (present, lang, not_promises)
        found = self._viable.get(key)
        if found is None:
            found = tuple(
                e
                for e in (self.not_promises if not_promises else self.entries)
                if e.applies_to(lang) and any(could_match(e.all_literals, f) for f in present)
            )
            if len(self._viable) > 512:
                self._viable.clear()
            self._viable[key] = found
        return found

    def present(self, text: str, lemmas: str) -> tuple[frozenset[str] | None, ...] | None:
        """The vocabulary's literals in the sentence and in its lemma form (see Entry.search);
        None when no pattern of this vocabulary can match either."""
        if self.gate is None:
            return None
        found = (self.gate.present(text), self.gate.present(lemmas))
        if all(f is not None and not f for f in found):
            return None
        return found


def _entry(control: str, raw: dict[str, Any], literals: dict[str, frozenset[str] | None]) -> Entry:
    sources = tuple(match_sources(raw))
    return Entry(
        control=control,
        id=str(raw["id"]),
        lang=str(raw.get("lang", "any")),
        sources=sources,
        literals=tuple(literals[p] for p in sources),
        negation=str(raw.get("negation", "blocks")),
        params=dict(raw.get("params") or {}),
        requires_sources=tuple(raw.get("requires") or ()),
        examples=tuple(raw.get("examples") or ()),
        counter_examples=tuple(raw.get("counter_examples") or ()),
    )


@functools.cache
def vocabulary(control: str) -> Vocabulary:
    """The vocabulary of one control (loaded once per process, from the cache when possible)."""
    data, literals = load(f"{control}.yaml")
    entries = tuple(_entry(control, e, literals) for e in data.get("entries") or [])
    not_promises = tuple(_entry(control, e, literals) for e in data.get("not_promises") or [])
    all_literals = [lits for e in (*entries, *not_promises) for lits in e.literals]
    return Vocabulary(
        control=control,
        entries=entries,
        not_promises=not_promises,
        extra={k: v for k, v in data.items() if k not in ("control", "entries", "not_promises")},
        gate=Gate(literals=all_literals) if all_literals else None,
    )


def negated_before(text: str, pos: int, lang: str) -> bool:
    """Whether a negation stands before ``pos`` in the same clause ("we do not encrypt ...", "wij
    loggen geen IP-adressen": callers pass the end of the wording, so a negation inside it counts)."""
    window = text[max(0, pos - 120) : pos]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    clause = window[breaks[-1].end() :] if breaks else window
    return bool(_NEGATION[lang].search(clause))


def denied(text: str, end: int, lang: str) -> bool:
    """Whether the wording ending at ``end`` is denied: a negation before it in its clause ("we do
    not encrypt", "wij slaan niets ... op") or a denial right after it ("... is not provided")."""
    return (
        negated_before(text, end, lang)
        or bool(_NEGATED_AFTER.match(text, end))
        or bool(_DENIED_OBJECT.match(text, end))
    )


@functools.cache
def separable_verbs() -> frozenset[str]:
    """Dutch separable verbs to join when a sentence splits them (dutch-separable-verbs.yaml)."""
    data, _ = load("dutch-separable-verbs.yaml")
    return frozenset(data.get("verbs") or {})
