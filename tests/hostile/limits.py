"""Run privacy-scan as a separate process under hard limits, as an attacker's input would meet it.

Bounds on time and memory are asserted from outside (a subprocess with ``RLIMIT_AS`` and a
timeout), never by timing a unit test: a scan that exceeds them is killed and the test fails
with what it printed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3


@dataclass
class Limited:
    returncode: int
    stdout: str
    stderr: str


def run_limited(
    args: list[str],
    cwd: Path | str | None = None,
    timeout: float = 60.0,
    memory_bytes: int = GIB,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> Limited:
    """``python -m scanner ARGS`` with at most ``memory_bytes`` of address space and ``timeout``
    seconds of wall time; fails the calling test when the time bound is hit."""

    def _limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    full_env = dict(os.environ)
    full_env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    if env:
        full_env.update(env)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "scanner", *args],
            cwd=cwd,
            env=full_env,
            input=stdin,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            preexec_fn=_limit,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"privacy-scan {' '.join(args)} ran over {timeout} s") from exc
    return Limited(proc.returncode, proc.stdout, proc.stderr)


def assert_clean_exit(result: Limited, allowed: tuple[int, ...] = (0, 1, 2, 3)) -> None:
    """No traceback, no 'internal error', an exit code of the contract."""
    assert result.returncode in allowed, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "internal error" not in result.stderr.lower(), result.stderr[-2000:]
