"""Skip regular expressions that cannot match, by the literal text every match must contain.

Most sentences of a statement say nothing about a given control, yet each control's vocabulary
has dozens of expressions with gaps (``[^.;]{0,80}``) that Python's regex engine tries at every
position of every sentence. Nearly every expression contains some literal text that any match
must include: ``\\bonly\\s+authori[sz]ed\\b`` cannot match a sentence without "authori" in it.
This module reads that text from the expression's own syntax tree (so nobody writes or maintains
keyword lists by hand), and a :class:`Gate` tests a sentence for all of a vocabulary's literals
with one search of a prefix tree of them. An expression whose required text cannot be read
(every branch optional, only character classes) is always run: the gate never changes a result,
it only saves work.

Matching is compared on a *folded* text (see :func:`fold`): lower case, plus the few characters
that Python's case-insensitive matching equates with an ASCII letter although ``str.lower`` does
not (dotted and dotless i, long s), so a literal found by the regex is found by the gate too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence

try:  # the parser behind ``re`` (public in name only since 3.11; the same API before)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# characters Python's re.IGNORECASE equates with an ASCII letter that str.lower() leaves alone
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_REPEATS = tuple(
    getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, name)
)


@functools.lru_cache(maxsize=256)
def fold(text: str) -> str:
    """``text`` as the gate compares it: lower case, with the letters re.IGNORECASE equates folded.

    Cached: each sentence (and its lemma form) is folded once although every control asks.
    """
    return text.translate(_FOLD).lower()


def _required(items: Iterable[tuple]) -> frozenset[str] | None:
    """Strings of which every match of this parsed sequence contains at least one, else None."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            candidates.append(frozenset({fold("".join(run))}))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL and chr(av).isascii():
            run.append(chr(av))
            continue
        close()
        found: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            found = _required(av[-1])
        elif op is _c.BRANCH:
            alternatives = [_required(alt) for alt in av[1]]
            if all(alternatives):
                found = frozenset().union(*alternatives)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            found = _required(av[2])
        if found:
            candidates.append(found)
    close()
    if not candidates:
        return None
    # the most selective: the longest shortest string, then the fewest strings
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Folded strings one of which stands in every text ``pattern`` matches; None when unknown."""
    try:
        return literals_of(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable tree only means no shortcut
        return None


def literals_of(source: str, flags: int = 0) -> frozenset[str] | None:
    """:func:`required_literals` of ``re.compile(source, flags)``, without compiling it.

    An invalid expression raises ``re.error`` as compiling it would; a tree this module cannot
    read gives None (no shortcut).
    """
    tree = _p.parse(source, flags | re.UNICODE)
    try:
        return _required(tree)
    except Exception:  # noqa: BLE001 - an unreadable tree only means no shortcut
        return None


def _trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(alternation(words))


def alternation(words: Iterable[str]) -> str:
    """An expression for "any of these strings", longest first, written as a prefix tree.

    It matches what ``"|".join(sorted(words, key=len, reverse=True))`` (escaped) matches, but
    the engine follows one path of the tree instead of trying every string at every position.
    For a case-insensitive search, give the words in lower case.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here and longer ones go on: the rest is optional
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return build(trie)


class Gate:
    """Which of a set of expressions could match a text (a cheap test before the real ones)."""

    def __init__(
        self,
        patterns: Sequence[re.Pattern[str]] = (),
        *,
        literals: Sequence[frozenset[str] | None] | None = None,
    ) -> None:
        """The gate of ``patterns``, or of expressions whose ``literals`` (:func:`required_literals`,
        one item per expression) are known already, so nothing is parsed again."""
        if literals is None:
            literals = [required_literals(p) for p in patterns]
        self._open = any(lits is None for lits in literals)  # some expression must always run
        self._all = tuple(sorted({lit for lits in literals if lits is not None for lit in lits}))
        self._trie = _trie_pattern(self._all)
        self._memo: dict[str, frozenset[str]] = {}

    def present(self, text: str) -> frozenset[str] | None:
        """The literals that stand in ``text`` (empty: no expression can match); None when an
        expression has no known literal, so every expression must be tried."""
        if self._open:
            return None
        found = self._memo.get(text)
        if found is None:
            folded = fold(text)
            found = (
                frozenset(lit for lit in self._all if lit in folded)
                if self._trie.search(folded)
                else frozenset()
            )
            if len(self._memo) > 16:  # a sentence is asked about a few times in a row, then never
                self._memo.clear()
            self._memo[text] = found
        return found


def could_match(literals: frozenset[str] | None, present: frozenset[str] | None) -> bool:
    """Whether an expression with these required literals could match a text in which the
    ``present`` literals stand (None: not known, so it could)."""
    return literals is None or present is None or not literals.isdisjoint(present)


_UNREAD = re.compile("")  # placeholder: the gate of a Gated is read on its first use
# Up to this many literals, a gate tests each with ``in`` (no expression to compile at start-up);
# more, and one search of their prefix tree is cheaper.
_FEW = 16


def _gate(literals: frozenset[str] | None) -> re.Pattern[str] | tuple[str, ...] | None:
    if not literals:
        return None
    return tuple(sorted(literals)) if len(literals) <= _FEW else _trie_pattern(literals)


class Gated:
    """A compiled expression that first asks, with one fast search, whether its required text
    stands in the input at all. Used like the ``re.Pattern`` it wraps (search, match, finditer,
    findall; anything else is passed through unchanged).

    Built from source (:func:`gated`), it reads its required text on first use and compiles the
    expression only when a text first passes the gate: the lexicon of the other language, and
    phrases no sentence of a statement comes near, then cost nothing at start-up.
    """

    __slots__ = ("_source", "_flags", "_regex", "_trie")

    def __init__(self, regex: re.Pattern[str] | str, flags: int = 0) -> None:
        if isinstance(regex, re.Pattern):
            self._source, self._flags, self._regex = regex.pattern, regex.flags, regex
        else:
            self._source, self._flags, self._regex = regex, flags, None
        self._trie: re.Pattern[str] | tuple[str, ...] | None = _UNREAD

    @property
    def regex(self) -> re.Pattern[str]:
        """The expression itself (compiled on first use)."""
        if self._regex is None:
            self._regex = re.compile(self._source, self._flags)
        return self._regex

    def _possible(self, text: str) -> bool:
        gate = self._trie
        if gate is _UNREAD:
            # an invalid expression raises re.error here, from the parser re.compile would use
            gate = self._trie = _gate(literals_of(self._source, self._flags))
        if gate is None:
            return True
        folded = fold(text)
        if type(gate) is tuple:
            return any(literal in folded for literal in gate)
        return gate.search(folded) is not None

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.search(text, *args) if self._possible(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.regex.match(text, *args) if self._possible(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, *args) if self._possible(text) else iter(())

    def findall(self, text: str, *args: int) -> list:
        return self.regex.findall(text, *args) if self._possible(text) else []

    def __getattr__(self, name: str):  # pattern, flags, sub, split ...
        return getattr(self.regex, name)


def gated(pattern: str, flags: int = 0) -> Gated:
    """``re.compile(pattern, flags)`` behind its own gate, both made on first use."""
    return Gated(pattern, flags)
