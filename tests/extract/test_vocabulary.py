"""Every vocabulary entry proves itself: its examples give its control, its counter-examples do not.

The vocabulary (scanner/extract/vocabulary/*.yaml) is data a privacy officer may extend; this
test runs each entry's own example sentences through the whole extractor, so an entry that does
not do what it says, or that a stricter rule elsewhere silently overrides, fails here by name.
"""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from scanner.extract import extract_text
from scanner.extract.lemmas import lemma_text
from scanner.extract.vocabulary import Entry, separable_verbs, vocabulary
from scanner.promises.model import Control

SIMPLE = [
    "transport-encryption",
    "encryption-at-rest",
    "access-restriction",
    "activity-logging",
    "logging-minimisation",
    "retention-limit",
]


def _cases(kind: str):
    for control in SIMPLE:
        vocab = vocabulary(control)
        entries = vocab.entries if kind != "not" else vocab.not_promises
        for entry in entries:
            sentences = entry.examples if kind in ("example", "not") else entry.counter_examples
            for sentence in sentences:
                yield pytest.param(entry, sentence, id=f"{entry.name}: {sentence[:40]}")


def _language(entry: Entry, sentence: str) -> str:
    if entry.lang in ("nl", "en"):
        return entry.lang
    from scanner.extract.text import detect_language

    return detect_language(sentence)


def test_every_entry_has_two_examples_and_ids_are_unique():
    for control in SIMPLE:
        vocab = vocabulary(control)
        ids = [e.id for e in (*vocab.entries, *vocab.not_promises)]
        assert len(ids) == len(set(ids)), control
        for entry in (*vocab.entries, *vocab.not_promises):
            assert entry.patterns, entry.name
            assert len(entry.examples) >= 2, f"{entry.name} needs at least two example sentences"
            assert entry.lang in ("nl", "en", "any"), entry.name


@pytest.mark.parametrize(("entry", "sentence"), list(_cases("example")))
def test_example_gives_the_control(entry: Entry, sentence: str):
    result = extract_text(sentence, language=_language(entry, sentence))
    controls = {p.control.value for p in result.promises if not p.implied}
    assert entry.control in controls, f"{entry.name} does not recognise its own example"


@pytest.mark.parametrize(("entry", "sentence"), list(_cases("counter")))
def test_counter_example_does_not_give_the_control(entry: Entry, sentence: str):
    result = extract_text(sentence, language=_language(entry, sentence))
    assert entry.control not in {p.control.value for p in result.promises if not p.implied}


@pytest.mark.parametrize(("entry", "sentence"), list(_cases("not")))
def test_not_promise_wording_gives_no_promise_of_its_control(entry: Entry, sentence: str):
    result = extract_text(sentence, language=_language(entry, sentence))
    assert entry.control not in {p.control.value for p in result.promises if not p.implied}


def test_every_separable_verb_is_joined_in_its_example():
    text = (
        resources.files("scanner.extract.vocabulary")
        .joinpath("dutch-separable-verbs.yaml")
        .read_text("utf-8")
    )
    verbs = yaml.safe_load(text)["verbs"]
    assert len(verbs) >= 10
    for verb, sentence in verbs.items():
        assert verb in lemma_text(sentence, "nl", separable_verbs()).split(), verb


def test_residency_examples_name_a_processor_used():
    vocab = vocabulary(Control.DATA_RESIDENCY.value)
    for sentence in vocab.extra["examples"]:
        lang = "nl" if " wij " in f" {sentence.lower()} " else "en"
        result = extract_text(sentence, language=lang)
        residency = [p for p in result.promises if p.control == Control.DATA_RESIDENCY and not p.implied]
        assert residency and residency[0].quote == sentence
        assert "allowed_area" in residency[0].implied_params  # EEA inferred, not stated


def test_processor_in_a_negated_clause_is_no_transfer():
    result = extract_text("No customer data is ever sent to Stripe or any other US company.", language="en")
    # "not to the US" is an EEA promise of its own; Stripe is no recipient
    assert [p.params for p in result.promises] == [{"allowed_area": "EEA", "transfers": []}]
    assert not result.promises[0].implied_params
    result = extract_text("Wij delen geen gegevens met Mailchimp.", language="nl")
    assert [p.id for p in result.promises] == ["data-residency-implied"]
