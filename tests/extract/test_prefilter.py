"""The prefilter only saves work: a gated expression finds exactly what the expression finds."""

from __future__ import annotations

import re

import pytest

from scanner.extract.patterns_en import EN
from scanner.extract.patterns_nl import NL
from scanner.extract.prefilter import Gate, Gated, alternation, could_match, fold, gated, required_literals
from scanner.extract.vocabulary import vocabulary
from tests.extract.test_vocabulary import SIMPLE

CONTROLS = SIMPLE  # the controls whose vocabulary has entries

# Sentences written for this test: ordinary statement prose, odd casing, and the letters that
# Python's case-insensitive matching equates with ASCII ones (dotless and dotted i, long s).
SENTENCES = [
    "Only the billing team has access to invoices; backups are encrypted at rest with AES-256.",
    "WIJ BEWAREN UW GEGEVENS NIET LANGER DAN NODIG EN VERWIJDEREN ZE NA ZES MAANDEN.",
    "Server logs are kept for 30 days and IP addresses are anonymised before storage.",
    "Our team responds within two weeks to every question about your account.",
    "De gegevens worden versleuteld opgeslagen in een datacenter in Amsterdam.",
    "We never track which pages you visit, and we do not log your IP address.",
    "All connections use TLS 1.3; SFTP is used for file exchange with partners.",
    "Access is restr\u0131cted to two engineers (dotless i).",
    "Acce\u017f\u017f is logged (long s) and ENCRYPTED AT RE\u017fT.",
    "\u0130P addresses are truncated (dotted capital I).",
    "",
]


def _patterns():
    for control in CONTROLS:
        vocab = vocabulary(control)
        for entry in (*vocab.entries, *vocab.not_promises):
            for pattern in entry.patterns:
                yield pytest.param(pattern, id=f"{entry.name}:{pattern.pattern[:30]}")


def _texts(extra: tuple[str, ...] = ()) -> list[str]:
    return [*SENTENCES, *extra, *(s.upper() for s in extra)]


@pytest.mark.parametrize("control", CONTROLS)
def test_vocabulary_gate_never_hides_a_match(control: str):
    """For every pattern of a control and every sentence (the entries' own examples included),
    a pattern the gate rules out does not match."""
    vocab = vocabulary(control)
    examples = tuple(
        s for e in (*vocab.entries, *vocab.not_promises) for s in (*e.examples, *e.counter_examples)
    )
    assert vocab.gate is not None
    for text in _texts(examples):
        present = vocab.gate.present(text)
        for entry in (*vocab.entries, *vocab.not_promises):
            for pattern, literals in zip(entry.patterns, entry.literals, strict=True):
                if pattern.search(text):
                    assert could_match(literals, present), (entry.name, pattern.pattern, text)


@pytest.mark.parametrize("lexicon", [EN, NL], ids=["en", "nl"])
def test_lexicon_gated_patterns_find_what_the_expression_finds(lexicon):
    examples = tuple(s for c in CONTROLS for e in vocabulary(c).entries for s in e.examples)
    for name, value in vars(lexicon).items():
        patterns = [value] if isinstance(value, Gated) else []
        if isinstance(value, tuple):
            patterns = [p for item in value for p in item if isinstance(p, Gated)]
        for expression in patterns:
            for text in _texts(examples):
                raw = expression.regex.search(text)
                got = expression.search(text)
                assert (raw.span() if raw else None) == (got.span() if got else None), (name, text)
                assert [m.span() for m in expression.finditer(text)] == [
                    m.span() for m in expression.regex.finditer(text)
                ]


def test_required_literals_are_read_from_the_syntax():
    assert required_literals(re.compile(r"\bonly\s+authori[sz]ed\b", re.I)) == {"authori"}
    assert required_literals(re.compile(r"\b(?:encrypt\w*|versleutel\w*)\b", re.I)) == {
        "encrypt",
        "versleutel",
    }
    # an optional branch means nothing is required: the pattern is always tried
    assert required_literals(re.compile(r"(?:audit)?\s*\d+")) is None
    assert required_literals(re.compile(r"[a-z]+\d")) is None
    # a non-ASCII letter ends a literal run (its case variants are not all folded by str.lower)
    assert required_literals(re.compile(r"\bgeïnformeerd\b", re.I)) == {"nformeerd"}
    # case is folded the way re.IGNORECASE folds it
    assert fold("\u0130P LOG\u017f") == "ip logs"


def test_gate_without_any_pattern_literal_tries_everything():
    gate = Gate([re.compile(r"\d+\s*days"), re.compile(r"\w+")])
    assert gate.present("nothing here") is None
    gate = Gate([re.compile(r"\d+\s*days"), re.compile(r"\bweken\b")])
    assert gate.present("zes weken") == {"weken"}
    assert gate.present("a sentence about something else") == frozenset()


@pytest.mark.parametrize(
    "words",
    [
        ["eu", "eea", "europe", "european union", "eer"],
        ["us", "u.s.", "u.s.a.", "usa", "united states", "united kingdom"],
        ["a", "ab", "abc", "b", "bc"],
    ],
)
def test_alternation_is_the_longest_first_alternation(words: list[str]):
    tree = re.compile(r"(?<![\w-])(" + alternation(words) + r")(?![\w-])", re.I)
    flat = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w-])",
        re.I,
    )
    texts = [
        "Data stays in the EU, the EEA and the European Union; Europe-wide.",
        "Stored in the U.S.A. or the US or the United Kingdom, not the usa-west zone.",
        "a ab abc abcd b bc bcd ABC",
    ]
    for text in texts:
        assert [m.group(1) for m in tree.finditer(text)] == [m.group(1) for m in flat.finditer(text)], text


def test_gated_from_source_compiles_only_when_a_text_passes_its_gate():
    expression = gated(r"\bonly\s+authori[sz]ed\b", re.I)
    assert expression.search("Our team responds within two weeks.") is None
    assert expression.findall("nothing here") == []
    assert expression._regex is None  # the gate alone answered
    found = expression.search("Only authorised staff; ONLY AUTHORIZED staff")
    assert found is not None and found.group(0) == "Only authorised"
    assert expression.regex.flags & re.I and expression.pattern == r"\bonly\s+authori[sz]ed\b"
    assert [m.group(0) for m in expression.finditer("only authorized, only authorised")] == [
        "only authorized",
        "only authorised",
    ]
    with pytest.raises(re.error):
        gated(r"(unclosed only", re.I).search("only")
