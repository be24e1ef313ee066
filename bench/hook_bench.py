"""Latency of the pre-commit hook on a warm cache: median of several fresh processes.

    python bench/hook_bench.py [DIR] [--runs 9] [--files F ...]

Each run is a new ``python -m scanner hook FILES`` process started from the
repository root, as pre-commit starts it, with a private cache directory that a
first (untimed) run fills — so the figure is what a developer pays on every
commit after the first. It prints the median and spread of wall time, and the
CPU time of the child (user + system), which is the honest number on a busy
machine where wall time also measures other processes.
(``bench/bench.py time DIR --cli`` times the ``iac`` command on generated trees.)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIR = REPO / "fixtures" / "terraform" / "webshop"


def one_run(files: list[str], cache: Path) -> tuple[float, float, int]:
    env = {**os.environ, "PRIVACY_SCAN_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "--no-config", "hook", *files],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"hook failed with exit {done.returncode}: {done.stderr.strip()}")
    return wall, cpu, done.returncode


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path, nargs="?", default=DEFAULT_DIR)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--files", nargs="*", help="staged files to pass (default: every .tf file in DIR)")
    args = ap.parse_args(argv)
    directory = args.directory.resolve()
    files = args.files or [str(p.relative_to(REPO)) for p in sorted(directory.glob("*.tf"))]
    with tempfile.TemporaryDirectory(prefix="privacy-scan-bench-") as tmp:
        cache = Path(tmp)
        cold_wall, cold_cpu, code = one_run(files, cache)
        runs = [one_run(files, cache) for _ in range(args.runs)]
    walls = sorted(r[0] for r in runs)
    cpus = sorted(r[1] for r in runs)
    print(f"hook over {directory.relative_to(REPO) if directory.is_relative_to(REPO) else directory}")
    print(f"  files passed: {len(files)}; exit code {code}; load average {os.getloadavg()[0]:.2f}")
    print(f"  cold (empty cache): wall {cold_wall:.3f} s, cpu {cold_cpu:.3f} s")
    print(
        f"  warm x{len(runs)}: wall median {statistics.median(walls):.3f} s "
        f"(min {walls[0]:.3f}, max {walls[-1]:.3f}); cpu median {statistics.median(cpus):.3f} s"
    )


if __name__ == "__main__":
    main()
