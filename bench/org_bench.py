"""Benchmark organisation scans on moto: shards, calls per resource, peak memory per shard.

Usage: PYTHONPATH=. python bench/org_bench.py [--runs 3] [--accounts 5] [--per-unit 500] [--json out.json]

1. Builds an AWS Organization (the management account and ``--accounts - 1`` members)
   with ``--per-unit`` resources in each of eu-west-1 and us-east-1 (log groups, queues,
   topics, tables, volumes, snapshots, security groups) plus S3 buckets, through the API.
2. For 1, 2 and 4 shards, runs the shards as separate processes into a fresh results
   folder (as an engine runs them), then ``merge``: median wall time, calls per resource,
   and the peak RSS of the largest shard (``wait4``'s ``ru_maxrss`` per process).
3. Peak RSS of one shard over 2 units and over 10 units (one account vs five), and of the
   whole in-memory scan of the same ten units, for comparison.
4. The 12-resource account of ``bench/twelve_bench.py``, with moto's stock AMI snapshots
   loaded (a second moto server with ``MOTO_EC2_LOAD_DEFAULT_AMIS=true``) and without.

Numbers are for moto on loopback and its single process: they measure privacy-scan's own
overhead and the number of calls, not AWS latency.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from twelve_bench import start_moto, twelve_resource_account  # noqa: E402 - a sibling script

ROLE = "privacy-scan-audit"
REGIONS = ("eu-west-1", "us-east-1")


def _session(account: str):
    import boto3

    creds = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/setup", RoleSessionName="setup"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def build_org(accounts: int, per_unit: int) -> tuple[list[str], Counter]:
    import boto3

    org = boto3.client("organizations", region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    ids = [boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]]
    for i in range(accounts - 1):
        ids.append(
            org.create_account(Email=f"m{i}@example.org", AccountName=f"member-{i}")["CreateAccountStatus"][
                "AccountId"
            ]
        )
    counts: Counter = Counter()
    share = {"logs": 0.5, "sqs": 0.2, "sns": 0.12, "dynamodb": 0.06, "ebs": 0.04, "sg": 0.04, "snap": 0.04}
    for account in ids:
        aws = _session(account)
        for region in REGIONS:
            n = {k: int(per_unit * v) for k, v in share.items()}
            logs, sqs, sns = (aws.client(s, region_name=region) for s in ("logs", "sqs", "sns"))
            ddb, ec2 = aws.client("dynamodb", region_name=region), aws.client("ec2", region_name=region)
            for i in range(n["logs"]):
                logs.create_log_group(logGroupName=f"/bench/{i}")
            for i in range(n["sqs"]):
                sqs.create_queue(QueueName=f"bench-{i}")
            for i in range(n["sns"]):
                sns.create_topic(Name=f"bench-{i}")
            for i in range(n["dynamodb"]):
                ddb.create_table(
                    TableName=f"bench-{i}",
                    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                    BillingMode="PAY_PER_REQUEST",
                )
            for i in range(n["sg"]):
                ec2.create_security_group(GroupName=f"bench-{i}", Description="bench")
            for i in range(n["ebs"]):
                vol = ec2.create_volume(AvailabilityZone=f"{region}a", Size=1, Encrypted=bool(i % 2))
                if i < n["snap"]:
                    ec2.create_snapshot(VolumeId=vol["VolumeId"])
            for kind, key in (
                ("aws_cloudwatch_log_group", "logs"),
                ("aws_sqs_queue", "sqs"),
                ("aws_sns_topic", "sns"),
                ("aws_dynamodb_table", "dynamodb"),
                ("aws_security_group", "sg"),
                ("aws_ebs_volume", "ebs"),
                ("aws_ebs_snapshot", "snap"),
            ):
                counts[kind] += n[key]
        s3 = aws.client("s3", region_name="eu-west-1")
        for i in range(per_unit // 25):
            s3.create_bucket(
                Bucket=f"bench-{account}-{i}", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
            )
            counts["aws_s3_bucket"] += 1
    return ids, counts


# The CLI, reporting its own peak RSS (VmHWM) at exit. wait4's ru_maxrss cannot be used: Linux
# keeps the high-water mark across exec, so every child would report this (large) parent's size.
_MEASURED = (
    "import atexit, os, sys\n"
    "def _report():\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "    open(os.environ['ORG_BENCH_RSS'], 'w').write(hwm)\n"
    "atexit.register(_report)\n"
    "sys.argv = ['privacy-scan', *sys.argv[1:]]\n"
    "from scanner.cli import main\n"
    "main()\n"
)


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", _MEASURED, *args]


def _spawn(args: list[str], rss_file: Path) -> subprocess.Popen:
    env = {**os.environ, "ORG_BENCH_RSS": str(rss_file)}
    return subprocess.Popen(_cmd(*args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _wait(proc: subprocess.Popen, rss_file: Path) -> tuple[int, int]:
    """Exit code and peak RSS (KiB) of one child, as it reported it."""
    code = proc.wait()
    return code, int(rss_file.read_text())


def run_shards(count: int, scan: list[str], folder: Path) -> dict:
    start = time.monotonic()
    rss = [folder.with_name(f"{folder.name}-rss-{i}") for i in range(count)]
    procs = [
        _spawn(["live", *scan, "--shard", f"{i}/{count}", "--results-dir", str(folder)], rss[i])
        for i in range(count)
    ]
    waited = [_wait(p, r) for p, r in zip(procs, rss, strict=True)]
    scan_s = time.monotonic() - start
    merge_start = time.monotonic()
    merged = subprocess.run(_cmd("merge", str(folder), "--format", "json"), capture_output=True, text=True)
    merge_s = time.monotonic() - merge_start
    report = json.loads(merged.stdout)
    calls = 0
    for marker in (folder / "units").glob("*.done.json"):
        calls += json.loads(marker.read_text())["calls"]
    return {
        "shard_exit_codes": [c for c, _ in waited],
        "scan_s": round(scan_s, 1),
        "merge_s": round(merge_s, 1),
        "peak_rss_mib_largest_shard": round(max(r for _, r in waited) / 1024, 1),
        "calls": calls,
        "findings": len(report["findings"]),
        "errors": len(report["errors"]),
        "merge_exit": merged.returncode,
    }


def peak_rss(args: list[str], work: Path) -> tuple[int, float]:
    rss_file = Path(tempfile.mkstemp(dir=work)[1])
    code, rss = _wait(_spawn(args, rss_file), rss_file)
    return code, round(rss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--accounts", type=int, default=5)
    parser.add_argument("--per-unit", type=int, default=500)
    parser.add_argument("--shards", default="1,2,4")
    parser.add_argument("--rate-limit", default="40")
    parser.add_argument("--skip-org", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="eu-west-1",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
        CI="1",
        PYTHONPATH=str(ROOT),
    )
    report: dict = {}
    if not args.skip_org:
        server, endpoint = start_moto(stock_amis=False)
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        work = Path(tempfile.mkdtemp(prefix="org-bench-"))
        try:
            started = time.monotonic()
            ids, built = build_org(args.accounts, args.per_unit)
            report["built"] = dict(built)
            report["resources"] = sum(built.values())
            report["build_s"] = round(time.monotonic() - started, 1)
            scan = [
                "--organization-role", ROLE, "--regions", ",".join(REGIONS),
                "--max-attempts", "3", "--rate-limit", args.rate_limit,
            ]  # fmt: skip
            # warm-up: moto builds every backend of every account on first use
            run_shards(1, scan, work / "warm")
            shards: dict = {}
            for count in [int(c) for c in args.shards.split(",")]:
                runs = [run_shards(count, scan, work / f"s{count}-{i}") for i in range(args.runs)]
                first = runs[0]
                shards[count] = {
                    "median_scan_s": statistics.median(r["scan_s"] for r in runs),
                    "median_merge_s": statistics.median(r["merge_s"] for r in runs),
                    "median_peak_rss_mib_largest_shard": statistics.median(
                        r["peak_rss_mib_largest_shard"] for r in runs
                    ),
                    "calls": first["calls"],
                    "calls_per_resource": round(first["calls"] / report["resources"], 2),
                    "findings": first["findings"],
                    "same_findings_every_run": len({r["findings"] for r in runs}) == 1,
                    "exit_codes": first["shard_exit_codes"],
                    "runs": runs,
                }
            report["shards"] = shards
            one = ["--include-account", ids[1], "--regions", "eu-west-1"]
            five = ["--regions", "eu-west-1"]
            base = ["--organization-role", ROLE, "--max-attempts", "3", "--rate-limit", args.rate_limit]
            memory: dict = {}
            for label, extra in (("2_units", one), ("10_units", five)):
                values = []
                for i in range(args.runs):
                    folder = work / f"mem-{label}-{i}"
                    _, rss = peak_rss(["live", *base, *extra, "--results-dir", str(folder)], work)
                    values.append(rss)
                memory[f"one_shard_{label}_peak_rss_mib"] = statistics.median(values)
            whole = [peak_rss(["live", *base, *five, "--format", "json"], work)[1] for _ in range(args.runs)]
            memory["whole_scan_in_memory_10_units_peak_rss_mib"] = statistics.median(whole)
            report["memory"] = memory
        finally:
            server.terminate()
            server.wait(timeout=10)
            shutil.rmtree(work, ignore_errors=True)
    report["twelve_resource_account"] = {
        "stock_snapshots_loaded": twelve_resource_account(args.runs, stock_amis=True),
        "without_stock_snapshots": twelve_resource_account(args.runs, stock_amis=False),
    }
    print(json.dumps(report, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
