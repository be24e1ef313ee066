"""Ctrl-C ends a run with exit 130 and SIGTERM with 143, each with one line on stderr (issue 13,
"Internal errors to end"). A real process gets a real signal in the middle of its work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
EXPECTED = {
    signal.SIGINT: (130, "privacy-scan: interrupted"),
    signal.SIGTERM: (143, "privacy-scan: terminated (SIGTERM)"),
}

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc/PID/stat")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def big_repository(root: Path, modules: int = 8, per_module: int = 100) -> list[str]:
    """Terraform that takes several CPU seconds to scan without the cache."""
    (root / ".git").mkdir(parents=True)
    for d in range(modules):
        folder = root / f"m{d}"
        folder.mkdir()
        (folder / "main.tf").write_text(
            "".join(
                f'resource "aws_cloudwatch_log_group" "g{i}" {{\n  name = "g{i}"\n'
                f"  retention_in_days = {i % 400}\n}}\n"
                f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = "b{i}"\n}}\n'
                for i in range(per_module)
            )
        )
    return [f"m{d}" for d in range(modules)]


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the signal did not end the run within 60 s") from None
    return proc.returncode, err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_real_scan_ends_it_with_one_line(tmp_path, signum) -> None:
    dirs = big_repository(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanner", "--no-config", "iac", *dirs, "--no-cache", "-f", "json"],
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Importing takes a quarter of a CPU second; past 1 s the run is inside the scan (of ~3 s).
    deadline = time.monotonic() + 120
    while cpu_seconds(proc.pid) < 1.0:
        assert proc.poll() is None, "the scan ended before it could be interrupted"
        assert time.monotonic() < deadline, "the scan did not get going"
        time.sleep(0.05)
    proc.send_signal(signum)
    code, err = finish(proc)
    assert (code, err.strip().splitlines()[-1:]) == (EXPECTED[signum][0], [EXPECTED[signum][1]]), err
    assert "Traceback" not in err
    # before the signal, only the notice about the default promise set was printed
    assert [line for line in err.strip().splitlines() if not line.startswith("warning: no --statement")] == [
        EXPECTED[signum][1]
    ], err


WAITING = textwrap.dedent(
    """
    import sys

    import scanner.commands.iac_cmd as iac_cmd
    from scanner.cli import main

    def scan_waiting_on_stdin(*args, **kwargs):
        print("ready", flush=True)
        sys.stdin.read()

    iac_cmd.scan_iac = scan_waiting_on_stdin
    sys.argv = ["privacy-scan", "--no-config", "iac", "."]
    main()
    """
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_waiting_on_input_ends_the_run_with_exactly_one_line(tmp_path, signum) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WAITING],
        cwd=tmp_path,
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(signum)
    code, err = finish(proc)
    assert (code, err) == (EXPECTED[signum][0], EXPECTED[signum][1] + "\n")
