"""Control characters in the scanned code never reach a line the command line prints itself: a newline
in an HCL string cannot start a ``::error file=…::`` workflow command, and ESC/BEL never reach the
terminal (issue 13, item 5 of "Leaks and writes")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ci.helpers import run_cli

# HCL escapes: a newline, then a GitHub workflow command; ESC and BEL set the terminal title.
HOSTILE = r"\n::error file=main.tf::pwned\u001b]0;owned\u0007\u001b[2J"
MAIN_TF = f"""module "x" {{
  source = "./nowhere{HOSTILE}"
}}

resource "aws_cloudwatch_log_group" "g" {{
  name              = "logs"
  retention_in_days = "7{HOSTILE}"
}}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(MAIN_TF)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_safe(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line
    for char in "\x1b\x07\r":
        assert char not in text, repr(text)


def test_hook_output_and_warnings_are_cleaned(repo, monkeypatch, capsys) -> None:
    r = run_cli(
        ["--no-config", "hook", "infra/main.tf", "--no-cache", "--fail-on", "unknown"], monkeypatch, capsys
    )
    assert r.code == 1
    assert_safe(r.out + r.err)
    warning = [line for line in r.out.splitlines() if line.startswith("warning: module x")]
    assert warning == [
        r"warning: module x (source ./nowhere ::error file=main.tf::pwned\x1b]0;owned\x07\x1b[2J) is not on disk; "
        "run terraform init; its resources are not scanned"
    ]
    retention = [line for line in r.out.splitlines() if "aws-logs-retention" in line]
    assert len(retention) == 1 and r"::pwned\x1b]0;owned\x07" in retention[0]


def test_warning_lines_on_stderr_are_cleaned(repo, monkeypatch, capsys) -> None:
    r = run_cli(["--no-config", "iac", "infra", "--no-cache", "-f", "json"], monkeypatch, capsys)
    assert r.code in (0, 3)
    assert_safe(r.err)
    assert any(line.startswith("warning: module x (source ./nowhere ::error") for line in r.err.splitlines())
    # the Terraform source cleans the text it quotes once, where the warning is made: the JSON holds
    # the visible escape, never the raw control character
    assert "\\x1b]0;owned" in "".join(r.json()["warnings"])
    assert "\x1b" not in "".join(r.json()["warnings"])


def test_an_input_error_quoting_the_code_is_cleaned(repo, monkeypatch, capsys) -> None:
    path = repo / "infra" / "main.tf"
    path.write_text(
        'resource "aws_cloudwatch_log_group" "g" {\n'
        '  # privacy-scan:ignore aws-logs-retention reason="x" expires=\x1b]0;owned\x07\n'
        "  retention_in_days = 0\n}\n"
    )
    r = run_cli(["--no-config", "iac", "infra", "--no-cache"], monkeypatch, capsys)
    assert r.code == 2
    assert_safe(r.err)
    assert len(r.err.strip().splitlines()) == 1 and "malformed suppression" in r.err


def test_drift_table_and_markdown_are_cleaned(repo, monkeypatch, capsys) -> None:
    finding = {
        "check_id": "aws-logs-retention",
        "control": "retention-limit",
        "status": "fail",
        "severity": "medium",
        "resource": "aws_cloudwatch_log_group.g\n::error file=x::pwned\x1b[2J",
        "resource_type": "aws_cloudwatch_log_group",
        "message": "m\x07",
        "promise_id": "p<img src=x>",
    }
    (repo / "old.json").write_text(json.dumps({"version": 1, "promises": [], "findings": []}))
    (repo / "new.json").write_text(json.dumps({"version": 1, "promises": [], "findings": [finding]}))
    for fmt in ("table", "markdown"):
        r = run_cli(
            ["--no-config", "drift", "--from", "old.json", "--to", "new.json", "-f", fmt], monkeypatch, capsys
        )
        assert r.code == 1
        assert_safe(r.out + r.err)
        if fmt == "markdown":
            assert "<img" not in r.out and "p&lt;img src=x&gt;" in r.out
