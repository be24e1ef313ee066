"""Shared builders for the CI-facing tests: reports made of real Finding and Promise objects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scanner.findings import Finding, Status
from scanner.promises import Control, Promise, PromiseSet
from scanner.report import Report
from scanner.state import ScanError, Source

REPO = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = REPO / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def finding(
    check_id: str = "s3-bucket-encrypted",
    status: Status = Status.FAIL,
    severity: str = "high",
    resource: str = "aws_s3_bucket.logs",
    file: str | None = "infra/main.tf",
    line: int | None = 3,
    promise_id: str = "p-rest",
    control: str = "encryption-at-rest",
    message: str = "S3 bucket is encrypted at rest: not met: no server-side encryption",
    **extra,
) -> Finding:
    return Finding(
        check_id=check_id,
        control=control,
        status=status,
        severity=severity,
        resource=resource,
        resource_type=resource.split(".")[-2] if "." in resource else "aws_s3_bucket",
        file=file,
        line=line,
        region="eu-west-1",
        message=message,
        promise_id=promise_id,
        **extra,
    )


def promise_set() -> PromiseSet:
    return PromiseSet(
        promises=[
            Promise(
                id="p-rest",
                control=Control.ENCRYPTION_AT_REST,
                params={"customer_managed_keys": False},
                quote="Wij slaan uw gegevens versleuteld op.",
                source={"file": "statement.txt", "line": 12},
            ),
            Promise(id="p-ret", control=Control.RETENTION_LIMIT, params={"max_days": 30}, implied=True),
        ],
        origin="statement",
        statement={"file": "statement.txt", "sha256": "0" * 64, "language": "nl"},
    )


def sample_report() -> Report:
    """One of each: a high failure, a medium failure, an undecided, a pass, a suppressed failure, an error."""
    return Report(
        promise_set=promise_set(),
        findings=[
            finding(evidence=[Source(file="infra/main.tf", line=20)]),
            finding(
                check_id="logs-retention-bounded",
                control="retention-limit",
                severity="medium",
                resource="aws_cloudwatch_log_group.app",
                line=30,
                promise_id="p-ret",
                message="Log retention is bounded: not met: retention_in_days is 0 (never expires)",
            ),
            finding(
                check_id="s3-bucket-encrypted",
                status=Status.UNKNOWN,
                resource='aws_s3_bucket.data["a"]',
                file="infra/modules/store/main.tf",
                line=1,
                message="S3 bucket is encrypted at rest: cannot tell: var.kms_key has no value",
            ),
            finding(
                status=Status.PASS, resource="aws_s3_bucket.ok", line=40, message="S3 bucket is encrypted"
            ),
            finding(
                severity="low",
                resource="aws_s3_bucket.legacy",
                line=50,
                suppressed={
                    "kind": "inline",
                    "reason": "legacy, migrating",
                    "expires": "2999-01-01",
                    "source": "infra/main.tf:49",
                },
            ),
        ],
        errors=[ScanError("syntax error: unexpected }", "infra/broken.tf", 7)],
        warnings=["a warning | with a pipe"],
        target="infra",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes tens of seconds (still run in CI; deselect with -m 'not slow')"
    )


@pytest.fixture
def report() -> Report:
    return sample_report()


@pytest.fixture
def sarif_schema() -> dict:
    import json

    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF 2.1.0 schema not found at {SARIF_SCHEMA.resolve()}; SARIF not validated")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest / name)
    return dest / name


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads a real configuration file or writes the user's parse cache."""
    cache = tmp_path_factory.getbasetemp() / "parse-cache"
    monkeypatch.setenv("PRIVACY_SCAN_CACHE_DIR", str(cache))
