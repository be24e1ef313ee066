"""Findings of one resource in several roots stay apart; fingerprints survive renumbered promises."""

from __future__ import annotations

from pathlib import Path

from scanner.pipeline import scan_iac
from scanner.promises import Control, Promise, PromiseSet

LOG_GROUP = """provider "aws" { region = "eu-west-1" }
resource "aws_cloudwatch_log_group" "app" {
  name              = "app-%s"
  retention_in_days = 0
}
"""


def two_roots(tmp_path: Path) -> list[Path]:
    roots = []
    for env in ("dev", "prod"):
        (tmp_path / env).mkdir()
        (tmp_path / env / "main.tf").write_text(LOG_GROUP % env)
        roots.append(tmp_path / env)
    return roots


def logs(pid: str) -> PromiseSet:
    return PromiseSet([Promise(pid, Control.RETENTION_LIMIT, {"max_days": 90, "applies_to": ["logs"]})], "x")


def test_the_same_address_in_two_roots_is_two_findings(tmp_path: Path) -> None:
    report = scan_iac(two_roots(tmp_path), logs("logs"), use_cache=False)
    rows = sorted(
        (f.resource, Path(f.file).parent.name, f.root and Path(f.root).name, f.status.value)
        for f in report.findings
        if f.check_id == "aws-logs-retention"
    )
    assert rows == [
        ("aws_cloudwatch_log_group.app", "dev", "dev", "fail"),
        ("aws_cloudwatch_log_group.app", "prod", "prod", "fail"),
    ]
    prints = {f.fingerprint for f in report.findings if f.check_id == "aws-logs-retention"}
    assert len(prints) == 2


def test_a_lone_root_stays_out_of_findings_and_fingerprints(tmp_path: Path) -> None:
    dev, prod = two_roots(tmp_path)
    alone = scan_iac([dev], logs("logs"), use_cache=False)
    finding = next(f for f in alone.findings if f.check_id == "aws-logs-retention")
    assert finding.root is None and "root" not in finding.to_dict()


def test_fingerprints_key_on_the_promise_content_not_its_number(tmp_path: Path) -> None:
    dev, _ = two_roots(tmp_path)
    first = scan_iac([dev], logs("retention-limit-1"), use_cache=False)
    renumbered = scan_iac([dev], logs("retention-limit-2"), use_cache=False)
    assert {f.fingerprint for f in first.findings} == {f.fingerprint for f in renumbered.findings}
    stricter = scan_iac(
        [dev],
        PromiseSet([Promise("p", Control.RETENTION_LIMIT, {"max_days": 30, "applies_to": ["logs"]})], "x"),
        use_cache=False,
    )
    assert {f.fingerprint for f in first.findings}.isdisjoint({f.fingerprint for f in stricter.findings})
