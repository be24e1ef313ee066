"""EFS file systems: encryption, file system policy, replication destinations."""

from __future__ import annotations

import json
from typing import Any

from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Unknown, Value


class Efs(Collector):
    name = "efs"
    service = "efs"
    PRODUCES = (
        Wildcard(
            Kind.FILE_SYSTEM,
            "aws_efs_file_system",
            "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/*",
        ),
    )
    CALLS = (
        Api("efs", "DescribeFileSystems", "elasticfilesystem:DescribeFileSystems"),
        Api("efs", "DescribeFileSystemPolicy", "elasticfilesystem:DescribeFileSystemPolicy"),
        Api(
            "efs", "DescribeReplicationConfigurations", "elasticfilesystem:DescribeReplicationConfigurations"
        ),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeFileSystems", "FileSystems")
        if not listing.ok:
            arn = f"arn:{scan.partition}:elasticfilesystem:{scan.region}:{scan.account_id}:file-system/*"
            yield scan.placeholder(Kind.FILE_SYSTEM, "aws_efs_file_system", arn, listing)
            return
        for fs in listing.data:
            fs_id = fs["FileSystemId"]
            arn = fs.get("FileSystemArn") or (
                f"arn:{scan.partition}:elasticfilesystem:{scan.region}:{scan.account_id}:file-system/{fs_id}"
            )
            res = scan.resource(
                Kind.FILE_SYSTEM, "aws_efs_file_system", arn, fs.get("CreationToken") or fs_id
            )
            encrypted = bool(fs.get("Encrypted"))
            key = fs.get("KmsKeyId") if encrypted else None
            res.set("encrypted", encrypted)
            res.set("kms_key_id", key)
            res.attrs["customer_managed_key"] = key_value(res, key) if encrypted else Value(False, res.source)
            policy = scan.call("DescribeFileSystemPolicy", absent=("PolicyNotFound",), FileSystemId=fs_id)
            scan.fill(res, policy, ("policy",), _policy)
            replication = scan.call(
                "DescribeReplicationConfigurations", absent=("ReplicationNotFound",), FileSystemId=fs_id
            )
            scan.fill(res, replication, ("replica_regions",), _replicas)
            yield res


def _policy(data: dict[str, Any] | None) -> dict[str, Any]:
    text = (data or {}).get("Policy")
    if not text:
        return {"policy": None}
    try:
        return {"policy": json.loads(text)}
    except ValueError:
        return {"policy": Value(Unknown("the file system policy is not valid JSON"))}


def _replicas(data: dict[str, Any] | None) -> dict[str, Any]:
    regions: list[str] = []
    for config in (data or {}).get("Replications") or []:
        for dest in config.get("Destinations") or []:
            if dest.get("Region") and dest["Region"] not in regions:
                regions.append(dest["Region"])
    return {"replica_regions": regions}
