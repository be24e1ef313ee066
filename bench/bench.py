"""Benchmark of the Terraform source: synthetic trees, cold and warm scans.

    python bench/bench.py generate OUT --modules 50 --resources 20
    python bench/bench.py time DIR [DIR...] [--runs 5] [--cli]

``time`` runs every scan in a fresh subprocess (what a pre-commit hook pays):
cold runs use an empty cache directory each time, warm runs reuse one that a
first scan filled. It prints medians, files per second (the ``.tf`` files the
scan actually parses: roots, their local modules and modules ``terraform init``
fetched, not every file under DIR), the peak RSS of the child processes and
the load average before and after, since a shared machine skews the figures;
the median CPU time of the children is the steadier figure there. By default it
times ``load_config``; ``--cli`` times the whole ``python -m scanner iac DIR
--format json`` instead; ``--only warm`` skips the (slow) cold runs.
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

MODULE_TEMPLATE = """\
variable "name" {{
  type = string
}}

variable "retention" {{
  type    = number
  default = {retention}
}}

locals {{
  prefix = "${{var.name}}-{index}"
  tags   = {{ Module = "{index}", Owner = "team-${{var.name}}" }}
}}
"""

BUCKET = """
resource "aws_s3_bucket" "b{i}" {{
  bucket = "${{local.prefix}}-data-{i}"
  tags   = local.tags
}}

resource "aws_s3_bucket_server_side_encryption_configuration" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm = "aws:kms"
    }}
  }}
}}

resource "aws_s3_bucket_public_access_block" "b{i}" {{
  bucket                  = aws_s3_bucket.b{i}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_s3_bucket_lifecycle_configuration" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  rule {{
    id     = "expire"
    status = "Enabled"
    filter {{}}
    expiration {{
      days = var.retention
    }}
  }}
}}
"""

RDS = """
resource "aws_db_instance" "db{i}" {{
  identifier              = "${{local.prefix}}-db-{i}"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  storage_encrypted       = {encrypted}
  publicly_accessible     = false
  backup_retention_period = var.retention > 35 ? 35 : var.retention
  tags                    = merge(local.tags, {{ Name = "db-{i}" }})
}}
"""

LOGS = """
resource "aws_cloudwatch_log_group" "log{i}" {{
  name              = "/app/${{local.prefix}}/{i}"
  retention_in_days = var.retention
}}
"""

SG = """
resource "aws_security_group" "sg{i}" {{
  name = "${{local.prefix}}-sg-{i}"
  dynamic "ingress" {{
    for_each = [443, 8443]
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }}
  }}
}}
"""

KINDS = [BUCKET, RDS, LOGS, SG]


def generate(out: Path, modules: int, resources: int) -> int:
    """Write a root module calling ``modules`` local modules of ``resources`` resources each."""
    out.mkdir(parents=True, exist_ok=True)
    root = [
        'provider "aws" {\n  region = var.region\n}\n',
        'variable "region" {\n  default = "eu-west-1"\n}\n',
    ]
    files = 0
    for m in range(modules):
        mdir = out / "modules" / f"m{m:03}"
        mdir.mkdir(parents=True, exist_ok=True)
        (mdir / "variables.tf").write_text(MODULE_TEMPLATE.format(index=m, retention=30 + m % 60))
        body = [
            KINDS[i % len(KINDS)].format(i=i, encrypted=str(i % 3 != 0).lower()) for i in range(resources)
        ]
        per_file = 5
        for start in range(0, len(body), per_file):
            (mdir / f"main_{start // per_file:02}.tf").write_text("".join(body[start : start + per_file]))
            files += 1
        files += 1
        root.append(f'module "m{m:03}" {{\n  source = "./modules/m{m:03}"\n  name   = "svc{m}"\n}}\n')
    (out / "main.tf").write_text("\n".join(root))
    return files + 1


def _count_parsed(directories: list[Path]) -> tuple[int, int]:
    """(.tf files a scan of ``directories`` parses, resources and data sources it emits)."""
    from scanner.sources.terraform import loader

    sessions: list[loader.Session] = []
    original = loader.Session.__init__

    def recording(self: loader.Session, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        sessions.append(self)

    loader.Session.__init__ = recording  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory(prefix="privacy-scan-bench-") as tmp:
            config = loader.load_config(directories, env={**os.environ, "PRIVACY_SCAN_CACHE_DIR": tmp})
    finally:
        loader.Session.__init__ = original  # type: ignore[method-assign]
    return sum(len(s.files) for s in sessions), len(config.blocks)


def _one_run(directories: list[Path], cache: Path, cli: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child): CPU time is the steadier figure on a busy machine."""
    env = {**os.environ, "PRIVACY_SCAN_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    paths = [str(d) for d in directories]
    if cli:
        cmd = [sys.executable, "-m", "scanner", "iac", *paths, "--format", "json"]
    else:
        code = (
            "import sys; from pathlib import Path; from scanner.sources.terraform.loader import load_config; "
            "c = load_config([Path(p) for p in sys.argv[1:]]); print(len(c.blocks), len(c.errors))"
        )
        cmd = [sys.executable, "-c", code, *paths]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1, 3):
        sys.stderr.write(proc.stderr[-2000:])
        raise SystemExit(f"scan failed with exit code {proc.returncode}")
    return elapsed, cpu


def time_scans(directories: list[Path], runs: int, cli: bool, only: str | None = None) -> None:
    sys.path.insert(0, str(REPO))
    files, blocks = _count_parsed(directories)
    load_before = os.getloadavg()[0]
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="privacy-scan-bench-") as tmp:
        if only != "warm":
            results["cold"] = [_one_run(directories, Path(tmp) / f"cold{i}", cli) for i in range(runs)]
        if only != "cold":
            warm_dir = Path(tmp) / "warm"
            _one_run(directories, warm_dir, cli)  # fill the warm cache
            results["warm"] = [_one_run(directories, warm_dir, cli) for _ in range(runs)]
    load_after = os.getloadavg()[0]
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    what = "CLI (python -m scanner iac)" if cli else "load_config"
    shown = " ".join(str(d) for d in directories)
    print(f"{what} on {shown}: {files} .tf files parsed, {blocks} resource/data instances")
    print(
        f"  {runs} runs each, {os.cpu_count()} CPUs, load average {load_before:.2f} before, {load_after:.2f} after"
    )
    for label, pairs in results.items():
        walls = [w for w, _ in pairs]
        med = statistics.median(walls)
        cpu = statistics.median(c for _, c in pairs)
        print(
            f"  {label}: median {med:.3f} s  ({files / med:.0f} files/s)  min {min(walls):.3f}  "
            f"max {max(walls):.3f}; cpu median {cpu:.3f} s"
        )
    print(f"  peak RSS of a child: {peak_kb / 1024:.0f} MiB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a synthetic Terraform tree")
    gen.add_argument("out", type=Path)
    gen.add_argument("--modules", type=int, default=50)
    gen.add_argument("--resources", type=int, default=20)
    tim = sub.add_parser("time", help="time cold and warm scans of a directory")
    tim.add_argument("directories", type=Path, nargs="+", metavar="DIR")
    tim.add_argument("--runs", type=int, default=5)
    tim.add_argument("--cli", action="store_true", help="time the full CLI instead of load_config")
    tim.add_argument("--only", choices=("cold", "warm"), help="time only cold or only warm scans")
    args = parser.parse_args(argv)
    if args.command == "generate":
        n = generate(args.out, args.modules, args.resources)
        print(f"wrote {n} .tf files under {args.out}")
    else:
        time_scans(args.directories, args.runs, args.cli, args.only)


if __name__ == "__main__":
    main()
