"""DocumentDB and Neptune clusters, which the RDS API lists beside RDS's own (``Engine`` tells them apart).

Read as the Terraform adapter reads ``aws_docdb_cluster`` and ``aws_neptune_cluster``: a DATABASE
(subkind ``document`` or ``graph``) with its engine, encryption at rest and the regions of its
replicas. Their TLS and logging rules are not RDS's, so nothing else is claimed about them.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind

# engine -> (resource type, subkind), as the adapter names them
_SERVICES = {
    "docdb": ("aws_docdb_cluster", "document"),
    "neptune": ("aws_neptune_cluster", "graph"),
}


class DocDbNeptune(Listing):
    name = "docdb_neptune"
    service = "rds"
    PRODUCES = tuple(
        Wildcard(Kind.DATABASE, rtype, "arn:{partition}:rds:{region}:{account}:cluster:*", subkind)
        for rtype, subkind in _SERVICES.values()
    )
    CALLS = (Api("rds", "DescribeDBClusters", "rds:DescribeDBClusters"),)

    LISTING = ("DescribeDBClusters", "DBClusters")

    def listing_params(self, scan: Scan) -> dict[str, Any]:
        return {"Filters": [{"Name": "engine", "Values": sorted(_SERVICES)}]}

    def read(self, scan: Scan, cluster: Any):
        engine = str(cluster.get("Engine", ""))
        if engine not in _SERVICES:
            return  # an emulator that ignores the filter
        rtype, subkind = _SERVICES[engine]
        res = scan.resource(
            Kind.DATABASE, rtype, cluster["DBClusterArn"], cluster["DBClusterIdentifier"], subkind
        )
        res.set("engine", engine)
        set_at_rest(res, bool(cluster.get("StorageEncrypted")), cluster.get("KmsKeyId"))
        replicas = cluster.get("ReadReplicaIdentifiers") or []
        res.set("replica_regions", sorted({_region(r, scan.region) for r in replicas}))
        yield res


def _region(identifier: str, home: str) -> str:
    """A replica named by ARN is in the ARN's region; one named by identifier is in this one."""
    parts = identifier.split(":")
    return parts[3] if identifier.startswith("arn:") and len(parts) > 3 and parts[3] else home
