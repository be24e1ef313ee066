"""Redshift provisioned clusters: encryption, TLS (``require_ssl``), audit and user-activity logging."""

from __future__ import annotations

from scanner.knowledge.aws.rds import parameter_on
from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Value


class Redshift(Collector):
    name = "redshift"
    service = "redshift"
    PRODUCES = (
        Wildcard(
            Kind.DATABASE,
            "aws_redshift_cluster",
            "arn:{partition}:redshift:{region}:{account}:cluster:*",
            "warehouse",
        ),
    )
    CALLS = (
        Api("redshift", "DescribeClusters", "redshift:DescribeClusters"),
        Api("redshift", "DescribeLoggingStatus", "redshift:DescribeLoggingStatus"),
        Api("redshift", "DescribeClusterParameters", "redshift:DescribeClusterParameters"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeClusters", "Clusters")
        if not listing.ok:
            arn = f"arn:{scan.partition}:redshift:{scan.region}:{scan.account_id}:cluster:*"
            yield scan.placeholder(Kind.DATABASE, "aws_redshift_cluster", arn, listing, subkind="warehouse")
            return
        params: dict[str, object] = {}
        for cluster in listing.data:
            cid = cluster["ClusterIdentifier"]
            arn = f"arn:{scan.partition}:redshift:{scan.region}:{scan.account_id}:cluster:{cid}"
            res = scan.resource(Kind.DATABASE, "aws_redshift_cluster", arn, cid, "warehouse")
            res.set("engine", "redshift")
            encrypted = bool(cluster.get("Encrypted"))
            key = cluster.get("KmsKeyId") if encrypted else None
            res.set("encrypted", encrypted)
            res.set("kms_key_id", key)
            res.attrs["customer_managed_key"] = key_value(res, key) if encrypted else Value(False, res.source)
            res.set("publicly_accessible", bool(cluster.get("PubliclyAccessible")))
            res.set("min_tls_version", None)
            res.set("backup_retention_days", cluster.get("AutomatedSnapshotRetentionPeriod", 1))
            copy = cluster.get("ClusterSnapshotCopyStatus") or {}
            res.set("replica_regions", [copy["DestinationRegion"]] if copy.get("DestinationRegion") else [])
            res.set("ttl_enabled", False)
            res.set("policy", None)
            groups = cluster.get("ClusterParameterGroups") or []
            group = groups[0].get("ParameterGroupName") if groups else None
            if group not in params:
                params[group] = (
                    scan.pages("DescribeClusterParameters", "Parameters", ParameterGroupName=group)
                    if group
                    else None
                )
            values_result = params[group]
            logging = scan.call("DescribeLoggingStatus", ClusterIdentifier=cid)
            scan.fill(
                res, logging, ("audit_logging",), lambda d: {"audit_logging": bool(d.get("LoggingEnabled"))}
            )
            if values_result is None or not values_result.ok:
                for attr in ("tls_enforced", "query_logging"):
                    res.attrs[attr] = (
                        Value(values_result.unknown(), res.source)
                        if values_result
                        else Value(False, res.source)
                    )
            else:
                values = {
                    p["ParameterName"]: str(p.get("ParameterValue", "")).lower() for p in values_result.data
                }
                res.set("tls_enforced", parameter_on(values.get("require_ssl")) is True)
                activity = parameter_on(values.get("enable_user_activity_logging")) is True
                audit = res.attrs["audit_logging"]
                res.attrs["query_logging"] = (
                    Value(audit.raw, res.source)
                    if not audit.known
                    else Value(bool(audit.raw) and activity, res.source)
                )
            yield res
