"""RDS answers moto cannot give: Aurora members, DocumentDB/Neptune in the RDS API, a denied parameter read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .test_recorded import collect_recorded

ARN = "arn:aws:rds:eu-west-1:123456789012"
NO_SNAPSHOTS = [
    {"service": "rds", "operation": "DescribeDBSnapshots", "response": {"DBSnapshots": []}},
    {"service": "rds", "operation": "DescribeDBClusterSnapshots", "response": {"DBClusterSnapshots": []}},
]


def _collect(tmp_path: Path, calls: list[dict[str, Any]]):
    path = tmp_path / "rds.json"
    path.write_text(json.dumps({"collector": "rds", "region": "eu-west-1", "calls": calls, "expect": {}}))
    resources, account, _ = collect_recorded(path)
    return {r.address: r for r in resources}, account


def test_an_aurora_cluster_is_public_when_a_member_instance_is(tmp_path: Path) -> None:
    """Aurora sets publicly_accessible per instance; DocumentDB and Neptune are not judged as RDS."""
    member = {
        "DBInstanceIdentifier": "shop-1",
        "DBInstanceArn": f"{ARN}:db:shop-1",
        "Engine": "aurora-postgresql",
        "DBClusterIdentifier": "shop",
        "PubliclyAccessible": True,
    }
    private_member = {**member, "DBInstanceIdentifier": "shop-2", "PubliclyAccessible": False}
    docdb_member = {
        "DBInstanceIdentifier": "docs-1",
        "DBInstanceArn": f"{ARN}:db:docs-1",
        "Engine": "docdb",
        "DBClusterIdentifier": "docs",
    }
    cluster = {
        "DBClusterIdentifier": "shop",
        "DBClusterArn": f"{ARN}:cluster:shop",
        "Engine": "aurora-postgresql",
        "EngineVersion": "16.4",
        "StorageEncrypted": True,
        "DBClusterParameterGroup": "shop-params",
        "BackupRetentionPeriod": 7,
    }
    calls = [
        {
            "service": "rds",
            "operation": "DescribeDBInstances",
            "response": {"DBInstances": [member, private_member, docdb_member]},
        },
        {
            "service": "rds",
            "operation": "DescribeDBClusters",
            "response": {
                "DBClusters": [
                    cluster,
                    {**cluster, "DBClusterIdentifier": "quiet", "DBClusterArn": f"{ARN}:cluster:quiet"},
                    {"DBClusterIdentifier": "docs", "DBClusterArn": f"{ARN}:cluster:docs", "Engine": "docdb"},
                ]
            },
        },
        {
            "service": "rds",
            "operation": "DescribeDBClusterParameters",
            "response": {"Parameters": [{"ParameterName": "rds.force_ssl", "ParameterValue": "1"}]},
        },
        *NO_SNAPSHOTS,
    ]
    by_arn, account = _collect(tmp_path, calls)
    assert account.errors == []
    assert sorted(by_arn) == [f"{ARN}:cluster:quiet", f"{ARN}:cluster:shop"]
    assert by_arn[f"{ARN}:cluster:shop"].get("publicly_accessible").raw is True
    assert by_arn[f"{ARN}:cluster:quiet"].get("publicly_accessible").raw is False
    assert by_arn[f"{ARN}:cluster:shop"].get("tls_enforced").raw is True


def test_a_denied_parameter_read_leaves_postgres_audit_logging_unknown(tmp_path: Path) -> None:
    """PostgreSQL's audit logging depends on pgaudit/log_connections: unknown, never a failing False."""
    db = {
        "DBInstanceIdentifier": "pg",
        "DBInstanceArn": f"{ARN}:db:pg",
        "Engine": "postgres",
        "EngineVersion": "16.3",
        "DBParameterGroups": [{"DBParameterGroupName": "audited"}],
        "EnabledCloudwatchLogsExports": ["postgresql"],
    }
    mysql = {
        **db,
        "DBInstanceIdentifier": "my",
        "DBInstanceArn": f"{ARN}:db:my",
        "Engine": "mysql",
        "EngineVersion": "8.0.35",
        "DBParameterGroups": [{"DBParameterGroupName": "audited-mysql"}],
        "EnabledCloudwatchLogsExports": ["audit"],
    }
    denied = {"code": "AccessDenied", "status": 403}
    calls = [
        {"service": "rds", "operation": "DescribeDBInstances", "response": {"DBInstances": [db, mysql]}},
        {"service": "rds", "operation": "DescribeDBParameters", "error": denied},
        {"service": "rds", "operation": "DescribeDBParameters", "error": denied},
        {"service": "rds", "operation": "DescribeDBClusters", "response": {"DBClusters": []}},
        *NO_SNAPSHOTS,
    ]
    by_arn, account = _collect(tmp_path, calls)
    assert [e.action for e in account.errors] == ["rds:DescribeDBParameters"] * 2
    reason = "rds:DescribeDBParameters denied (AccessDenied): grant rds:DescribeDBParameters"
    pg, my = by_arn[f"{ARN}:db:pg"], by_arn[f"{ARN}:db:my"]
    for attr in ("audit_logging", "query_logging", "tls_enforced", "min_tls_version"):
        assert pg.get(attr).reason == reason, attr
    for attr in ("query_logging", "tls_enforced", "min_tls_version"):
        assert my.get(attr).reason == reason, attr
    assert my.get("audit_logging").raw is True  # the exported audit log alone decides it
