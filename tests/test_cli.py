"""The command line as a user meets it: real processes, exit codes, one-line errors, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEBSHOP = "fixtures/terraform/webshop"
SYMBIS = "fixtures/statements/symbis.nl.txt"


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "scanner", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


@pytest.fixture(scope="module")
def webshop_symbis(tmp_path_factory) -> dict:
    cache = tmp_path_factory.mktemp("cache")
    proc = run(
        "iac", WEBSHOP, "--statement", SYMBIS, "--format", "json", env={"PRIVACY_SCAN_CACHE_DIR": str(cache)}
    )
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_webshop_against_symbis_reports_broken_promises_with_symbis_sentences(webshop_symbis) -> None:
    promises = {p["id"]: p for p in webshop_symbis["promises"]}
    failing = {(f["check_id"], f["resource"]) for f in webshop_symbis["findings"] if f["status"] == "fail"}
    # The database port opened to the world breaks "onbevoegden geen toegang".
    assert ("aws-sg-no-world-ingress", "aws_security_group.db") in failing
    # The admin listener on plain HTTP breaks the SSL promise; the redirecting one does not.
    assert ("aws-lb-listener-transport", "aws_lb_listener.admin") in failing
    assert ("aws-lb-listener-transport", "aws_lb_listener.http") not in failing
    # A log group that never expires breaks "niet langer dan noodzakelijk".
    assert ("aws-logs-retention", "aws_cloudwatch_log_group.checkout_debug") in failing
    # The replica in us-east-1 is not covered by the statement's transfer to Google.
    assert ("aws-s3-residency", "aws_s3_bucket.invoices") in failing
    by_promise = {f["promise_id"] for f in webshop_symbis["findings"] if f["status"] == "fail"}
    for pid in by_promise:
        promise = promises[pid]
        assert promise["quote"] and promise["source"]["file"].endswith("symbis.nl.txt"), promise
    tls = next(p for p in webshop_symbis["promises"] if p["control"] == "transport-encryption")
    assert "Secure Sockets Layer" in tls["quote"] and tls["source"]["line"] == 54


def test_findings_follow_the_json_contract(webshop_symbis) -> None:
    assert webshop_symbis["version"] == 1
    keys = {"check_id", "control", "status", "severity", "resource", "resource_type", "file", "line", "region",
            "message", "promise_id"}  # fmt: skip
    for f in webshop_symbis["findings"]:
        assert keys <= set(f)
        assert f["status"] in ("pass", "fail", "unknown")
    s = webshop_symbis["summary"]
    assert s["fail"] == sum(f["status"] == "fail" for f in webshop_symbis["findings"])


def test_table_shows_quote_and_location() -> None:
    proc = run("iac", WEBSHOP, "--statement", SYMBIS)
    assert proc.returncode == 1
    assert "[BROKEN] transport-encryption" in proc.stdout
    assert "(fixtures/statements/symbis.nl.txt:54)" in proc.stdout
    assert "aws_lb_listener.admin" in proc.stdout and "fixtures/terraform/webshop/alb.tf:49" in proc.stdout


def test_default_promises_are_announced() -> None:
    proc = run("iac", WEBSHOP, "--format", "json")
    assert "default promise set" in proc.stderr
    assert json.loads(proc.stdout)["promise_origin"] == "default"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["iac", "does/not/exist"], "does/not/exist: no such file or directory"),
        (["iac", "fixtures/statements"], "no Terraform"),
        (["iac", WEBSHOP, "--promises", "nope.yaml"], "promises file nope.yaml does not exist"),
        (["iac", WEBSHOP, "--statement", SYMBIS, "--promises", "x.yaml"], "either --statement or --promises"),
        (["iac", WEBSHOP, "--var", "novalue"], "expected NAME=VALUE"),
        (["iac", WEBSHOP, "--format", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message) -> None:
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert_no_traceback(proc)


def test_broken_file_is_reported_and_the_rest_is_scanned(tmp_path) -> None:
    (tmp_path / "good.tf").write_text(
        'provider "aws" { region = "eu-west-1" }\n'
        'resource "aws_cloudwatch_log_group" "g" {\n  name = "g"\n  retention_in_days = 7\n}\n'
    )
    (tmp_path / "broken.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  acl = = "private"\n}\n'
    )
    proc = run("iac", str(tmp_path), "--format", "json")
    assert proc.returncode == 3, proc.stderr
    out = json.loads(proc.stdout)
    assert out["errors"][0]["file"].endswith("broken.tf") and out["errors"][0]["line"] == 3
    assert any(
        f["resource"] == "aws_cloudwatch_log_group.g" and f["status"] == "pass" for f in out["findings"]
    )
    assert_no_traceback(proc)


def test_iac_scan_never_imports_boto3() -> None:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['privacy-scan', 'iac', {WEBSHOP!r}, '--format', 'json']\n"
        "try:\n    runpy.run_module('scanner', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('BOTO3' if 'boto3' in sys.modules or 'botocore' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)  # fmt: skip
    assert proc.stderr.strip().endswith("CLEAN"), proc.stderr


def test_checks_lists_every_control() -> None:
    proc = run("checks", "--format", "json")
    assert proc.returncode == 0
    controls = {c["control"] for c in json.loads(proc.stdout)}
    assert controls == {
        "transport-encryption", "encryption-at-rest", "access-restriction", "data-residency",
        "retention-limit", "activity-logging", "logging-minimisation",
    }  # fmt: skip
