"""ElastiCache: replication groups, single-node clusters and serverless caches as DATABASE (cache).

As in the Terraform adapter: TLS is enforced only when transit encryption is on in
``required`` mode; Memcached and single clusters cannot encrypt at rest; serverless
caches always encrypt and accept only TLS; the slow log is query logging.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Resource, Value


class ElastiCache(Collector):
    name = "elasticache"
    service = "elasticache"
    PRODUCES = (
        Wildcard(
            Kind.DATABASE,
            "aws_elasticache_replication_group",
            "arn:{partition}:elasticache:{region}:{account}:replicationgroup:*",
            "cache",
        ),
        Wildcard(
            Kind.DATABASE,
            "aws_elasticache_cluster",
            "arn:{partition}:elasticache:{region}:{account}:cluster:*",
            "cache",
        ),
        Wildcard(
            Kind.DATABASE,
            "aws_elasticache_serverless_cache",
            "arn:{partition}:elasticache:{region}:{account}:serverlesscache:*",
            "cache",
        ),
    )
    CALLS = (
        Api("elasticache", "DescribeReplicationGroups", "elasticache:DescribeReplicationGroups"),
        Api("elasticache", "DescribeCacheClusters", "elasticache:DescribeCacheClusters"),
        Api("elasticache", "DescribeServerlessCaches", "elasticache:DescribeServerlessCaches"),
    )

    def collect(self, scan: Scan):
        base = f"arn:{scan.partition}:elasticache:{scan.region}:{scan.account_id}"
        groups = scan.pages("DescribeReplicationGroups", "ReplicationGroups")
        if not groups.ok:
            yield scan.placeholder(
                Kind.DATABASE,
                "aws_elasticache_replication_group",
                f"{base}:replicationgroup:*",
                groups,
                "cache",
            )
        for group in groups.data or []:
            arn = group.get("ARN") or f"{base}:replicationgroup:{group['ReplicationGroupId']}"
            res = _cache(scan, "aws_elasticache_replication_group", arn, group["ReplicationGroupId"])
            res.set("engine", group.get("Engine") or "redis")
            encrypted = bool(group.get("AtRestEncryptionEnabled"))
            res.set("encrypted", encrypted)
            key = group.get("KmsKeyId") if encrypted else None
            res.set("kms_key_id", key)
            res.attrs["customer_managed_key"] = key_value(res, key) if encrypted else Value(False, res.source)
            res.set("tls_enforced", _transit(group))
            res.set("query_logging", _slow_log(group))
            res.set("backup_retention_days", group.get("SnapshotRetentionLimit") or 0)
            yield res
        clusters = scan.pages("DescribeCacheClusters", "CacheClusters")
        if not clusters.ok:
            yield scan.placeholder(
                Kind.DATABASE, "aws_elasticache_cluster", f"{base}:cluster:*", clusters, "cache"
            )
        for cluster in clusters.data or []:
            if cluster.get("ReplicationGroupId"):
                continue  # a member of a replication group: the group is the data store
            arn = cluster.get("ARN") or f"{base}:cluster:{cluster['CacheClusterId']}"
            res = _cache(scan, "aws_elasticache_cluster", arn, cluster["CacheClusterId"])
            res.set("engine", cluster.get("Engine"))
            res.set("encrypted", bool(cluster.get("AtRestEncryptionEnabled")))
            res.set("kms_key_id", None)
            res.set("customer_managed_key", False)
            res.set("tls_enforced", _transit(cluster))
            res.set("query_logging", _slow_log(cluster))
            res.set("backup_retention_days", cluster.get("SnapshotRetentionLimit") or 0)
            yield res
        serverless = scan.pages("DescribeServerlessCaches", "ServerlessCaches")
        if not serverless.ok:
            if serverless.error.category != "unavailable":
                yield scan.placeholder(
                    Kind.DATABASE,
                    "aws_elasticache_serverless_cache",
                    f"{base}:serverlesscache:*",
                    serverless,
                    "cache",
                )
            return
        for cache in serverless.data:
            arn = cache.get("ARN") or f"{base}:serverlesscache:{cache['ServerlessCacheName']}"
            res = _cache(scan, "aws_elasticache_serverless_cache", arn, cache["ServerlessCacheName"])
            res.set("engine", cache.get("Engine"))
            res.attrs["encrypted"] = default(True, res)
            key = cache.get("KmsKeyId")
            res.set("kms_key_id", key)
            res.attrs["customer_managed_key"] = key_value(res, key)
            res.attrs["tls_enforced"] = default(True, res)
            res.attrs["query_logging"] = default(False, res)
            res.set("backup_retention_days", cache.get("SnapshotRetentionLimit") or 0)
            yield res


def _cache(scan: Scan, rtype: str, arn: str, name: str) -> Resource:
    res = scan.resource(Kind.DATABASE, rtype, arn, name, "cache")
    res.attrs["publicly_accessible"] = default(False, res)  # caches are reachable inside their VPC only
    res.set("min_tls_version", None)
    res.set("replica_regions", [])
    res.attrs["audit_logging"] = default(False, res)
    res.set("ttl_enabled", False)
    res.set("policy", None)
    return res


def _transit(item: dict[str, Any]) -> bool:
    if not item.get("TransitEncryptionEnabled"):
        return False
    return item.get("TransitEncryptionMode", "required") == "required"


def _slow_log(item: dict[str, Any]) -> bool:
    return any(c.get("LogType") == "slow-log" for c in item.get("LogDeliveryConfigurations") or [])
