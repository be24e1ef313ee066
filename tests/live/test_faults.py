"""Partial results: a denied or throttled call makes exactly what it fills unknown, the rest goes on, exit 3."""

from __future__ import annotations

import json

import boto3
import pytest

from .conftest import run_cli
from .faults import inject, json_error, s3_error


def _bucket(name: str) -> None:
    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )


# The collectors these tests inject faults into and read; the others would only add calls.
SERVICES = "s3,logs"


def _scan(tmp_path, *extra: str) -> tuple[int, dict, dict]:
    state = tmp_path / "state.json"
    code, out, err = run_cli(
        "--regions", "eu-west-1", "--services", SERVICES, "--format", "json", "--save-state", str(state), *extra
    )  # fmt: skip
    assert out, err
    resources = {r["address"]: r for r in json.loads(state.read_text())["resources"]}
    return code, json.loads(out), resources


def test_access_denied_makes_exactly_its_attributes_unknown(aws, tmp_path, monkeypatch) -> None:
    _bucket("denied-policy")
    logs = boto3.client("logs", region_name="eu-west-1")
    logs.create_log_group(logGroupName="kept-30-days")
    logs.put_retention_policy(logGroupName="kept-30-days", retentionInDays=30)
    hits = inject(monkeypatch, {("s3", "GetBucketPolicy"): s3_error("AccessDenied", 403)})

    folder = _policy_check(tmp_path)
    code, report, resources = _scan(
        tmp_path, "--checks-dir", str(folder), "--promises", str(tmp_path / "p.yaml")
    )

    assert hits[("s3", "GetBucketPolicy")] == 1  # AccessDenied is not retried
    bucket = resources["arn:aws:s3:::denied-policy"]["attrs"]
    reason = "s3:GetBucketPolicy denied (AccessDenied): grant s3:GetBucketPolicy"
    assert bucket["policy"]["value"] == {"__unknown__": reason}
    unknown = [k for k, v in bucket.items() if isinstance(v["value"], dict) and "__unknown__" in v["value"]]
    assert unknown == ["policy"], unknown  # the other calls' attributes are known
    assert bucket["versioning"]["value"] is False
    assert any(reason in e["message"] for e in report["errors"])
    by_check = {(f["check_id"], f["resource"]): f for f in report["findings"]}
    finding = by_check[("live-test-bucket-policy-known", "arn:aws:s3:::denied-policy")]
    assert finding["status"] == "unknown" and reason in finding["message"]
    assert (
        by_check[("aws-logs-retention", "arn:aws:logs:eu-west-1:123456789012:log-group:kept-30-days")][
            "status"
        ]
        == "pass"
    )
    failing = [f for f in report["findings"] if f["status"] == "fail"]
    assert code == 3, failing  # incomplete, nothing failed


def test_a_denied_listing_makes_the_checks_unknown_naming_the_permission(aws, tmp_path, monkeypatch) -> None:
    inject(monkeypatch, {("logs", "DescribeLogGroups"): json_error("AccessDeniedException", 400)})
    code, report, resources = _scan(tmp_path)
    placeholder = "arn:aws:logs:eu-west-1:123456789012:log-group:*"
    assert placeholder in resources
    findings = [f for f in report["findings"] if f["resource"] == placeholder]
    unknown = findings  # a wildcard neither passes nor fails anything, residency included
    assert {f["check_id"] for f in findings} >= {"aws-logs-region", "aws-logs-retention"}
    assert {f["status"] for f in unknown} == {"unknown"}
    assert all("grant logs:DescribeLogGroups" in f["message"] for f in unknown)
    assert code == 3


def test_throttling_that_outlasts_the_retries_is_reported_and_the_rest_goes_on(
    aws, tmp_path, monkeypatch
) -> None:
    logs = boto3.client("logs", region_name="eu-west-1")
    logs.create_log_group(logGroupName="forever")
    _bucket("still-scanned")
    hits = inject(monkeypatch, {("logs", "DescribeLogGroups"): json_error("ThrottlingException", 400)})
    code, report, resources = _scan(tmp_path, "--max-attempts", "2", "--promises", str(_promises(tmp_path)))
    assert hits[("logs", "DescribeLogGroups")] == 2  # botocore retried up to the ceiling
    assert "arn:aws:s3:::still-scanned" in resources
    assert any("logs:DescribeLogGroups throttled" in e["message"] for e in report["errors"])
    assert code == 3


def test_a_failing_finding_still_wins_over_incompleteness(aws, tmp_path, monkeypatch) -> None:
    logs = boto3.client("logs", region_name="eu-west-1")
    logs.create_log_group(logGroupName="forever")
    inject(monkeypatch, {("s3", "ListBuckets"): s3_error("AccessDenied", 403)})
    code, report, _ = _scan(tmp_path)
    assert report["errors"]
    assert code == 1


def test_without_credentials_one_line_and_exit_2(aws, monkeypatch) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    code, _, err = run_cli("--regions", "eu-west-1")
    assert code == 2
    assert "no usable AWS credentials" in err and "Traceback" not in err


def test_without_a_region_a_clear_usage_error(aws, monkeypatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    code, _, err = run_cli()
    assert code == 2 and "--regions" in err


@pytest.mark.parametrize("regions", ["eu-west-1,mars-1", "EU"])
def test_bad_region_codes_are_usage_errors(aws, regions) -> None:
    code, _, err = run_cli("--regions", regions)
    assert code == 2 and "not an AWS region code" in err


def _policy_check(tmp_path):
    """A check that reads the bucket policy, so the denied attribute shows in a finding."""
    folder = tmp_path / "checks"
    folder.mkdir()
    _promises(tmp_path)
    (folder / "live-test-bucket-policy-known.yaml").write_text(
        """id: live-test-bucket-policy-known
control: retention-limit
retention_category: administration
title: Bucket has no policy (a test check reading one attribute)
severity: low
rationale: Exercise an attribute filled by one denied call.
remediation: Nothing; this is a test.
kinds: [object_store]
condition: {attr: policy, is: null}
"""
    )
    return folder


def _promises(tmp_path):
    """Promises no default bucket breaks, so an exit code 1 can only come from a real failure."""
    path = tmp_path / "p.yaml"
    path.write_text(
        """version: 1
promises:
  - {id: admin, control: retention-limit, params: {max_days: 30, applies_to: [administration]}}
  - {id: logs, control: retention-limit, params: {max_days: 90, applies_to: [logs]}}
"""
    )
    return path
