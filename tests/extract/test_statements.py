"""Every statement in fixtures/statements/ gives exactly the promises its .expected.yaml lists.

The expected files were written by reading each statement by hand. A missing
promise, an extra promise, other parameters, another quote or line, or a merged
sentence that is not listed all fail. The ``must_not`` sentences are checked
twice: they are not quoted by any promise of the statement, and on their own
they give nothing but the implied residency promise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scanner.extract import extract_statement, extract_text
from scanner.extract.text import detect_format, sentences_of

DIR = Path(__file__).resolve().parents[2] / "fixtures" / "statements"
STATEMENTS = sorted(p for p in DIR.iterdir() if p.is_file() and not p.name.endswith(".expected.yaml"))
REAL = ["inforbusiness.nl.txt", "s-ip.nl.txt", "sentico.nl.txt", "sona-business.nl.txt", "symbis.nl.txt"]


def expected_path(statement: Path) -> Path:
    return statement.with_name(statement.name.rsplit(".", 1)[0] + ".expected.yaml")


def load_expected(statement: Path) -> dict:
    return yaml.safe_load(expected_path(statement).read_text(encoding="utf-8"))


def test_every_statement_has_an_expected_file_and_the_real_ones_are_there():
    names = [p.name for p in STATEMENTS]
    assert set(REAL) <= set(names)
    assert len(names) >= 8
    for statement in STATEMENTS:
        assert expected_path(statement).exists(), statement.name
    for expected in DIR.glob("*.expected.yaml"):
        assert any(expected_path(s) == expected for s in STATEMENTS), f"{expected.name} has no statement"


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda p: p.name)
def test_promises_are_exactly_the_expected_ones(statement: Path):
    expected = load_expected(statement)
    result = extract_statement(statement)
    assert result.origin == "statement"
    assert result.statement["language"] == expected["language"]
    assert result.statement["file"] == str(statement)
    got = [(p.id, p.control.value, p.params, p.implied) for p in result.promises]
    want = [(e["id"], e["control"], e["params"], e.get("implied", False)) for e in expected["promises"]]
    assert got == want
    for promise, exp in zip(result.promises, expected["promises"], strict=True):
        if exp.get("implied"):
            assert promise.quote is None and promise.source is None
            continue
        assert exp["quote"] in promise.quote, promise.id
        assert promise.source == {"file": str(statement), "line": exp["line"]}, promise.id
        assert [e["line"] for e in promise.evidence] == exp.get("also", []), promise.id


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda p: p.name)
def test_warnings(statement: Path):
    expected = load_expected(statement)
    warnings = extract_statement(statement).warnings
    if "warning" in expected:
        assert len(warnings) == 1 and expected["warning"] in warnings[0]
        assert statement.name in warnings[0]
    else:
        assert warnings == []


def _must_not_cases():
    for statement in STATEMENTS:
        for text in load_expected(statement).get("must_not", []):
            yield pytest.param(statement, text, id=f"{statement.name}: {text[:50]}")


@pytest.mark.parametrize(("statement", "fragment"), list(_must_not_cases()))
def test_must_not_sentences_make_no_promise(statement: Path, fragment: str):
    language = load_expected(statement)["language"]
    text = statement.read_text(encoding="utf-8")
    sentences = [s for s in sentences_of(text, detect_format(text, statement.name)) if fragment in s.text]
    assert sentences, f"{fragment!r} is not in any sentence of {statement.name}"
    promises = extract_statement(statement).promises
    for sentence in {s.text for s in sentences}:
        for promise in promises:
            quoted = [promise.quote or ""] + [e["quote"] for e in promise.evidence]
            assert sentence not in quoted, f"{promise.id} quotes a must-not sentence"
        alone = extract_text(sentence, language=language)
        assert [p.id for p in alone.promises] == ["data-residency-implied"]


def test_symbis_is_the_statement_for_the_webshop_acceptance_test():
    """The acceptance test scans the webshop Terraform against Symbis: these promises must be there."""
    result = extract_statement(DIR / "symbis.nl.txt")
    controls = {p.control.value for p in result.promises}
    assert {"transport-encryption", "access-restriction", "retention-limit", "data-residency"} <= controls
    (residency,) = [p for p in result.promises if p.control.value == "data-residency"]
    assert residency.params["allowed_area"] == "EEA"
    assert residency.params["transfers"] == [{"recipient": "Google", "country": "US", "mechanism": "dpa"}]
