"""RDS and Aurora: DB instances, clusters, their parameter groups (TLS enforcement), and manual snapshots.

TLS enforcement lives in parameters, per engine family: ``rds.force_ssl`` for
PostgreSQL and SQL Server, ``require_secure_transport`` for MySQL and MariaDB
(cluster parameter groups for Aurora). A parameter group is read once per scan.
A cluster is one data store: its member instances are not reported on their own, but
an Aurora member that is publicly accessible makes its cluster so (Aurora sets it per
instance, as ``aws_rds_cluster_instance`` does in code). DocumentDB and Neptune share
this API but are other services (``aws_docdb_cluster``, ``aws_neptune_cluster``) whose
TLS and logging rules are not RDS's: they are left out rather than judged by RDS rules.
Manual snapshots are BACKUP resources kept until someone deletes them
(``retention_days = None``); automated ones follow their database's retention.
"""

from __future__ import annotations

import threading
from typing import Any

from scanner.knowledge.aws import rds as rds_rules
from scanner.knowledge.aws.arn import region as arn_region
from scanner.sources.live.base import Api, Collector, Result, Scan, Wildcard
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Resource, Value

# Engines that DescribeDBInstances/DescribeDBClusters also list, but belong to other services.
OTHER_SERVICES = ("docdb", "neptune")


class Rds(Collector):
    name = "rds"
    service = "rds"
    PRODUCES = (
        Wildcard(
            Kind.DATABASE, "aws_db_instance", "arn:{partition}:rds:{region}:{account}:db:*", "relational"
        ),
        Wildcard(
            Kind.DATABASE, "aws_rds_cluster", "arn:{partition}:rds:{region}:{account}:cluster:*", "relational"
        ),
        Wildcard(
            Kind.BACKUP, "aws_db_snapshot", "arn:{partition}:rds:{region}:{account}:snapshot:*", "snapshot"
        ),
        Wildcard(
            Kind.BACKUP,
            "aws_db_cluster_snapshot",
            "arn:{partition}:rds:{region}:{account}:cluster-snapshot:*",
            "snapshot",
        ),
    )
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
        instances = scan.pages("DescribeDBInstances", "DBInstances")
        yield from self._instances(scan, params, instances)
        yield from self._clusters(scan, params, instances)
        yield from self._snapshots(scan)

    # -- instances ------------------------------------------------------------------------
    def _instances(self, scan: Scan, params: ParameterCache, listing: Result):
        if not listing.ok:
            arn = f"arn:{scan.partition}:rds:{scan.region}:{scan.account_id}:db:*"
            yield scan.placeholder(Kind.DATABASE, "aws_db_instance", arn, listing, subkind="relational")
            return
        for db in listing.data:
            if db.get("DBClusterIdentifier") or str(db.get("Engine", "")) in OTHER_SERVICES:
                continue  # a cluster member (Aurora, Multi-AZ DB cluster): the cluster is the data store
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
            res.set("policy", None)  # RDS has no resource policy (as the adapter says)
            groups = db.get("DBParameterGroups") or []
            group = groups[0]["DBParameterGroupName"] if groups else None
            exports = db.get("EnabledCloudwatchLogsExports") or []
            _engine_attrs(res, engine, db.get("EngineVersion", ""), exports, params.instance(group))
            yield res

    # -- clusters -------------------------------------------------------------------------
    def _clusters(self, scan: Scan, params: ParameterCache, instances: Result):
        listing = scan.pages("DescribeDBClusters", "DBClusters")
        if not listing.ok:
            arn = f"arn:{scan.partition}:rds:{scan.region}:{scan.account_id}:cluster:*"
            yield scan.placeholder(Kind.DATABASE, "aws_rds_cluster", arn, listing, subkind="relational")
            return
        for cluster in listing.data:
            if str(cluster.get("Engine", "")) in OTHER_SERVICES:
                continue
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
            res.attrs["publicly_accessible"] = _cluster_public(res, cluster, instances)
            res.set("backup_retention_days", cluster.get("BackupRetentionPeriod", 0))
            replicas = list(cluster.get("ReadReplicaIdentifiers") or [])
            res.set("replica_regions", sorted({_region_of(r, scan.region) for r in replicas}))
            res.set("ttl_enabled", False)
            res.set("policy", None)  # RDS has no resource policy (as the adapter says)
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


def _cluster_public(res: Resource, cluster: dict[str, Any], instances: Result) -> Value:
    """Aurora: public when any member instance is; a Multi-AZ DB cluster says it itself."""
    if cluster.get("PubliclyAccessible") or not str(cluster.get("Engine", "")).startswith("aurora"):
        return Value(bool(cluster.get("PubliclyAccessible")), res.source)
    if not instances.ok:
        return Value(instances.unknown(), res.source)
    ident = cluster["DBClusterIdentifier"]
    members = [db for db in instances.data if db.get("DBClusterIdentifier") == ident]
    return Value(any(bool(db.get("PubliclyAccessible")) for db in members), res.source)


def _region_of(identifier: str, default: str) -> str:
    return arn_region(identifier) or default


def _engine_attrs(res: Resource, engine: str, version: str, exports: list[str], params: Result) -> None:
    """tls_enforced, min_tls_version, audit_logging, query_logging from the engine's parameters.

    The engine knowledge (which parameter enforces TLS, which logs are audit or query logs)
    is :mod:`scanner.knowledge.aws.rds`, as for the Terraform adapter, so code and cloud can
    never disagree on it; only the parameter values differ: here the live group's, defaults included.
    """
    # A denied parameter read leaves unknown exactly what the parameters decide (PostgreSQL's
    # audit logging among them); what the exported logs alone decide stays known.
    values = (
        rds_rules.Params(params.data, res.source)
        if params.ok
        else rds_rules.Params(None, res.source, params.unknown())
    )
    enforced, by_default = rds_rules.tls_enforced(engine, version or None, values)
    res.attrs["tls_enforced"] = Value(enforced, res.source, default=by_default)
    res.set("min_tls_version", rds_rules.min_tls(engine, values))
    audit, query = rds_rules.audit_and_query(engine, exports, values)
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
