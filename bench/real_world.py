"""The real-world corpus measurement of docs/real-world.md, reproducible.

    python bench/real_world.py scan CORPUS --out results.json [--jobs 2] [--scanner CMD]
    python bench/real_world.py sample results.json --seed 2026 --per-status 40 --out sample.md
    python bench/real_world.py summary results.json

CORPUS holds one checkout per public repository, named ``owner+name`` (the
commits are listed in docs/real-world.md; they are fetched outside this
repository and never committed). ``scan`` finds the root modules the way the
note describes them: the repository's top directory and each ``examples/*``
directory that hold ``.tf`` files; a repository with neither (terragoat keeps
its code under ``terraform/``) scans each ``terraform/*`` directory instead. Each
root is scanned cold (``--no-cache``), with the default promise set and no
``--var-file``, in its own subprocess so that a crash is recorded and the other
roots go on. The scan runs with CORPUS as its working directory, so every file
named in the results is relative to CORPUS.

``sample`` picks verdicts at random with a fixed seed, the same number per
status, for a reviewer who did not write the checks; ``summary`` prints the
counts, the unknown share and the unknowns grouped by reason.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures as cf
import json
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STATUSES = ("pass", "fail", "unknown")
# Exit codes a scan may end with (DESIGN.md): anything else, or a traceback, is a crash.
CLEAN_EXITS = (0, 1, 3)
TIMEOUT_SECONDS = 300
STDERR_KEEP = 2000

Result = dict[str, Any]


def _has_tf(directory: Path) -> bool:
    return directory.is_dir() and any(directory.glob("*.tf"))


def _subdirs(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*") if p.is_dir()) if directory.is_dir() else []


def find_roots(corpus: Path) -> Iterator[tuple[str, Path]]:
    """Yield (repository, root) for every root module of every checkout, in a stable order.

    The top directory and ``examples/*`` are what a user of a module copies; a
    repository that has neither is an application whose roots sit under
    ``terraform/*``.
    """
    for repo in _subdirs(corpus):
        roots = [d for d in [repo, *_subdirs(repo / "examples")] if _has_tf(d)]
        if not roots:
            roots = [d for d in _subdirs(repo / "terraform") if _has_tf(d)]
        for root in roots:
            yield repo.name, root


def scan_root(corpus: Path, repo: str, root: Path, scanner: list[str]) -> Result:
    """Scan one root cold in a subprocess and record its exit code, findings and messages."""
    rel = root.relative_to(corpus).as_posix()
    cmd = [*scanner, "iac", rel, "--format", "json", "--no-cache"]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=corpus, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return {"repo": repo, "root": rel, "exit": "timeout", "crash": True, "seconds": TIMEOUT_SECONDS}
    seconds = round(time.monotonic() - started, 2)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    crash = proc.returncode not in CLEAN_EXITS or "Traceback" in proc.stderr or not data
    return {
        "repo": repo,
        "root": rel,
        "exit": proc.returncode,
        "crash": crash,
        "seconds": seconds,
        "stderr": proc.stderr[-STDERR_KEEP:] if crash else "",
        "findings": data.get("findings", []),
        "errors": data.get("errors", []),
        "warnings": data.get("warnings", []),
        "not_covered": data.get("not_covered", []),
    }


def cmd_scan(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        print(f"error: {args.corpus} is not a directory", file=sys.stderr)
        return 2
    scanner = args.scanner.split() if args.scanner else [sys.executable, "-m", "scanner"]
    roots = list(find_roots(corpus))
    with cf.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(lambda item: scan_root(corpus, item[0], item[1], scanner), roots))
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    crashes = sum(1 for r in results if r["crash"])
    print(f"{len(results)} roots scanned, {crashes} crashed; results in {args.out}")
    return 1 if crashes else 0


def _load(path: str) -> list[Result]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise SystemExit(f"error: {path} is not a list of scan results")
    return data


def pick(results: list[Result], seed: int, per_status: int) -> list[tuple[Result, dict[str, Any]]]:
    """Up to ``per_status`` findings per status, drawn with ``random.Random(seed)`` in a stable order."""
    rows = [(r, f) for r in results for f in r.get("findings", [])]
    rng = random.Random(seed)
    chosen: list[tuple[Result, dict[str, Any]]] = []
    for status in STATUSES:
        pool = [row for row in rows if row[1]["status"] == status]
        chosen += rng.sample(pool, min(per_status, len(pool)))
    return chosen


def cmd_sample(args: argparse.Namespace) -> int:
    chosen = pick(_load(args.results), args.seed, args.per_status)
    lines = [
        "# Randomly sampled verdicts for review",
        f"seed {args.seed}, {args.per_status} per status; source {Path(args.results).name}",
        "",
        "Judge each: right / wrong / avoidable unknown, and why. Files are relative to the corpus directory.",
        "",
    ]
    for i, (run, f) in enumerate(chosen, 1):
        lines.append(
            f"{i}. [{f['status']}] {f['check_id']} | {f['resource']} | root {run['root']} | "
            f"{f['file']}:{f['line']} | region {f.get('region')}"
        )
        lines.append(f"   {f['message']}")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chosen)} verdicts written to {args.out}")
    return 0


_NAMES = re.compile(
    r"(module\.[\w\-\[\]\"\.]+|data\.[\w\.\-\[\]\"]+|aws_[\w\.\-\[\]\"]+|var\.\w+|variable \w+"
    r"|\"[^\"]*\"|'[^']*'|\b\d+\b)"
)


def unknown_reason(message: str) -> str:
    """The reason of an unknown with its names and numbers replaced by X, so that alike reasons group."""
    reason = message.split("cannot tell: ", 1)[-1]
    return _NAMES.sub("X", reason)[:150]


def summarise(results: list[Result]) -> dict[str, Any]:
    """Counts per status, the unknown share, exit codes, crashes and unknowns by reason and check."""
    status: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    checks: collections.Counter[str] = collections.Counter()
    for run in results:
        for f in run.get("findings", []):
            status[f["status"]] += 1
            if f["status"] == "unknown":
                reasons[unknown_reason(f["message"])] += 1
                checks[f["check_id"]] += 1
    total = sum(status.values())
    return {
        "roots": len(results),
        "crashes": [r["root"] for r in results if r["crash"]],
        "exits": dict(collections.Counter(str(r["exit"]) for r in results)),
        "errors": sum(len(r.get("errors", [])) for r in results),
        "status": {s: status[s] for s in STATUSES},
        "total": total,
        "unknown_share": round(100 * status["unknown"] / total, 1) if total else 0.0,
        "unknown_reasons": reasons.most_common(),
        "unknown_checks": checks.most_common(),
    }


def cmd_summary(args: argparse.Namespace) -> int:
    results = _load(args.results)
    s = summarise(results)
    if args.json:
        print(json.dumps(s, indent=1))
        return 0
    counts = s["status"]
    print(
        f"roots {s['roots']}, crashes {len(s['crashes'])}, scan errors {s['errors']}, exit codes {s['exits']}"
    )
    print(
        f"verdicts {s['total']}: {counts['pass']} pass, {counts['fail']} fail, {counts['unknown']} unknown; "
        f"unknown share {s['unknown_share']} %"
    )
    print("\nper repository: roots pass fail unknown")
    per_repo: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for run in results:
        per_repo[run["repo"]]["roots"] += 1
        for f in run.get("findings", []):
            per_repo[run["repo"]][f["status"]] += 1
    for repo, c in sorted(per_repo.items()):
        print(f"  {repo}: {c['roots']} {c['pass']} {c['fail']} {c['unknown']}")
    print("\nunknowns by reason:")
    for reason, n in s["unknown_reasons"]:
        print(f"  {n:4d}  {reason}")
    print("\nunknowns by check:")
    for check, n in s["unknown_checks"]:
        print(f"  {n:4d}  {check}")
    for root in s["crashes"]:
        print(f"CRASH {root}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("scan", help="scan every root of the corpus cold, JSON per root")
    p.add_argument("corpus", help="directory of owner+name checkouts")
    p.add_argument("--out", required=True, help="results file to write")
    p.add_argument("--jobs", type=int, default=2, help="scans at a time (default 2)")
    p.add_argument("--scanner", help="command that runs privacy-scan (default: this Python's -m scanner)")
    p.set_defaults(run=cmd_scan)
    p = sub.add_parser("sample", help="pick verdicts at random for a reviewer")
    p.add_argument("results")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--per-status", type=int, default=40)
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_sample)
    p = sub.add_parser("summary", help="counts, unknown share, unknowns by reason")
    p.add_argument("results")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=cmd_summary)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
