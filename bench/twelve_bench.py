"""Benchmark the 12-resource account of the live tests, with moto's stock snapshots loaded.

Usage: PYTHONPATH=. python bench/twelve_bench.py [--runs 5] [--no-stock] [--profile out.prof]

Starts a moto server in its own process (``MOTO_EC2_LOAD_DEFAULT_AMIS=true`` unless
``--no-stock``: moto then holds ~1,300 snapshots of its stock AMIs in every region, owned
by other accounts and listed whatever ``OwnerIds`` asks), builds a 12-resource account in
eu-west-1 (3 buckets, 3 log groups, 2 queues, 2 tables, a volume and its snapshot) through
the API, and runs ``privacy-scan live`` as a new process ``--runs`` times after one
warm-up. Prints the median wall time of the whole process, each run, the CPU seconds of the
scan process and of moto per run (on a shared machine wall time also counts waiting for a
core: the load average is printed too), the findings and the snapshots moto lists.
``--profile`` also writes a cProfile of one more run.

The scan runs as an installed package does, from compiled bytecode: the children get a
private bytecode cache (``PYTHONPYCACHEPREFIX`` in a temporary folder), so an environment
with ``PYTHONDONTWRITEBYTECODE`` set does not add a compile of the package to every run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGION = "eu-west-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto(stock_amis: bool) -> tuple[subprocess.Popen, str]:
    """moto in its own process (in-process it would share the GIL with the scan)."""
    port = _free_port()
    env = {**os.environ, "MOTO_EC2_LOAD_DEFAULT_AMIS": "true" if stock_amis else "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"http://127.0.0.1:{port}"
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("moto server did not start")


def build_twelve() -> int:
    """The 12 resources; returns how many snapshots moto lists for ``OwnerIds=["self"]``."""
    import boto3

    s3 = boto3.client("s3", region_name=REGION)
    logs = boto3.client("logs", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    ddb = boto3.client("dynamodb", region_name=REGION)
    for i in range(3):
        s3.create_bucket(Bucket=f"twelve-{i}", CreateBucketConfiguration={"LocationConstraint": REGION})
        logs.create_log_group(logGroupName=f"/twelve/{i}")
    for i in range(2):
        sqs.create_queue(QueueName=f"twelve-{i}")
        ddb.create_table(
            TableName=f"twelve-{i}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    ec2 = boto3.client("ec2", region_name=REGION)
    vol = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=1)
    ec2.create_snapshot(VolumeId=vol["VolumeId"])
    return len(ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"])


SCAN = ["live", "--regions", REGION, "--format", "json", "--max-attempts", "2"]


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _scan(prefix: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds, the finished process) of one ``privacy-scan live``."""
    cpu = _children_cpu()
    start = time.monotonic()
    done = subprocess.run(
        [*prefix, "-m", "scanner", *SCAN], capture_output=True, text=True, cwd=ROOT, env=env
    )
    return time.monotonic() - start, _children_cpu() - cpu, done


def twelve_resource_account(runs: int, stock_amis: bool, profile: str | None = None) -> dict:
    """Median wall time of ``privacy-scan live`` (a whole process) over the 12-resource account."""
    server, endpoint = start_moto(stock_amis)
    saved = os.environ.get("AWS_ENDPOINT_URL")
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    try:
        listed = build_twelve()
        with tempfile.TemporaryDirectory(prefix="twelve-pyc-") as pyc:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = pyc
            _scan([sys.executable], env)  # warm-up: moto's per-region backends, the bytecode cache
            times, cpu, moto_cpu = [], [], []
            done = None
            for _ in range(runs):
                before = _cpu_of(server.pid)
                seconds, used, done = _scan([sys.executable], env)
                moto_cpu.append(_cpu_of(server.pid) - before)
                times.append(seconds)
                cpu.append(used)
            if profile:
                _scan([sys.executable, "-m", "cProfile", "-o", profile], env)
        assert done is not None
        report = json.loads(done.stdout)
        return {
            "snapshots_listed_by_moto": listed,
            "median_s": round(statistics.median(times), 2),
            "all_s": [round(t, 2) for t in times],
            "median_scan_cpu_s": round(statistics.median(cpu), 2),
            "median_moto_cpu_s": round(statistics.median(moto_cpu), 2),
            "load_average_1min": round(os.getloadavg()[0], 1),
            "exit_code": done.returncode,
            "findings": len(report["findings"]),
            "resources": len({f["resource"] for f in report["findings"]}),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
        if saved is None:
            os.environ.pop("AWS_ENDPOINT_URL", None)
        else:
            os.environ["AWS_ENDPOINT_URL"] = saved


def bench_env() -> None:
    """Credentials and settings for moto; no profile, config or metadata lookups."""
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        CI="1",
        PYTHONPATH=str(ROOT),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-stock", action="store_true", help="without moto's stock snapshots")
    parser.add_argument("--profile", help="write a cProfile of one more run here")
    args = parser.parse_args()
    bench_env()
    print(json.dumps(twelve_resource_account(args.runs, not args.no_stock, args.profile), indent=1))


if __name__ == "__main__":
    sys.exit(main())
