"""The promises file the extractor writes loads back unchanged; the JSON follows the contract; the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scanner.commands.extract_cmd import extract
from scanner.extract import extract_statement, extract_text, render_promises_json, render_promises_yaml
from scanner.promises import load_promises_file

DIR = Path(__file__).resolve().parents[2] / "fixtures" / "statements"
STATEMENTS = sorted(p for p in DIR.iterdir() if p.is_file() and not p.name.endswith(".expected.yaml"))


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda p: p.name)
def test_yaml_loads_back_to_the_same_promises(statement: Path, tmp_path: Path):
    result = extract_statement(statement)
    out = tmp_path / "promises.yaml"
    out.write_text(render_promises_yaml(result), encoding="utf-8")
    loaded = load_promises_file(out)
    assert [p.to_dict() for p in loaded.promises] == [p.to_dict() for p in result.promises]
    assert loaded.statement == result.statement
    # the statement named by absolute path is found and unchanged: no drift warning
    assert loaded.warnings == []


def test_yaml_has_a_review_comment_with_the_quote_for_each_promise():
    result = extract_statement(DIR / "sona-business.nl.txt")
    text = render_promises_yaml(result)
    assert text.count("# Review: line ") == sum(1 for p in result.promises if not p.implied)
    assert (
        '# Review: line 43: "Met uitzondering van het gebruik van cookies, loggen we niet automatisch' in text
    )
    unwrapped = text.replace("\n  # ", " ")
    assert (
        "discloses transfers outside the EEA (to gelieerde ondernemingen, partners) without naming a country (line 25)"
        in unwrapped
    )
    assert "- id: data-residency-1" in text


def test_yaml_marks_implied_promises_and_carries_the_no_promise_warning():
    text = render_promises_yaml(extract_statement(DIR / "no-promise.en.txt"))
    assert "# Review: implied promise, not a quote from the statement." in text
    assert "# Warning: no promise recognised in" in text
    data = yaml.safe_load(text)
    assert data["promises"] == [
        {
            "id": "data-residency-implied",
            "control": "data-residency",
            "params": {"allowed_area": "EEA", "transfers": []},
            "quote": None,
            "source": None,
            "implied": True,
            "implied_from": "the statement discloses no transfer outside the EEA, so data must stay in the EEA "
            "(GDPR Art. 13(1)(f) requires transfers to be disclosed)",
        }
    ]


def test_yaml_survives_quotes_with_yaml_syntax(tmp_path: Path):
    text = 'Logs: "kept" for 90 days # not a comment; - [x] {y}.'
    result = extract_text(text, file="odd.txt", language="en")
    out = tmp_path / "p.yaml"
    out.write_text(render_promises_yaml(result), encoding="utf-8")
    loaded = load_promises_file(out)
    assert loaded.promises[0].quote == text
    assert loaded.promises[0].params == {"max_days": 90, "applies_to": ["logs"]}


def test_json_follows_the_contract():
    result = extract_statement(DIR / "sentico.nl.txt")
    data = json.loads(render_promises_json(result))
    assert set(data) == {"statement", "promises", "candidates"}
    assert data["statement"]["language"] == "nl" and len(data["statement"]["sha256"]) == 64
    retention = [p for p in data["promises"] if p["control"] == "retention-limit"]
    assert retention[1] == {
        "id": "retention-limit-2",
        "control": "retention-limit",
        "params": {"max_days": 3650, "applies_to": ["administration"]},
        "quote": retention[1]["quote"],
        "source": {"file": str(DIR / "sentico.nl.txt"), "line": 59},
        "implied": False,
        # the review comments of the YAML file, for a reader of JSON
        "notes": [
            "'7 of 10 jaar' read as 3650 days (a month is 30 days, a year 365; a range counts as its end)"
        ],
    }
    assert "7 of 10 jaar" in retention[1]["quote"]


def test_command_prints_yaml_by_default():
    result = CliRunner().invoke(extract, [str(DIR / "symbis.nl.txt")])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["version"] == 1
    assert [p["id"] for p in data["promises"]] == [
        "access-restriction-1",
        "transport-encryption-1",
        "retention-limit-1",
        "retention-limit-2",
        "data-residency-1",
    ]


def test_command_json_to_file(tmp_path: Path):
    out = tmp_path / "promises.json"
    result = CliRunner().invoke(
        extract, [str(DIR / "acme-saas.en.md"), "--format", "json", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["statement"]["language"] == "en"
    # the review file lists every promising sentence, so it holds more than the 13 merged promises
    merged = extract_statement(DIR / "acme-saas.en.md")
    assert len(merged.promises) == 13
    per_sentence = extract_statement(DIR / "acme-saas.en.md", per_sentence=True)
    assert len(data["promises"]) == len(per_sentence.promises) > len(merged.promises)
    assert f"wrote {len(per_sentence.promises)} promises to" in result.stderr
    keys = [(p["control"], p["source"]["line"], json.dumps(p["params"])) for p in data["promises"]]
    assert len(keys) == len(set(keys))  # one promise per sentence, control and parameters


def test_command_warns_on_stderr_when_nothing_is_promised():
    result = CliRunner().invoke(extract, [str(DIR / "no-promise.en.txt"), "-f", "json"])
    assert result.exit_code == 0
    assert "warning: no promise recognised" in result.stderr
    assert json.loads(result.stdout)["promises"][0]["implied"] is True


def test_command_bad_input_raises_input_error(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(extract, [str(empty)])
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "InputError"
    assert str(result.exception) == f"statement {empty} is empty"


def test_command_rejects_unknown_format():
    result = CliRunner().invoke(extract, [str(DIR / "symbis.nl.txt"), "--format", "xml"])
    assert result.exit_code == 2


def test_explain_names_the_rule_and_candidates_are_listed_for_review(tmp_path: Path):
    path = tmp_path / "notice.txt"
    path.write_text(
        "Our databases use Transparent Data Encryption.\n\n"
        "We think about encryption a lot.\n\n"
        "We use Stripe for card payments.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(extract, [str(path), "--format", "json", "--explain"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rules = {p["control"]: p["rule"] for p in data["promises"]}
    assert rules["encryption-at-rest"] == "vocabulary:encryption-at-rest/transparent-data-encryption"
    assert rules["data-residency"] == "residency:disclosed-transfer"
    residency = next(p for p in data["promises"] if p["control"] == "data-residency")
    assert residency["implied"] is False and "allowed_area" in residency["implied_params"]
    assert {"line": 3, "control": "transport-encryption", "quote": "We think about encryption a lot.",
            "why": "no promise wording recognised"} in data["candidates"]  # fmt: skip
    yaml_text = CliRunner().invoke(extract, [str(path), "--explain"]).stdout
    assert "# Explain: produced by vocabulary:encryption-at-rest/transparent-data-encryption" in yaml_text
    assert "# Implied parameter allowed_area: not stated" in yaml_text
    assert "# Possible promises not understood" in yaml_text
    assert (
        '# line 3 (encryption-at-rest; no promise wording recognised): "We think about encryption a lot."'
        in yaml_text
    )
    assert yaml.safe_load(yaml_text)["promises"]  # the comments keep the file loadable
