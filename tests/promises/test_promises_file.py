"""Reading promises files: valid files load; a bad one names the field and the line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scanner.promises import Control, default_promise_set, load_promises_file
from scanner.util.yamlfile import InputError

VALID = """\
version: 1
promises:
  - id: tls
    control: transport-encryption
    params: {min_tls_version: "1.3"}
    quote: "TLS 1.3 only."
    source: {file: statement.txt, line: 4}
  - id: keep
    control: retention-limit
    params:
      max_days: 90
      applies_to: [logs]
  - id: eea
    control: data-residency
    params:
      allowed_area: EEA
      transfers:
        - {recipient: Google, country: US, mechanism: dpf}
    implied: true
"""


def write(tmp_path: Path, text: str, name: str = "promises.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_valid_file_loads_every_promise(tmp_path) -> None:
    ps = load_promises_file(write(tmp_path, VALID))
    assert [(p.id, p.control) for p in ps.promises] == [
        ("tls", Control.TRANSPORT_ENCRYPTION),
        ("keep", Control.RETENTION_LIMIT),
        ("eea", Control.DATA_RESIDENCY),
    ]
    assert ps.promises[0].param("min_tls_version") == "1.3"
    assert ps.promises[0].source == {"file": "statement.txt", "line": 4}
    assert ps.promises[1].param("max_days") == 90
    assert ps.promises[2].param("transfers") == [{"recipient": "Google", "country": "US", "mechanism": "dpf"}]
    assert ps.origin == "promises-file"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            VALID.replace('min_tls_version: "1.3"', 'min_tls_version: "1.5"'),
            "promises[0].params.min_tls_version (line 5): must be one of: 1.0,",
        ),
        (
            VALID.replace("max_days: 90", "max_days: -1"),
            "promises[1].params.max_days (line 11): must be at least 0",
        ),
        (
            VALID.replace("applies_to: [logs]", "applies_to: [cookies]"),
            "promises[1].params.applies_to[0] (line 12): must be one of: data,",
        ),
        (
            VALID.replace("country: US", "country: USA"),
            "promises[2].params.transfers[0].country (line 18): does not match the pattern",
        ),
        (
            VALID.replace("control: data-residency", "control: residency"),
            "promises[2].control (line 14): must be one of: transport-encryption,",
        ),
        (VALID.replace("version: 1", "version: 2"), "version (line 1): must be 1"),
        (
            VALID.replace("    implied: true", "    implied: true\n    colour: red"),
            "promises[2] (line 13): Additional properties are not allowed ('colour' was unexpected)",
        ),
    ],
)
def test_bad_field_is_named_with_its_line(tmp_path, text, message) -> None:
    with pytest.raises(InputError) as err:
        load_promises_file(write(tmp_path, text))
    assert message in str(err.value)


def test_broken_yaml_names_the_line(tmp_path) -> None:
    with pytest.raises(InputError, match=r"\(line 4\): not valid YAML"):
        load_promises_file(write(tmp_path, "version: 1\npromises:\n  - id: [unclosed\n"))


def test_missing_file_is_one_clear_error(tmp_path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_promises_file(tmp_path / "nope.yaml")


def test_duplicate_ids_are_refused(tmp_path) -> None:
    text = VALID.replace("id: keep", "id: tls")
    with pytest.raises(InputError, match="repeated: tls"):
        load_promises_file(write(tmp_path, text))


def test_changed_statement_is_warned_about(tmp_path) -> None:
    statement = write(tmp_path, "Wij bewaren niets.", "statement.txt")
    digest = hashlib.sha256(statement.read_bytes()).hexdigest()
    header = f"version: 1\nstatement: {{file: statement.txt, sha256: {digest}, language: nl}}\npromises: []\n"
    assert load_promises_file(write(tmp_path, header)).warnings == []
    statement.write_text("Wij bewaren alles.")
    warnings = load_promises_file(write(tmp_path, header)).warnings
    assert len(warnings) == 1 and "changed since" in warnings[0]


def test_default_set_covers_six_controls_and_says_so() -> None:
    ps = default_promise_set()
    assert {p.control for p in ps.promises} == set(Control) - {Control.LOGGING_MINIMISATION}
    assert all(p.implied and p.quote is None for p in ps.promises)
    assert "default promise set" in ps.warnings[0]
