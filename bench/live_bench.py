"""Benchmark ``privacy-scan live`` collection on a moto server holding a few hundred resources.

Usage: PYTHONPATH=. python bench/live_bench.py [--runs 5] [--scale 1] [--workers 1,8,16]

Builds the scenario through the AWS API (buckets, log groups, queues, topics, tables,
databases, keys, security groups, streams in eu-west-1 and us-east-1), then runs the
collection ``--runs`` times per worker count and prints the median wall time, the
resources found and the API calls per IAM action. Numbers are for moto on loopback:
they measure privacy-scan's own overhead and concurrency, not AWS latency.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, int]:
    """moto in its own process: in-process, its request handling would share the GIL with the scan."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server, port
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("moto server did not start")


def build(scale: int) -> dict[str, int]:
    import boto3

    counts: Counter = Counter()
    for region in ("eu-west-1", "us-east-1"):
        s3 = boto3.client("s3", region_name=region)
        logs = boto3.client("logs", region_name=region)
        sqs = boto3.client("sqs", region_name=region)
        sns = boto3.client("sns", region_name=region)
        ddb = boto3.client("dynamodb", region_name=region)
        rds = boto3.client("rds", region_name=region)
        kms = boto3.client("kms", region_name=region)
        ec2 = boto3.client("ec2", region_name=region)
        kinesis = boto3.client("kinesis", region_name=region)
        for i in range(40 * scale):
            name = f"bench-{region}-{i}"
            if region == "us-east-1":
                s3.create_bucket(Bucket=name)
            else:
                s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
            counts["aws_s3_bucket"] += 1
            logs.create_log_group(logGroupName=f"/bench/{i}")
            if i % 2:
                logs.put_retention_policy(logGroupName=f"/bench/{i}", retentionInDays=30)
            counts["aws_cloudwatch_log_group"] += 1
        for i in range(20 * scale):
            sqs.create_queue(QueueName=f"bench-{i}")
            sns.create_topic(Name=f"bench-{i}")
            counts["aws_sqs_queue"] += 1
            counts["aws_sns_topic"] += 1
        for i in range(15 * scale):
            ddb.create_table(
                TableName=f"bench-{i}",
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
            counts["aws_dynamodb_table"] += 1
        for i in range(8 * scale):
            rds.create_db_instance(
                DBInstanceIdentifier=f"bench-{i}",
                Engine="postgres",
                DBInstanceClass="db.t3.micro",
                MasterUsername="admin",
                MasterUserPassword="secret-pass-1",
                AllocatedStorage=20,
            )
            kms.create_key(Description=f"bench-{i}")
            ec2.create_security_group(GroupName=f"bench-{i}", Description="bench")
            kinesis.create_stream(StreamName=f"bench-{i}", ShardCount=1)
            counts["aws_db_instance"] += 1
            counts["aws_kms_key"] += 1
            counts["aws_security_group"] += 1
            counts["aws_kinesis_stream"] += 1
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--workers", default="1,8,16")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="eu-west-1",
        MOTO_EC2_LOAD_DEFAULT_AMIS="false",
        CI="1",
    )
    server, port = start_moto()
    os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        built = build(args.scale)
        build_s = time.monotonic() - started
        from scanner.sources.live.collect import LiveOptions, LiveStats, collect_live
        from scanner.sources.live.session import ClientSettings

        def options(workers: int) -> LiveOptions:
            return LiveOptions(
                regions=["eu-west-1", "us-east-1"],
                max_workers=workers,
                progress=False,
                settings=ClientSettings(max_attempts=2),
            )

        collect_live(options(8))  # warm-up: moto creates its per-region backends on first use
        results = {}
        for workers in [int(w) for w in args.workers.split(",")]:
            times = []
            cpu = []
            for _ in range(args.runs):
                stats = LiveStats()
                before = time.process_time()
                state = collect_live(options(workers), stats)
                cpu.append(time.process_time() - before)  # this process only: moto runs in its own
                times.append(stats.seconds)
            results[workers] = {
                "median_s": round(statistics.median(times), 2),
                "median_client_cpu_s": round(statistics.median(cpu), 2),
                "min_s": round(min(times), 2),
                "max_s": round(max(times), 2),
                "runs": args.runs,
                "resources": len(state.resources),
                "calls": sum(stats.calls.values()),
                "tasks": stats.tasks,
                "errors": len(state.errors),
            }
        by_type = Counter(r.resource_type for r in state.resources)
        report = {
            "built": built,
            "build_s": round(build_s, 1),
            "results": results,
            "resources_by_type": dict(sorted(by_type.items())),
            "calls_by_action": dict(sorted(stats.calls.items())),
        }
        print(json.dumps(report, indent=1))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as out:
                json.dump(report, out, indent=1)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
