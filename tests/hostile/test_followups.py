"""Hostile inputs found while merging the hardening work: YAML bombs inside Terraform's yamldecode(),
and names no encoding can hold."""

from __future__ import annotations

import json

from scanner.findings import Finding
from tests.hostile.limits import assert_clean_exit, run_limited

BOMB = "\\n".join(
    ['a: &a [x,x,x,x,x,x,x,x,x]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
       f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(9)]
)  # fmt: skip


def test_yamldecode_alias_bomb_is_unknown_not_memory(tmp_path):
    (tmp_path / "main.tf").write_text(
        'provider "aws" { region = "eu-west-1" }\n'
        'locals { doc = yamldecode("' + BOMB + '") }\n'
        'resource "aws_cloudwatch_log_group" "bomb" {\n  name = "x"\n'
        "  retention_in_days = length(local.doc)\n}\n"
        'resource "aws_cloudwatch_log_group" "fine" {\n  name = "y"\n  retention_in_days = 30\n}\n'
    )
    result = run_limited(["iac", str(tmp_path), "--format", "json", "--no-cache"], cwd=tmp_path)
    assert_clean_exit(result)
    report = json.loads(result.stdout)
    by_resource = {(f["check_id"], f["resource"]): f for f in report["findings"]}
    bomb = by_resource[("aws-logs-retention", "aws_cloudwatch_log_group.bomb")]
    assert bomb["status"] == "unknown"
    assert "anchors and aliases" in bomb["message"]
    assert by_resource[("aws-logs-retention", "aws_cloudwatch_log_group.fine")]["status"] == "pass"


def test_fingerprint_of_a_name_with_a_lone_surrogate():
    finding = Finding(
        check_id="aws-s3-encrypted",
        control="encryption-at-rest",
        status="fail",
        severity="high",
        resource='aws_s3_bucket.b["\ud800"]',
        resource_type="aws_s3_bucket",
        file="main.tf",
        line=1,
        region="eu-west-1",
        message="m",
        promise_id="encryption-at-rest-1",
    )
    assert len(finding.fingerprint) == 32
