"""RDS and Aurora: DB instances, clusters, their parameter groups (TLS enforcement), and manual snapshots.

TLS enforcement lives in parameters, per engine family: ``rds.force_ssl`` for
PostgreSQL and SQL Server, ``require_secure_transport`` for MySQL and MariaDB
(cluster parameter groups for Aurora). A parameter group is read once per scan.
Manual snapshots are BACKUP resources kept until someone deletes them
(``retention_days = None``); automated ones follow their database's retention.
"""

from __future__ import annotations

import threading
from typing import Any

from scanner.sources.live.base import Api, Collector, Result, Scan
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Resource, Value


class Rds(Collector):
    name = "rds"
    service = "rds"
    CALLS = (
        Api("rds", "DescribeDBInstances", "rds:DescribeDBInstances"),
        Api("rds", "DescribeDBClusters", "rds:DescribeDBClusters"),
        Api("rds", "DescribeDBParameters", "rds:DescribeDBParameters"),
        Api("rds", "DescribeDBClusterParameters", "rds:DescribeDBClusterParameters"),
        Api("rds", "DescribeDBSnapshots", "rds:DescribeDBSnapshots"),
        Api("rds", "DescribeDBSnapshotAttributes", "rds:DescribeDBSnapshotAttributes"),
        Api("rds", "DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshots"),
        Api("rds", "DescribeDBClusterSnapshotAttributes", "rds:DescribeDBClusterSnapshotAttributes"),
    )

    def collect(self, scan: Scan):
        params = ParameterCache(scan)
        yield from self._instances(scan, params)
        yield from self._clusters(scan, params)
        yield from self._snapshots(scan)

    # -- instances ------------------------------------------------------------------------
    def _instances(self, scan: Scan, params: ParameterCache):
        listing = scan.pages("DescribeDBInstances", "DBInstances")
        if not listing.ok:
            arn = f"arn:{scan.partition}:rds:{scan.region}:{scan.account_id}:db:*"
            yield scan.placeholder(Kind.DATABASE, "aws_db_instance", arn, listing, subkind="relational")
            return
        for db in listing.data:
            if db.get("DBClusterIdentifier") and str(db.get("Engine", "")).startswith("aurora"):
                continue  # an Aurora cluster member: the cluster is the data store
            res = scan.resource(
                Kind.DATABASE,
                "aws_db_instance",
                db["DBInstanceArn"],
                db["DBInstanceIdentifier"],
                "relational",
            )
            engine = db.get("Engine", "")
            res.set("engine", engine)
            _at_rest(res, db)
            res.set("publicly_accessible", bool(db.get("PubliclyAccessible")))
            res.set("backup_retention_days", db.get("BackupRetentionPeriod", 0))
            replicas = list(db.get("ReadReplicaDBInstanceIdentifiers") or [])
            res.set("replica_regions", sorted({_region_of(r, scan.region) for r in replicas}))
            res.set("ttl_enabled", False)
            groups = db.get("DBParameterGroups") or []
            group = groups[0]["DBParameterGroupName"] if groups else None
            exports = db.get("EnabledCloudwatchLogsExports") or []
            _engine_attrs(res, engine, db.get("EngineVersion", ""), exports, params.instance(group))
            yield res

    # -- clusters -------------------------------------------------------------------------
    def _clusters(self, scan: Scan, params: ParameterCache):
        listing = scan.pages("DescribeDBClusters", "DBClusters")
        if not listing.ok:
            arn = f"arn:{scan.partition}:rds:{scan.region}:{scan.account_id}:cluster:*"
            yield scan.placeholder(Kind.DATABASE, "aws_rds_cluster", arn, listing, subkind="relational")
            return
        for cluster in listing.data:
            res = scan.resource(
                Kind.DATABASE,
                "aws_rds_cluster",
                cluster["DBClusterArn"],
                cluster["DBClusterIdentifier"],
                "relational",
            )
            engine = cluster.get("Engine", "")
            res.set("engine", engine)
            _at_rest(res, cluster)
            res.set("publicly_accessible", bool(cluster.get("PubliclyAccessible")))
            res.set("backup_retention_days", cluster.get("BackupRetentionPeriod", 0))
            replicas = list(cluster.get("ReadReplicaIdentifiers") or [])
            res.set("replica_regions", sorted({_region_of(r, scan.region) for r in replicas}))
            res.set("ttl_enabled", False)
            exports = cluster.get("EnabledCloudwatchLogsExports") or []
            group = params.cluster(cluster.get("DBClusterParameterGroup"))
            _engine_attrs(res, engine, cluster.get("EngineVersion", ""), exports, group)
            yield res

    # -- snapshots ------------------------------------------------------------------------
    def _snapshots(self, scan: Scan):
        for op, attrs_op, key, arn_key, id_key, rtype in (
            (
                "DescribeDBSnapshots",
                "DescribeDBSnapshotAttributes",
                "DBSnapshots",
                "DBSnapshotArn",
                "DBSnapshotIdentifier",
                "aws_db_snapshot",
            ),
            (
                "DescribeDBClusterSnapshots",
                "DescribeDBClusterSnapshotAttributes",
                "DBClusterSnapshots",
                "DBClusterSnapshotArn",
                "DBClusterSnapshotIdentifier",
                "aws_db_cluster_snapshot",
            ),
        ):
            listing = scan.pages(op, key, SnapshotType="manual")
            if not listing.ok:
                kind = "snapshot" if rtype == "aws_db_snapshot" else "cluster-snapshot"
                arn = f"arn:{scan.partition}:rds:{scan.region}:{scan.account_id}:{kind}:*"
                yield scan.placeholder(Kind.BACKUP, rtype, arn, listing, subkind="snapshot")
                continue
            for snap in listing.data:
                res = scan.resource(Kind.BACKUP, rtype, snap[arn_key], snap[id_key], "snapshot")
                _at_rest(res, snap)
                res.set("retention_days", None)  # a manual snapshot is kept until deleted
                res.set("copy_regions", [])
                res.set("policy", None)
                if rtype == "aws_db_snapshot":
                    shared = scan.call(attrs_op, DBSnapshotIdentifier=snap[id_key])
                    path = "DBSnapshotAttributesResult"
                else:
                    shared = scan.call(attrs_op, DBClusterSnapshotIdentifier=snap[id_key])
                    path = "DBClusterSnapshotAttributesResult"
                scan.fill(res, shared, ("public",), lambda d, p=path: {"public": _restorable_by_all(d, p)})
                yield res


