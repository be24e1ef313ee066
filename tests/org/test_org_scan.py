"""Done-when for organisation scans, on moto with an Organization created through its API.

Four accounts (the management account and three members; a fourth member is suspended)
in two regions are 12 units. The whole scan (one process, in memory) is the reference:
three shards run as separate processes into one results folder, and ``merge`` must give
exactly its findings; a shard killed mid-way and run again must give the same.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live.conftest import ROOT, run_cli

from .organization import EU, ROLE, US, create_organization, session, small_account

REGIONS = f"{EU},{US}"
MEMBERS = ["alpha", "beta", "gamma"]
# Four collectors keep the test quick (moto builds every backend of every account on first use);
# their verdicts still need the link step across units.
SERVICES = "s3,kms,logs,cloudtrail"
PROMISES = str(ROOT / "fixtures" / "live" / "org" / "promises.yaml")
SCAN = ["--organization-role", ROLE, "--regions", REGIONS, "--services", SERVICES, "--max-attempts", "2"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scanner", *args],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=timeout,
    )


def _shard(index: int, count: int, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scanner",
        "live",
        *SCAN,
        "--shard",
        f"{index}/{count}",
        "--results-dir",
        str(folder),
    ]


@dataclass(frozen=True)
class Ran:
    """What a command gave: exit code and output (an in-process run, shaped like a finished process)."""

    returncode: int
    stdout: str
    stderr: str


def _merge(folder: Path) -> Ran:
    """``privacy-scan merge`` in-process: the command object, as the CLI runs it."""
    from click.testing import CliRunner

    from scanner.commands.merge_cmd import merge

    result = CliRunner().invoke(merge, [str(folder), "--promises", PROMISES, "--format", "json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def _findings(report: str) -> list[str]:
    """Every finding, whole, in a canonical order: 'exactly the same findings' means all fields."""
    return sorted(json.dumps(f, sort_keys=True) for f in json.loads(report)["findings"])


@pytest.fixture(scope="module")
def org(moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory):
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST", data=b""))
    ids = create_organization(MEMBERS, suspended=["closed"])
    for name in ["management", *MEMBERS]:
        small_account(session(ids[name]), name, trail=name == "alpha")
    whole = Ran(*run_cli(*SCAN, "--promises", PROMISES, "--format", "json"))  # one process, in memory
    assert whole.stdout, whole.stderr
    return ids, whole


def test_the_organization_role_finds_the_active_accounts(org) -> None:
    ids, whole = org
    accounts = {f["account"] for f in json.loads(whole.stdout)["findings"]}
    assert accounts == {ids[n] for n in ["management", *MEMBERS]}  # the suspended one is left out
    assert f"1 suspended or closing account(s) not scanned ({ids['closed']})" in whole.stderr
    by = {(f["check_id"], f["resource"]): f["status"] for f in json.loads(whole.stdout)["findings"]}
    for name in ["management", *MEMBERS]:
        # The bucket's key is customer-managed: told by KMS in eu-west-1, another unit than S3's.
        assert by[("aws-s3-encrypted", f"arn:aws:s3:::{name}-data")] == "pass"
        # Only alpha's multi-Region trail (homed in eu-west-1) records its bucket's data events.
        assert by[("aws-s3-access-logged", f"arn:aws:s3:::{name}-data")] == (
            "pass" if name == "alpha" else "fail"
        )
        logs = f"arn:aws:logs:{US}:{ids[name]}:log-group:/{name}/app"
        assert by[("aws-logs-retention", logs)] == "fail"  # kept forever
    assert whole.returncode == 1


def test_three_shard_processes_one_killed_and_rerun_merge_to_exactly_the_whole_scan(org, tmp_path) -> None:
    """Three shards as separate processes into one folder, shard 0 killed after its first unit.

    Shards 1 and 2 run to the end; the merge then reports shard 0's missing units; shard 0
    run again skips what it finished and scans the rest; the merge gives exactly the
    findings of the whole scan. The 12 units split 4, 4, 4.
    """
    _, whole = org
    folder = tmp_path / "results"
    others = [
        subprocess.Popen(_shard(i, 3, folder), env=_env(), cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for i in (1, 2)
    ]
    victim = subprocess.Popen(_shard(0, 3, folder), env=_env(), cwd=ROOT, stderr=subprocess.DEVNULL)
    mine = [folder / "units" / f"{u}.done.json" for u in _units_of_shard(folder, 0)]
    assert len(mine) == 4
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(m.exists() for m in mine):
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    outs = [p.communicate(timeout=180)[1] for p in others]
    assert [p.returncode for p in others] == [0, 0], outs
    assert all("4 of 12 unit(s), 4 scanned" in out for out in outs), outs
    done = sum(m.exists() for m in mine)
    assert 1 <= done < 4, done  # killed after its first unit, before its last

    partial = _merge(folder)
    assert partial.returncode in (1, 3)
    report = json.loads(partial.stdout)
    assert any("unit(s) missing, their checks are unknown" in w for w in report["warnings"])

    again = _cli(*_shard(0, 3, folder)[3:])
    assert again.returncode == 0, again.stderr
    assert f"4 of 12 unit(s), {4 - done} scanned, {done} already done" in again.stderr
    merged = _merge(folder)
    assert merged.returncode == whole.returncode, merged.stderr
    assert _findings(merged.stdout) == _findings(whole.stdout)
    assert "merged 12 of 12 unit(s) over 4 account(s)" in merged.stderr


def _units_of_shard(folder: Path, index: int) -> list[str]:
    """The units shard ``index`` of 3 plans (from the other shards' plan: every shard plans them all)."""
    from scanner.sources.live.units import Shard, Unit, take

    deadline = time.monotonic() + 60
    plan = folder / "plan-1-of-3.json"
    while not plan.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    units = [Unit.parse(u) for u in json.loads(plan.read_text())["units"]]
    return [u.id for u in take(units, Shard(index, 3))]
