"""Baselines on real scans: only new findings fail, line moves change nothing, resolved ones are reported."""

from __future__ import annotations

import json

import pytest

from tests.ci.helpers import app_copy, insert_before, run_cli

APP = "aws_cloudwatch_log_group.app"
STORE = "module.store.aws_cloudwatch_log_group.this"
NEW_GROUP = '\nresource "aws_cloudwatch_log_group" "debug" {\n  name = "debug"\n}\n'


@pytest.fixture
def app(tmp_path, monkeypatch):
    path = app_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    return path


def create(monkeypatch, capsys):
    r = run_cli(["iac", "app", "--create-baseline", "baseline.json", "-f", "json"], monkeypatch, capsys)
    assert r.code == 0, r.err
    assert "privacy-scan: baseline baseline.json written: 2 finding(s) accepted" in r.err
    return r


def test_create_baseline_records_failing_findings(app, tmp_path, monkeypatch, capsys) -> None:
    create(monkeypatch, capsys)
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["version"] == 1
    assert [(e["check_id"], e["resource"], e["status"]) for e in data["findings"]] == [
        ("aws-logs-retention", APP, "fail"),
        ("aws-logs-retention", STORE, "fail"),
    ]


def test_only_new_findings_fail_and_line_moves_are_not_new(app, monkeypatch, capsys) -> None:
    create(monkeypatch, capsys)
    # move everything down: a header comment and blank lines above every block
    main = app / "main.tf"
    main.write_text("# Application logging\n\n\n" + main.read_text().replace("\n\n", "\n\n\n\n"))
    r = run_cli(["iac", "app", "--baseline", "baseline.json", "-f", "json"], monkeypatch, capsys)
    assert r.code == 0, r.err
    moved = next(f for f in r.json()["findings"] if f["resource"] == APP and f["status"] == "fail")
    assert moved["line"] == 4
    assert moved["suppressed"]["kind"] == "baseline"
    # a new failing resource fails the run, and only it is listed by the hook's compact output
    main.write_text(main.read_text() + NEW_GROUP)
    r = run_cli(["iac", "app", "--baseline", "baseline.json", "-f", "json"], monkeypatch, capsys)
    assert r.code == 1
    active = [
        f["resource"] for f in r.json()["findings"] if f["status"] == "fail" and not f.get("suppressed")
    ]
    assert active == ["aws_cloudwatch_log_group.debug"]
    r = run_cli(["hook", "app/main.tf", "--baseline", "baseline.json"], monkeypatch, capsys)
    assert r.code == 1
    assert r.out.splitlines()[0].startswith("app/main.tf:")
    assert "aws_cloudwatch_log_group.debug" in r.out.splitlines()[0]
    assert APP not in r.out and STORE not in r.out


def test_resolved_findings_are_reported(app, monkeypatch, capsys) -> None:
    create(monkeypatch, capsys)
    insert_before(app / "main.tf", "retention_in_days = var.log_days", "  retention_in_days = 30\n")
    (app / "main.tf").write_text(
        (app / "main.tf").read_text().replace("  retention_in_days = var.log_days\n", "", 1)
    )
    r = run_cli(
        ["iac", "app", "--baseline", "baseline.json", "-f", "markdown", "--also", "sarif=out.sarif"],
        monkeypatch,
        capsys,
    )
    assert r.code == 0, r.err
    assert (
        f"baseline baseline.json: 1 accepted finding(s) no longer occur: aws-logs-retention on {APP}" in r.err
    )
    assert "0 new, 1 accepted, 1 resolved." in r.out
    assert f"| `aws-logs-retention` | `{APP}` | fail |" in r.out
    sarif = json.loads((app.parent / "out.sarif").read_text())
    assert [e["resource"] for e in sarif["runs"][0]["properties"]["baseline"]["resolved"]] == [APP]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{not json", "baseline baseline.json (line 1): not valid JSON"),
        ('{"version": 7, "findings": []}', "not a privacy-scan baseline"),
        (
            '{"version": 1, "findings": [{"check_id": "x"}]}',
            "findings[0]: needs fingerprint, check_id and resource",
        ),
    ],
)
def test_bad_baseline_exits_2(app, tmp_path, monkeypatch, capsys, body, expected) -> None:
    (tmp_path / "baseline.json").write_text(body)
    r = run_cli(["iac", "app", "--baseline", "baseline.json"], monkeypatch, capsys)
    assert r.code == 2
    assert expected in r.err


def test_missing_baseline_exits_2(app, monkeypatch, capsys) -> None:
    r = run_cli(["iac", "app", "--baseline", "nope.json"], monkeypatch, capsys)
    assert (r.code, r.err.strip()) == (
        2,
        "privacy-scan: error: baseline nope.json does not exist (create it with --create-baseline)",
    )
