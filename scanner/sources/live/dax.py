"""DynamoDB Accelerator (DAX) clusters: a cache of table items, as the adapter reads ``aws_dax_cluster``.

DAX encrypts at rest only when asked, and only with an AWS-owned key (no customer key can
be chosen); its endpoint is plain text unless ``ClusterEndpointEncryptionType`` is ``TLS``.
It is never reachable from the internet (VPC only), keeps no backups and no replicas, has no
audit or query logs and no resource policy, and its cached items expire (item TTL): the same AWS facts the adapter
states, flagged as defaults.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.base import Api, Listing, Scan, Wildcard, default
from scanner.state import Kind


class Dax(Listing):
    name = "dax"
    service = "dax"
    PRODUCES = (
        Wildcard(Kind.DATABASE, "aws_dax_cluster", "arn:{partition}:dax:{region}:{account}:cache/*", "cache"),
    )
    CALLS = (Api("dax", "DescribeClusters", "dax:DescribeClusters"),)

    LISTING = ("DescribeClusters", "Clusters")

    def read(self, scan: Scan, cluster: Any):
        name = cluster["ClusterName"]
        arn = (
            cluster.get("ClusterArn")
            or f"arn:{scan.partition}:dax:{scan.region}:{scan.account_id}:cache/{name}"
        )
        res = scan.resource(Kind.DATABASE, "aws_dax_cluster", arn, name, "cache")
        res.attrs["engine"] = default("dax", res)
        res.set("encrypted", (cluster.get("SSEDescription") or {}).get("Status") in ("ENABLED", "ENABLING"))
        res.attrs["customer_managed_key"] = default(False, res)
        res.attrs["kms_key_id"] = default(None, res)
        res.set("tls_enforced", cluster.get("ClusterEndpointEncryptionType") == "TLS")
        for attr, raw in (
            ("min_tls_version", None),
            ("publicly_accessible", False),
            ("backup_retention_days", 0),
            ("replica_regions", []),
            ("audit_logging", False),
            ("query_logging", False),
            ("ttl_enabled", True),
            ("policy", None),  # DAX has no resource policy
        ):
            res.attrs[attr] = default(raw, res)
        yield res
