"""The command: modes and usage errors, --state, formats, exit codes, no boto3 without --live."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.drift.conftest import APP, PROMISES, REPO, as_cloud, code_state, run_drift, save
from tests.drift.test_drift_compare import drifted, hand_made_bucket

APP_REL = APP.relative_to(REPO)
PROMISES_REL = PROMISES.relative_to(REPO)


@pytest.fixture
def drifted_state(tmp_path: Path) -> Path:
    cloud = as_cloud(code_state(), drifted)
    cloud.resources.append(hand_made_bucket())
    return save(cloud, tmp_path / "cloud.json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --iac DIR with --live or --state FILE, or --from OLD.json --to NEW.json"),
        (["--iac", "x"], "give exactly one cloud side: --live or --state FILE"),
        (
            ["--iac", "x", "--live", "--state", "s.json"],
            "give exactly one cloud side: --live or --state FILE",
        ),
        (["--from", "a.json"], "--from and --to go together: the old and the new scan"),
        (
            ["--iac", "x", "--from", "a", "--to", "b"],
            "give --iac with --live or --state, or --from with --to, not both",
        ),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    run = run_drift(*args)
    assert (run.exit_code, run.stderr) == (2, f"privacy-scan: error: {message}\n")


def test_state_mode_json(drifted_state: Path) -> None:
    run = run_drift("--iac", APP_REL, "--state", drifted_state, "--promises", PROMISES_REL, "-f", "json")
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert data["version"] == 1 and data["mode"] == "code-vs-cloud"
    assert [(d["status"], d["identity"], [c["attribute"] for c in d["changes"]]) for d in data["drift"]] == [
        ("changed", "/acme/app", ["retention_days"]),
        ("changed", "acme-customer-data", ["customer_managed_key", "kms_key_id"]),
        ("changed", "acme-exports", ["policy", "public_access_block"]),
        ("unmanaged", "acme-manual-upload", []),
        ("missing", "acme-customers", []),
        ("unmatched", None, []),
    ]
    assert data["summary"] == {
        "changed": 3,
        "unmanaged": 1,
        "missing": 1,
        "unmatched": 1,
        "touching_promises": 5,
    }
    fingerprints = [d["fingerprint"] for d in data["drift"]]
    assert len(set(fingerprints)) == len(fingerprints)
    again = json.loads(
        run_drift("--iac", APP_REL, "--state", drifted_state, "--promises", PROMISES_REL, "-f", "json").stdout
    )
    assert [d["fingerprint"] for d in again["drift"]] == fingerprints


def test_state_mode_table_and_verbose(drifted_state: Path) -> None:
    run = run_drift("--iac", APP_REL, "--state", drifted_state, "--promises", PROMISES_REL, "-v")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert any(
        line.split()[:6]
        == ["changed", "aws_cloudwatch_log_group", "/acme/app", "eu-west-1", "retention_days", "30"]
        and "logs-90" in line
        and "aws-logs-retention: pass→fail" in line
        for line in lines
    )
    assert any(line.startswith("missing    aws_db_instance acme-customers") for line in lines)
    # AWS's own verdict on a bucket policy is read live only: never listed as not compared.
    assert not any("policy_public" in line for line in lines)
    assert (
        lines[-1]
        == "summary: 3 changed, 1 unmanaged, 1 missing, 1 unmatched; 5 drift item(s) touch a promise"
    )


def test_default_promises_are_said(drifted_state: Path, tmp_path: Path) -> None:
    out = tmp_path / "drift.md"
    run = run_drift("--iac", APP_REL, "--state", drifted_state, "-f", "markdown", "-o", out)
    assert run.exit_code == 1 and run.stdout == ""
    assert "no --statement or --promises given" in run.stderr
    assert out.read_text().startswith("## Drift: code vs cloud\n")


def test_no_drift_exit_0_and_ignore(tmp_path: Path) -> None:
    state = save(as_cloud(code_state()), tmp_path / "same.json")
    run = run_drift(
        "--iac", APP_REL, "--state", state, "--promises", PROMISES_REL, "--ignore", "aws_s3_bucket.scratch"
    )
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1] == "summary: no drift; 0 drift item(s) touch a promise"


def test_a_saved_scan_result_is_not_a_cloud_state(tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    result.write_text(json.dumps({"version": 1, "findings": [], "promises": []}))
    run = run_drift("--iac", APP_REL, "--state", result)
    assert run.exit_code == 2
    assert "a saved scan result has no attributes to compare; give a saved state (--save-state)" in run.stderr


def test_boto3_is_not_imported_without_live(drifted_state: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from scanner.commands.drift_cmd import drift\n"
        f"r = CliRunner().invoke(drift, ['--iac', {str(APP_REL)!r}, '--state', {str(drifted_state)!r}])\n"
        "assert r.exit_code == 1, r.output\n"
        "print('boto3' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env={"PYTHONPATH": str(REPO)}
    )
    assert out.stdout.strip() == "False", out.stderr
