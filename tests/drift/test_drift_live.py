"""Acceptance: the scenario of fixtures/drift/app built in moto through the AWS API, collected by the live
source, changed by hand (public bucket, dropped encryption, raised retention, hand-made bucket, deleted
database), and the exact drift report asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.drift import cloud
from tests.drift.conftest import APP, PROMISES, REPO, run_drift

APP_REL = str(APP.relative_to(REPO))
PROMISES_REL = str(PROMISES.relative_to(REPO))
LIVE = ["--iac", APP_REL, "--live", "--regions", "eu-west-1", "--promises", PROMISES_REL]
BLOCK_ALL = {"block_public_acls": True, "block_public_policy": True, "ignore_public_acls": True,
             "restrict_public_buckets": True}  # fmt: skip
SCRATCH_REASONS = [
    ("unmatched", "aws_s3_bucket", None,
     "identity unknown: its name is unknown: the name is generated from bucket_prefix 'acme-scratch-'"),
    ("unmatched", "aws_s3_bucket", cloud.SCRATCH,
     "may be aws_s3_bucket.scratch, whose name the code does not give (use --tfstate)"),
]  # fmt: skip


def drift_rows(data: dict) -> list[tuple]:
    """One row per changed attribute (with promises and verdicts that moved), or per one-sided resource."""
    out = []
    for d in data["drift"]:
        if d["changes"]:
            for c in d["changes"]:
                moved = [(e["check_id"], e["promise_id"], e["before"], e["after"]) for e in c["checks"]
                         if e["before"] != e["after"]]  # fmt: skip
                out.append((d["status"], d["resource_type"], d["identity"], c["attribute"], c["before"], c["after"],
                            c["promises"], moved))  # fmt: skip
        else:
            out.append((d["status"], d["resource_type"], d["identity"], d["promises"], d["failing_checks"]))
    return out


EXPECTED_DRIFT = [
    ("changed", "aws_cloudwatch_log_group", "/acme/app", "retention_days", 30, 365, ["logs-90"],
     [("aws-logs-retention", "logs-90", "pass", "fail")]),
    ("changed", "aws_s3_bucket", "acme-customer-data", "customer_managed_key", True, False, ["at-rest"], []),
    ("changed", "aws_s3_bucket", "acme-customer-data", "kms_key_id", "alias/acme-data", None, [], []),
    ("changed", "aws_s3_bucket", "acme-exports", "policy", None, cloud.PUBLIC_POLICY, ["need-to-know", "tls"],
     [("aws-s3-not-public", "need-to-know", "pass", "fail"),
      ("aws-s3-policy-principals", "need-to-know", "pass", "fail")]),
    ("changed", "aws_s3_bucket", "acme-exports", "public_access_block", BLOCK_ALL, None, ["need-to-know"],
     [("aws-s3-not-public", "need-to-know", "pass", "fail")]),
    ("unmanaged", "aws_s3_bucket", "acme-manual-upload", ["at-rest", "data-35", "eea", "need-to-know", "tls"],
     ["aws-s3-lifecycle-retention", "aws-s3-tls-enforced"]),
    ("missing", "aws_db_instance", "acme-customers", ["at-rest", "data-35", "eea", "need-to-know", "tls"], []),
]  # fmt: skip


def drift_by_hand() -> None:
    cloud.make_bucket_public()
    cloud.drop_encryption()
    cloud.raise_log_retention()
    cloud.add_bucket_by_hand()
    cloud.delete_database()


def tfstate(tmp_path: Path, ids: dict[str, str]) -> Path:
    """The terraform.tfstate an apply of fixtures/drift/app would leave (ids and ARNs only)."""

    def res(rtype: str, name: str, attrs: dict) -> dict:
        return {"mode": "managed", "type": rtype, "name": name, "instances": [{"attributes": attrs}]}

    state = {"version": 4, "terraform_version": "1.11.0", "resources": [
        res("aws_kms_key", "data", {"id": ids["key_id"], "arn": ids["key_arn"], "key_id": ids["key_id"]}),
        res("aws_s3_bucket", "customer_data", {"id": "acme-customer-data", "arn": "arn:aws:s3:::acme-customer-data",
                                               "bucket": "acme-customer-data"}),
        res("aws_s3_bucket", "exports", {"id": "acme-exports", "arn": "arn:aws:s3:::acme-exports", "bucket": "acme-exports"}),
        res("aws_s3_bucket", "scratch", {"id": cloud.SCRATCH, "arn": f"arn:aws:s3:::{cloud.SCRATCH}", "bucket": cloud.SCRATCH}),
        res("aws_cloudwatch_log_group", "app", {"id": "/acme/app", "name": "/acme/app",
                                                "arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/acme/app"}),
        res("aws_cloudwatch_log_group", "audit", {"id": "/acme/audit", "name": "/acme/audit",
                                                  "arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/acme/audit"}),
        res("aws_db_instance", "customers", {"id": "db-ABCDEFGHIJKLMNOP", "identifier": "acme-customers",
                                             "arn": "arn:aws:rds:eu-west-1:123456789012:db:acme-customers"}),
    ]}  # fmt: skip
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(state))
    return path


@pytest.fixture
def scenario(aws: str) -> dict[str, str]:
    return cloud.build()


SCENARIO_SERVICES = ("s3:", "logs:", "rds:", "kms:")


def incomplete_exit(data: dict) -> int:
    """0, or 3 when the live scan was incomplete: moto lacks some calls of services outside this scenario."""
    for error in data["errors"]:
        assert not any(s in error["message"] for s in SCENARIO_SERVICES), error
    return 3 if data["errors"] else 0


def test_applied_code_has_no_drift(scenario: dict[str, str], tmp_path: Path) -> None:
    run = run_drift(*LIVE, "-f", "json")
    data = json.loads(run.stdout)
    assert run.exit_code == incomplete_exit(data), run.stdout + run.stderr
    assert [
        (d["status"], d["resource_type"], d["identity"], d["reason"]) for d in data["drift"]
    ] == SCRATCH_REASONS
    # With the state file the generated name is known too: nothing left at all.
    run = run_drift(*LIVE, "--tfstate", tfstate(tmp_path, scenario), "-f", "json")
    data = json.loads(run.stdout)
    assert (run.exit_code, data["drift"]) == (incomplete_exit(data), [])


def test_drift_by_hand_is_reported_exactly(scenario: dict[str, str], tmp_path: Path) -> None:
    drift_by_hand()
    run = run_drift(*LIVE, "-f", "json")
    assert run.exit_code == 1, run.stderr
    data = json.loads(run.stdout)
    assert drift_rows(data) == EXPECTED_DRIFT + [(*r[:3], [], []) for r in SCRATCH_REASONS]
    assert data["summary"] == {
        "changed": 3,
        "unmanaged": 1,
        "missing": 1,
        "unmatched": 2,
        "touching_promises": 5,
    }
    with_tfstate = json.loads(run_drift(*LIVE, "--tfstate", tfstate(tmp_path, scenario), "-f", "json").stdout)
    assert drift_rows(with_tfstate) == EXPECTED_DRIFT
    missing = with_tfstate["drift"][-1]
    assert missing["reason"] == (
        "the state file records it as arn:aws:rds:eu-west-1:123456789012:db:acme-customers; no such resource in the cloud"
    )


def test_saved_live_state_gives_the_same_report(scenario: dict[str, str], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scanner.commands.live_cmd import live

    drift_by_hand()
    saved = tmp_path / "cloud-state.json"
    result = CliRunner().invoke(live, ["--regions", "eu-west-1", "--save-state", str(saved), "-f", "json"])
    assert saved.exists(), result.output
    from_state = run_drift("--iac", APP_REL, "--state", saved, "--promises", PROMISES_REL, "-f", "json")
    live_run = run_drift(*LIVE, "-f", "json")
    assert from_state.exit_code == live_run.exit_code == 1
    assert drift_rows(json.loads(from_state.stdout)) == drift_rows(json.loads(live_run.stdout))


MAIN_WITH_DRIFT = (
    "import sys, scanner.cli as c; from scanner.commands.drift_cmd import drift; "
    "c.cli.add_command(drift) if 'drift' not in c.cli.commands else None; sys.argv[0] = 'privacy-scan'; c.main()"
)


def test_as_a_user_runs_it_markdown_for_the_security_team(scenario: dict[str, str]) -> None:
    drift_by_hand()
    proc = subprocess.run(
        [sys.executable, "-c", MAIN_WITH_DRIFT, "drift", *LIVE, "--format", "markdown"],
        capture_output=True, text=True, cwd=REPO, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    text = proc.stdout
    assert text.startswith("## Drift: code vs cloud\n")
    assert "**Drift touches a promise.**" in text
    assert (
        "| changed | `aws_cloudwatch_log_group /acme/app` | eu-west-1 | retention_days | `30` | `365` | logs-90 "
        "| aws-logs-retention: pass→fail |" in text
    )
    assert "| missing | `aws_db_instance acme-customers` | eu-west-1 |" in text
    assert "| unmanaged | `aws_s3_bucket acme-manual-upload` | eu-west-1 |" in text
    # A bad live scope is one line and exit 2, as for `privacy-scan live`:
    proc = subprocess.run(
        [sys.executable, "-c", MAIN_WITH_DRIFT, "drift", "--iac", APP_REL, "--live", "--regions", "nowhere"],
        capture_output=True, text=True, cwd=REPO, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("privacy-scan: error: --regions: nowhere is not an AWS region code")