def _at_rest(res: Resource, item: dict[str, Any]) -> None:
    encrypted = bool(item.get("StorageEncrypted", item.get("Encrypted")))
    key = item.get("KmsKeyId") if encrypted else None
    res.set("encrypted", encrypted)
    res.set("kms_key_id", key)
    res.attrs["customer_managed_key"] = key_value(res, key) if encrypted else Value(False, res.source)


def _restorable_by_all(data: dict[str, Any], path: str) -> bool:
    attrs = (data or {}).get(path, {})
    items = attrs.get("DBSnapshotAttributes") or attrs.get("DBClusterSnapshotAttributes") or []
    return any(
        a.get("AttributeName") == "restore" and "all" in (a.get("AttributeValues") or []) for a in items
    )


def _region_of(identifier: str, default: str) -> str:
    parts = identifier.split(":")
    return parts[3] if identifier.startswith("arn:") and len(parts) > 3 and parts[3] else default


def _engine_attrs(res: Resource, engine: str, version: str, exports: list[str], params: Result) -> None:
    """tls_enforced, min_tls_version, audit_logging, query_logging from the engine's parameters.

    The engine knowledge (which parameter enforces TLS, which logs are audit or query logs)
    is the Terraform adapter's, reused so code and cloud can never disagree on it; only the
    parameter values differ: here they are the live group's, defaults included.
    """
    from scanner.sources.terraform.adapters import rds as engine_rules

    if not params.ok:
        for name in ("tls_enforced", "min_tls_version", "query_logging"):
            res.attrs[name] = Value(params.unknown(), res.source)
        res.set("audit_logging", "audit" in exports)
        return
    values = engine_rules.Params(params.data, res.source)
    enforced, by_default = engine_rules.tls_enforced(engine, version or None, values)
    if engine == "aurora-postgresql" and values.get("rds.force_ssl") is None:
        enforced, by_default = False, True
    res.attrs["tls_enforced"] = Value(enforced, res.source, default=by_default)
    res.set("min_tls_version", engine_rules.min_tls(engine, values))
    audit, query = engine_rules.audit_and_query(engine, exports, values)
    res.set("audit_logging", audit)
    res.set("query_logging", query)


class ParameterCache:
    """Parameter groups read once per scan (many databases share one)."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self._cache: dict[tuple[str, str], Result] = {}
        self._lock = threading.Lock()

    def instance(self, group: str | None) -> Result:
        return self._get("DescribeDBParameters", "DBParameterGroupName", group)

    def cluster(self, group: str | None) -> Result:
        return self._get("DescribeDBClusterParameters", "DBClusterParameterGroupName", group)

    def _get(self, op: str, arg: str, group: str | None) -> Result:
        if not group:
            return Result({})
        key = (op, group)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        result = self.scan.pages(
            op,
            "Parameters",
            absent=("DBParameterGroupNotFound", "DBParameterGroupNotFoundFault"),
            **{arg: group},
        )
        if result.ok:
            values = {
                p["ParameterName"]: str(p["ParameterValue"])
                for p in result.data or []
                if "ParameterValue" in p
            }
            result = Result(values)
        with self._lock:
            self._cache[key] = result
        return result
