"""Sensitive values are never printed (issue 13, item 2).

A variable declared ``sensitive = true``, a ``sensitive(...)`` call, anything computed from
either, and what a plan lists in ``sensitive_values`` reach findings as ``(sensitive value)``.
"""

from __future__ import annotations

import json
from pathlib import Path

from scanner.state.value import SENSITIVE_TEXT, Value, is_sensitive, mark_sensitive, shown
from tests.hostile.limits import assert_clean_exit, run_limited

SECRET_DAYS = 7919  # a retention that breaks every promise, distinctive enough to search for
SECRET_TEXT = "hunter2-SECRET"

MAIN_TF = f"""
provider "aws" {{
  region = "eu-west-1"
}}
variable "days" {{
  type      = number
  sensitive = true
}}
variable "label" {{
  type      = string
  sensitive = true
  default   = "{SECRET_TEXT}"
}}
resource "aws_cloudwatch_log_group" "by_var" {{
  name              = "a"
  retention_in_days = var.days
}}
resource "aws_cloudwatch_log_group" "by_call" {{
  name              = "b"
  retention_in_days = sensitive({SECRET_DAYS + 1})
}}
resource "aws_cloudwatch_log_group" "derived" {{
  name              = "c"
  retention_in_days = var.days * 2
}}
resource "aws_cloudwatch_log_group" "text" {{
  name              = "d"
  retention_in_days = "${{var.label}}-x"
}}
resource "aws_cloudwatch_log_group" "plain" {{
  name              = "e"
  retention_in_days = 4001
}}
"""


def _scan(repo: Path, *args: str) -> dict:
    result = run_limited(["iac", str(repo), "--format", "json", "--no-cache", *args], cwd=repo)
    assert_clean_exit(result)
    assert str(SECRET_DAYS) not in result.stderr and SECRET_TEXT not in result.stderr
    return json.loads(result.stdout)


def _messages(data: dict) -> dict[str, str]:
    return {f["resource"]: f["message"] for f in data["findings"] if f["check_id"] == "aws-logs-retention"}


def test_sensitive_variables_and_calls_are_not_printed(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "main.tf").write_text(MAIN_TF)
    (repo / "terraform.tfvars").write_text(f"days = {SECRET_DAYS}\n")
    data = _scan(repo)
    text = json.dumps(data)
    for secret in (str(SECRET_DAYS), str(SECRET_DAYS + 1), str(SECRET_DAYS * 2), SECRET_TEXT):
        assert secret not in text, secret
    messages = _messages(data)
    for name in ("by_var", "by_call", "derived"):
        assert f"retention_days = {SENSITIVE_TEXT}" in messages[f"aws_cloudwatch_log_group.{name}"]
    assert f"retention_in_days {SENSITIVE_TEXT} is not a number" in messages["aws_cloudwatch_log_group.text"]
    # Values that are not sensitive are still shown, so the user can act on them.
    assert "retention_days = 4001" in messages["aws_cloudwatch_log_group.plain"]
    # The table and the hook outputs say the same.
    table = run_limited(["iac", str(repo), "--no-cache"], cwd=repo)
    assert_clean_exit(table)
    assert str(SECRET_DAYS) not in table.stdout and SECRET_TEXT not in table.stdout
    assert SENSITIVE_TEXT in table.stdout


def test_plan_sensitive_values_are_not_printed(tmp_path):
    plan = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": f"aws_cloudwatch_log_group.{name}",
                        "mode": "managed",
                        "type": "aws_cloudwatch_log_group",
                        "name": name,
                        "values": {"name": name, "retention_in_days": days},
                        "sensitive_values": {"retention_in_days": secret},
                    }
                    for name, days, secret in (("hidden", SECRET_DAYS, True), ("shown", 4001, False))
                ]
            }
        },
        "configuration": {
            "provider_config": {
                "aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}
            }
        },
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    result = run_limited(["iac", str(path), "--format", "json", "--no-cache"], cwd=tmp_path)
    assert_clean_exit(result)
    assert str(SECRET_DAYS) not in result.stdout
    messages = _messages(json.loads(result.stdout))
    assert f"retention_days = {SENSITIVE_TEXT}" in messages["aws_cloudwatch_log_group.hidden"]
    assert "retention_days = 4001" in messages["aws_cloudwatch_log_group.shown"]


def test_the_mark_survives_a_saved_state_and_is_hidden_when_shown():
    value = Value(mark_sensitive({"a": ["x-secret", 5]}))
    assert value.sensitive and is_sensitive(value.raw["a"][0])
    again = Value.from_dict(json.loads(json.dumps(value.to_dict())))
    assert again.sensitive and again.raw == {"a": ["x-secret", 5]}
    assert Value.from_dict({"value": True, "sensitive": True}).sensitive  # a bool cannot carry the mark
    assert shown(value.raw) == SENSITIVE_TEXT
    assert shown("ok\nline", quote=True) == "'ok\\nline'"
    assert shown("a\x1b[2Jb") == "a\\x1b[2Jb"
