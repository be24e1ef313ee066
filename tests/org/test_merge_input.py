"""``merge`` reads a results folder that may have come back from a bucket others can write:
bounded, confined reads, every record checked, a missing or damaged unit is unknown (never
a pass), and a folder that is no results folder is one line (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.sources.live.base import Scan
from scanner.sources.live.logs import Logs
from scanner.sources.live.results import COMPLETE, FAILED, Plan, ResultsDir
from scanner.sources.live.session import Account, ClientSettings
from scanner.sources.live.units import Shard, Unit, plan_units
from scanner.state import Kind, ScanError, State
from tests.live.conftest import ROOT

ACCOUNT = "111122223333"
REGIONS = ["eu-west-1", "us-east-1"]


def _group(region: str, name: str, days: int | None):
    scan = Scan(Account(None, ACCOUNT, ClientSettings()), region, Logs())
    res = scan.resource(
        Kind.LOG_STORE, "aws_cloudwatch_log_group", f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}", name
    )
    res.set("name", name)
    res.set("encrypted", True)
    res.set("kms_key_id", None)
    res.set("customer_managed_key", False)
    res.set("retention_days", days)
    return res


def _results(folder: Path) -> list[Unit]:
    """One account, two regions, logs only: eu-west-1 keeps 30 days, us-east-1 forever."""
    units = plan_units([ACCOUNT], REGIONS, global_unit=False)
    out = ResultsDir(folder)
    out.write_plan(Plan(units, REGIONS, services=["logs"]), Shard(0, 1), units)
    for unit, days in zip(units, (30, None), strict=True):
        state = State([_group(unit.region, "app", days)], origin="live")
        out.write_unit(unit, state, {}, COMPLETE, ["logs"], 1, 0.1)
    return units


def _merge(*args: str) -> tuple[int, dict | None, str]:
    from scanner.commands.merge_cmd import merge
    from scanner.util.yamlfile import InputError

    result = CliRunner().invoke(merge, [*args, "--format", "json"])
    if isinstance(result.exception, InputError):
        return 2, None, str(result.exception)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_a_complete_folder_merges_to_its_verdicts(tmp_path) -> None:
    _results(tmp_path)
    code, report, err = _merge(str(tmp_path))
    assert code == 1  # the us-east-1 group is kept forever (and outside the EEA)
    statuses = sorted(f["status"] for f in report["findings"] if f["check_id"] == "aws-logs-retention")
    assert statuses == ["fail", "pass"] and report["errors"] == []
    assert "merged 2 of 2 unit(s) over 1 account(s)" in err


def test_the_same_unit_in_two_folders_counts_once(tmp_path) -> None:
    _results(tmp_path / "a")
    _results(tmp_path / "b")
    _, once, _ = _merge(str(tmp_path / "a"))
    _, twice, _ = _merge(str(tmp_path / "a"), str(tmp_path / "b"))
    assert twice["findings"] == once["findings"]


def _damage(folder: Path, unit: Unit, how: str) -> None:
    state = folder / "units" / f"{unit.id}.state.json"
    marker = folder / "units" / f"{unit.id}.done.json"
    if how == "missing":
        marker.unlink()
    elif how == "garbage-marker":
        marker.write_text("{not json")
    elif how == "edited-state":
        state.write_text(state.read_text().replace('"value":30', '"value":1'))
    elif how == "symlinked-state":
        state.unlink()
        state.symlink_to("/etc/passwd")
    elif how == "fifo-state":
        state.unlink()
        os.mkfifo(state)
    elif how == "damaged-facts":
        record = json.loads(marker.read_text())
        record["facts"] = {"kms:eu-west-1": {"error": None, "managers": [1, 2]}}
        marker.write_text(json.dumps(record))
    elif how == "deep-marker":
        marker.write_text("[" * 100000 + "]" * 100000)


@pytest.mark.parametrize(
    ("how", "why"),
    [
        ("missing", "no result: the unit was not run, or its job was stopped before it finished"),
        ("garbage-marker", "111122223333.eu-west-1.done.json is not valid JSON"),
        ("edited-state", "111122223333.eu-west-1.state.json does not match its marker (changed or replaced)"),
        ("symlinked-state", "outside the scanned repository, not read"),
        ("fifo-state", "not a regular file"),
        ("damaged-facts", "damaged facts under 'kms:eu-west-1'"),
        ("deep-marker", "is not valid JSON"),
    ],
)
def test_a_missing_or_damaged_unit_is_unknown_never_a_pass(tmp_path, how, why) -> None:
    units = _results(tmp_path)
    _damage(tmp_path, units[0], how)
    code, report, _ = _merge(str(tmp_path))
    assert code == 1  # the other unit still fails
    eu = [
        f
        for f in report["findings"]
        if ":eu-west-1:" in f["resource"] and f["check_id"] == "aws-logs-retention"
    ]
    assert [f["status"] for f in eu] == ["unknown"] and why in eu[0]["message"]
    assert any(
        "1 unit(s) missing, their checks are unknown: 111122223333.eu-west-1" in w for w in report["warnings"]
    )
    assert any(why in e["message"] for e in report["errors"])
    assert "root:" not in json.dumps(report)  # nothing of /etc/passwd


def test_a_failed_unit_is_merged_and_named(tmp_path) -> None:
    units = _results(tmp_path)
    state = State(
        [], [ScanError("arn:aws:iam::111122223333:role/x: cannot assume it: AccessDenied")], origin="live"
    )
    ResultsDir(tmp_path).write_unit(units[1], state, {}, FAILED, ["logs"], 0, 0.0)
    code, report, err = _merge(str(tmp_path))
    assert "1 failed" in err and any(
        "1 unit(s) failed (run the shard again to retry): 111122223333.us-east-1" in w
        for w in report["warnings"]
    )
    assert code == 3 and report["errors"][0]["message"].endswith("AccessDenied")


def test_an_oversized_state_is_refused_before_it_is_read(tmp_path, monkeypatch) -> None:
    from scanner.sources.live import results

    units = _results(tmp_path)
    monkeypatch.setattr(results, "MAX_STATE_BYTES", 100)
    _, report, _ = _merge(str(tmp_path))
    assert any(
        f"{units[0].id}.state.json" in e["message"] and "over the limit of 100 bytes" in e["message"]
        for e in report["errors"]
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "is not a folder"),
        (lambda p: p.mkdir(), "holds no privacy-scan results (no plan-*.json, no units/)"),
    ],
)
def test_what_is_no_results_folder_is_one_line_and_exit_2(tmp_path, make, message) -> None:
    folder = tmp_path / "results"
    make(folder)
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "merge", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert proc.returncode == 2 and message in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
