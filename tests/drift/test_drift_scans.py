"""Scan vs scan: two real scans of fixture variants, saved as the json format, compared by fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.drift.findings_diff import load_saved
from scanner.drift.run import scan_vs_scan
from scanner.formats.json_format import render
from scanner.pipeline import load_iac_state, scan_iac
from scanner.promises import PromiseSet
from scanner.util.yamlfile import InputError
from tests.drift.conftest import FIXTURES, REPO, run_drift, save

SCANS = (FIXTURES / "scans").relative_to(REPO)


@pytest.fixture
def saved_scans(tmp_path: Path, promise_set: PromiseSet) -> tuple[Path, Path]:
    out = []
    for name in ("old", "new"):
        report = scan_iac([SCANS / name], promise_set, use_cache=False)
        path = tmp_path / f"{name}.json"
        path.write_text(render(report), encoding="utf-8")
        out.append(path)
    return out[0], out[1]


@pytest.fixture
def saved_states(tmp_path: Path) -> tuple[Path, Path]:
    return tuple(
        save(load_iac_state([SCANS / n], use_cache=False), tmp_path / f"{n}-state.json")
        for n in ("old", "new")
    )


EXPECTED_FINDINGS = {
    "new": [
        ("aws-logs-retention", "aws_cloudwatch_log_group.added", "logs-90", None, "fail"),
        ("aws-logs-retention", "aws_cloudwatch_log_group.raised", "logs-90", "pass", "fail"),
    ],
    "resolved": [
        ("aws-logs-retention", "aws_cloudwatch_log_group.fixed", "logs-90", "fail", "pass"),
        ("aws-logs-retention", "aws_cloudwatch_log_group.removed", "logs-90", "fail", None),
    ],
    "still_broken": [
        ("aws-logs-region", "aws_cloudwatch_log_group.abroad", "eea", "fail", "fail"),
    ],
}


def finding_rows(data: dict) -> dict[str, list[tuple]]:
    return {
        change: [(f["check_id"], f["resource"], f["promise_id"], f["before"], f["after"]) for f in items]
        for change, items in data["findings"].items()
    }


def test_saved_results_new_resolved_still_broken(saved_scans: tuple[Path, Path]) -> None:
    run = run_drift("--from", saved_scans[0], "--to", saved_scans[1], "--format", "json")
    assert run.exit_code == 1, run.stderr
    data = json.loads(run.stdout)
    assert finding_rows(data) == EXPECTED_FINDINGS
    # Fingerprints are the scans' own: a scheduled job can look them up in either file.
    old = {f["fingerprint"] for f in json.loads(saved_scans[0].read_text())["findings"]}
    assert {f["fingerprint"] for f in data["findings"]["resolved"]} <= old
    assert data["drift"] == []
    assert data["notes"] == [
        "changed attributes need two saved states (privacy-scan live --save-state); "
        "a saved scan result carries findings only"
    ]


def test_fingerprints_survive_moved_lines(saved_scans: tuple[Path, Path], tmp_path: Path) -> None:
    data = json.loads(saved_scans[1].read_text())
    for f in data["findings"]:
        f["line"] = (f["line"] or 0) + 40
        f["message"] = f["message"] + " (reworded)"
        del f["fingerprint"]  # recomputed from check, resource, account, promise
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(data))
    report = scan_vs_scan(load_saved(saved_scans[1]), load_saved(moved), None)
    assert {f.change for f in report.findings} == {"still_broken"}
    assert report.exit_code() == 0


def test_saved_states_also_show_changed_attributes(saved_states: tuple[Path, Path], promise_set) -> None:
    report = scan_vs_scan(load_saved(saved_states[0]), load_saved(saved_states[1]), promise_set)
    rows = {
        change: [
            (f.check_id, f.resource, f.promise_id, f.before, f.after)
            for f in report.findings
            if f.change == change
        ]
        for change in ("new", "resolved", "still_broken")
    }
    assert rows == EXPECTED_FINDINGS
    items = [
        (i.status, i.before_address or i.after_address, [(c.attribute, c.before, c.after, c.promises) for c in i.changes],
         i.promises)
        for i in report.items
    ]  # fmt: skip
    assert items == [
        (
            "changed",
            "aws_cloudwatch_log_group.fixed",
            [("retention_days", None, 30, ["logs-90"])],
            ["logs-90"],
        ),
        (
            "changed",
            "aws_cloudwatch_log_group.raised",
            [("retention_days", 30, 400, ["logs-90"])],
            ["logs-90"],
        ),
        ("added", "aws_cloudwatch_log_group.added", [], ["logs-90"]),
        ("removed", "aws_cloudwatch_log_group.removed", [], []),
    ]
    assert report.exit_code() == 1


def test_no_change_exits_zero(saved_scans: tuple[Path, Path]) -> None:
    run = run_drift("--from", saved_scans[0], "--to", saved_scans[0])
    assert run.exit_code == 0
    assert run.stdout.splitlines()[-1] == "summary: 3 still broken; 0 drift item(s) touch a promise"


def test_markdown_for_the_security_team(saved_scans: tuple[Path, Path]) -> None:
    run = run_drift("--from", saved_scans[0], "--to", saved_scans[1], "--format", "markdown")
    assert run.exit_code == 1
    text = run.stdout
    assert "## Drift since the last scan" in text
    assert "**Drift touches a promise.**" in text
    assert (
        "### New findings (2)" in text
        and "### Resolved findings (2)" in text
        and "### Still broken (1)" in text
    )
    assert "| medium | aws-logs-retention | aws_cloudwatch_log_group.raised | logs-90 | pass→fail |" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"something": 1}', "neither a saved scan result (--format json) nor a saved state (--save-state)"),
        ('{"version": 2, "findings": []}', "unsupported scan result version 2"),
        ('{"state_version": 99, "resources": []}', "not a valid saved state (unsupported state_version 99)"),
        ('{"version": 1, "findings": [{"check_id": "x"}]}', "not a valid scan result"),
    ],
)
def test_bad_inputs_are_one_line_and_exit_2(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    run = run_drift("--from", bad, "--to", bad)
    assert run.exit_code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    with pytest.raises(InputError):
        load_saved(bad)


def test_renumbered_promises_are_the_same_promises(saved_scans: tuple[Path, Path], tmp_path: Path) -> None:
    data = json.loads(saved_scans[1].read_text())
    renamed = {p["id"]: f"renumbered-{i}" for i, p in enumerate(data["promises"])}
    for p in data["promises"]:
        p["id"] = renamed[p["id"]]
    for f in data["findings"]:
        f["promise_id"] = renamed.get(f["promise_id"], f["promise_id"])
        del f["fingerprint"]  # recomputed from the promise's content, not its id
    again = tmp_path / "renumbered.json"
    again.write_text(json.dumps(data))
    report = scan_vs_scan(load_saved(saved_scans[1]), load_saved(again), None)
    assert {f.change for f in report.findings} == {"still_broken"}
    assert report.warnings == []

    changed = next(p for p in data["promises"] if p["control"] == "retention-limit")
    changed["params"]["max_days"] = 7
    again.write_text(json.dumps(data))
    report = scan_vs_scan(load_saved(saved_scans[1]), load_saved(again), None)
    assert len(report.warnings) == 1
    assert "the two scans checked different promises" in report.warnings[0]
    assert changed["id"] in report.warnings[0]
