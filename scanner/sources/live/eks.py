"""EKS clusters: envelope encryption of Kubernetes secrets, and who can reach the API endpoint.

Read as the adapter reads ``aws_eks_cluster``: secrets are encrypted only with an
``encryptionConfig`` for ``secrets`` (its key is the customer's KMS key); the endpoint is
internet-facing when public access is on and the allowed CIDRs include the whole internet.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import at_rest_values
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind, Resource

_OPEN = frozenset({"0.0.0.0/0", "::/0"})


class Eks(Listing):
    name = "eks"
    service = "eks"
    PRODUCES = (
        Wildcard(
            Kind.CLUSTER, "aws_eks_cluster", "arn:{partition}:eks:{region}:{account}:cluster/*", "kubernetes"
        ),
    )
    CALLS = (
        Api("eks", "ListClusters", "eks:ListClusters"),
        Api("eks", "DescribeCluster", "eks:DescribeCluster"),
    )

    LISTING = ("ListClusters", "clusters")

    def read(self, scan: Scan, name: Any):
        arn = f"arn:{scan.partition}:eks:{scan.region}:{scan.account_id}:cluster/{name}"
        res = scan.resource(Kind.CLUSTER, "aws_eks_cluster", arn, name, "kubernetes")
        described = scan.call("DescribeCluster", name=name)
        scan.fill(
            res,
            described,
            ("encrypted", "kms_key_id", "customer_managed_key", "internet_facing"),
            lambda d, r=res: _cluster((d or {}).get("cluster") or {}, r),
        )
        yield res


def _cluster(cluster: dict[str, Any], res: Resource) -> dict[str, Any]:
    configs = [c for c in cluster.get("encryptionConfig") or [] if "secrets" in (c.get("resources") or [])]
    key = ((configs[0].get("provider") or {}).get("keyArn")) if configs else None
    vpc = cluster.get("resourcesVpcConfig") or {}
    public = vpc.get("endpointPublicAccess", True)
    cidrs = vpc.get("publicAccessCidrs") or ["0.0.0.0/0"]
    return {
        **at_rest_values(res, bool(configs), key),
        "internet_facing": bool(public) and any(c in _OPEN for c in cidrs),
    }
