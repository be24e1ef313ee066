"""Every file privacy-scan writes is replaced in one step: a run stopped mid-write leaves the old file
whole, and an empty or cut baseline or saved result is a one-line error (issue 13, "Nothing lost").

A run is stopped mid-write for real: the child process may not grow any file past a few hundred
bytes (``RLIMIT_FSIZE``), so the write of a larger report fails half-way. Writing in place
would already have truncated the old file; an atomic write fails on its temporary file.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci.helpers import FIXTURES, run_cli

OLD = {"version": 1, "tool": "privacy-scan", "created": "2025-01-01T00:00:00+00:00", "findings": []}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "app", root / "app")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def run_with_file_size_limit(args: list[str], cwd: Path, max_file_bytes: int) -> subprocess.CompletedProcess:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "scanner", "--no-config", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["iac", "app", "--create-baseline", "out.json", "-f", "json"], "baseline out.json"),
        (["iac", "app", "-f", "json", "--output", "out.json"], "out.json"),
        (["iac", "app", "-f", "json", "--also", "sarif=out.json"], "out.json"),
        (
            ["drift", "--from", "scan.json", "--to", "scan.json", "-f", "json", "--output", "out.json"],
            "out.json",
        ),
    ],
)
def test_a_write_stopped_half_way_leaves_the_old_file_whole(repo, args, shown) -> None:
    target = "out.json"
    scan = subprocess.run(
        [sys.executable, "-m", "scanner", "--no-config", "iac", "app", "-f", "json", "--no-cache"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    (repo / "scan.json").write_text(scan.stdout)
    old = json.dumps(OLD) + "\n"
    (repo / target).write_text(old)
    assert len(old) < 300
    if args[0] == "iac":
        args = [*args, "--no-cache"]
    done = run_with_file_size_limit(args, repo, 300)
    assert done.returncode == 2, done.stderr
    # the last line says so; a line before it is the usual warning about the default promises
    assert (
        done.stderr.strip().splitlines()[-1] == f"privacy-scan: error: cannot write {shown}: File too large"
    )
    assert "Traceback" not in done.stderr
    assert (repo / target).read_text() == old
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "baseline b.json is empty (recreate it with --create-baseline)"),
        (
            '{"version": 1, "findings": [{"fingerprint": "a", "check',
            "baseline b.json (line 1): not valid JSON",
        ),
        ("[" * 100_000 + "]" * 100_000, "baseline b.json: not a privacy-scan baseline (nested too deeply)"),
    ],
)
def test_an_empty_cut_or_absurd_baseline_is_one_line(repo, monkeypatch, capsys, content, message) -> None:
    (repo / "b.json").write_text(content)
    r = run_cli(["--no-config", "iac", "app", "--baseline", "b.json"], monkeypatch, capsys)
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"privacy-scan: error: {message}"), r.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "s.json: empty file (a write was interrupted?), not a saved scan"),
        ('{"version": 1, "findings": [', "s.json: not JSON"),
        ('{"state_version": 1, "resources": ' + "[" * 100_000, "s.json: not"),
    ],
)
def test_an_empty_or_cut_saved_scan_is_one_line(repo, monkeypatch, capsys, content, message) -> None:
    (repo / "s.json").write_text(content)
    r = run_cli(["--no-config", "drift", "--from", "s.json", "--to", "s.json"], monkeypatch, capsys)
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"privacy-scan: error: {message}"), r.err
