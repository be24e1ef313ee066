"""DynamoDB tables: encryption, global-table replicas, TTL, point-in-time recovery, resource policy.

As in the Terraform adapter: a table is always encrypted (an AWS owned key when
``SSEDescription`` is absent), the endpoint accepts plain HTTP so TLS is not
enforced by the service, and without point-in-time recovery there are no
automated backups (``backup_retention_days = 0``).
"""

from __future__ import annotations

import json
from typing import Any

from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Unknown, Value


class DynamoDb(Collector):
    name = "dynamodb"
    service = "dynamodb"
    PRODUCES = (
        Wildcard(
            Kind.DATABASE,
            "aws_dynamodb_table",
            "arn:{partition}:dynamodb:{region}:{account}:table/*",
            "key_value",
        ),
    )
    CALLS = (
        Api("dynamodb", "ListTables", "dynamodb:ListTables"),
        Api("dynamodb", "DescribeTable", "dynamodb:DescribeTable"),
        Api("dynamodb", "DescribeTimeToLive", "dynamodb:DescribeTimeToLive"),
        Api("dynamodb", "DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups"),
        Api("dynamodb", "GetResourcePolicy", "dynamodb:GetResourcePolicy"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("ListTables", "TableNames")
        if not listing.ok:
            arn = f"arn:{scan.partition}:dynamodb:{scan.region}:{scan.account_id}:table/*"
            yield scan.placeholder(Kind.DATABASE, "aws_dynamodb_table", arn, listing, subkind="key_value")
            return
        for name in listing.data:
            yield _task(scan, name)


def _task(scan: Scan, name: str):
    def run():
        yield table(scan, name)

    return run


def table(scan: Scan, name: str):
    described = scan.call("DescribeTable", TableName=name)
    arn = f"arn:{scan.partition}:dynamodb:{scan.region}:{scan.account_id}:table/{name}"
    if described.ok:
        arn = described.data["Table"].get("TableArn", arn)
    res = scan.resource(Kind.DATABASE, "aws_dynamodb_table", arn, name, "key_value")
    res.set("engine", "dynamodb")
    res.attrs["publicly_accessible"] = default(False, res)
    res.attrs["tls_enforced"] = default(False, res)
    res.attrs["min_tls_version"] = default("1.2", res)
    res.attrs["audit_logging"] = default(False, res)
    res.attrs["query_logging"] = default(False, res)
    scan.fill(
        res,
        described,
        ("encrypted", "customer_managed_key", "kms_key_id", "replica_regions"),
        lambda d: _table(d["Table"], res),
    )
    scan.fill(
        res,
        scan.call("DescribeTimeToLive", TableName=name),
        ("ttl_enabled",),
        lambda d: {
            "ttl_enabled": d["TimeToLiveDescription"].get("TimeToLiveStatus") in ("ENABLED", "ENABLING")
        },
    )
    scan.fill(
        res,
        scan.call("DescribeContinuousBackups", TableName=name),
        ("backup_retention_days",),
        _pitr,
    )
    scan.fill(
        res,
        scan.call("GetResourcePolicy", absent=("PolicyNotFoundException",), ResourceArn=arn),
        ("policy",),
        _policy,
    )
    return res


def _table(table: dict[str, Any], res) -> dict[str, Any]:
    sse = table.get("SSEDescription") or {}
    key = sse.get("KMSMasterKeyArn")
    replicas = [r["RegionName"] for r in table.get("Replicas") or [] if r.get("RegionName")]
    if sse.get("Status") in ("ENABLED", "UPDATING") and sse.get("SSEType") == "KMS":
        cmk = key_value(res, key)
    else:
        cmk = default(False, res)  # the AWS owned key
    return {
        "encrypted": default(True, res) if not sse else True,
        "customer_managed_key": cmk,
        "kms_key_id": key,
        "replica_regions": replicas,
    }


def _pitr(data: dict[str, Any]) -> dict[str, Any]:
    desc = (data.get("ContinuousBackupsDescription") or {}).get("PointInTimeRecoveryDescription") or {}
    if desc.get("PointInTimeRecoveryStatus") != "ENABLED":
        return {"backup_retention_days": 0}
    return {"backup_retention_days": desc.get("RecoveryPeriodInDays") or 35}


def _policy(data: dict[str, Any] | None) -> dict[str, Any]:
    text = (data or {}).get("Policy")
    if not text:
        return {"policy": None}
    try:
        return {"policy": json.loads(text)}
    except ValueError:
        return {"policy": Value(Unknown("the table's resource policy is not valid JSON"))}
