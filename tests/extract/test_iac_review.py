"""What `iac --statement` tells the reviewer about the statement: how many sentences were not
understood, and which parameters were inferred rather than stated (in every report format)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import cli
from scanner.extract import extract_statement

ROOT = Path(__file__).resolve().parents[2]
WEBSHOP = str(ROOT / "fixtures" / "terraform" / "webshop")
SYMBIS = ROOT / "fixtures" / "statements" / "symbis.nl.txt"
ALLOWED_AREA_WHY = "the statement names no area where data is stored"


def _iac(tmp_path: Path, *args: str):
    runner = CliRunner()
    return runner.invoke(cli, ["iac", WEBSHOP, *args], env={"PRIVACY_SCAN_CACHE_DIR": str(tmp_path / "c")})


def test_iac_with_a_statement_counts_the_possible_promises_not_understood(tmp_path):
    expected = len(extract_statement(SYMBIS).candidates)
    assert expected > 0  # the fixture has sentences about a control that gave no promise
    result = _iac(tmp_path, "--statement", str(SYMBIS), "--format", "json")
    assert result.exit_code == 1, result.stderr
    line = (
        f"privacy-scan: {expected} possible promises not understood in the statement; "
        "run privacy-scan extract --explain to review them"
    )
    assert line in result.stderr.splitlines()
    assert "not understood" not in result.stdout  # the report itself stays machine-readable


def test_iac_with_a_reviewed_promises_file_prints_no_such_count(tmp_path):
    promises = tmp_path / "promises.yaml"
    assert CliRunner().invoke(cli, ["extract", str(SYMBIS), "-o", str(promises)]).exit_code == 0
    result = _iac(tmp_path, "--promises", str(promises), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert "not understood" not in result.stderr


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("table", "implied allowed_area: not stated;"),
        ("markdown", "_implied `allowed_area`: not stated;"),
        ("html", "<code>allowed_area</code>: not stated; inferred because"),
    ],
)
def test_formats_show_an_inferred_parameter_and_what_it_was_inferred_from(tmp_path, fmt, marker):
    residency = next(p for p in extract_statement(SYMBIS).promises if p.control.value == "data-residency")
    assert not residency.implied and "allowed_area" in residency.implied_params
    out = tmp_path / f"report.{fmt}"
    result = _iac(tmp_path, "--statement", str(SYMBIS), "--format", fmt, "-o", str(out))
    assert result.exit_code == 1, result.stderr
    text = " ".join(out.read_text(encoding="utf-8").split())  # the table wraps long lines
    at = text.index(marker)
    assert ALLOWED_AREA_WHY in text[at : at + 200]
