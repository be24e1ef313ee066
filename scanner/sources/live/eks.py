"""EKS clusters: envelope encryption of Kubernetes secrets, and who can reach the API endpoint.

Read as the adapter reads ``aws_eks_cluster``: API data is encrypted with an AWS-owned key from
Kubernetes 1.28 on, and with the customer's KMS key under an ``encryptionConfig`` for ``secrets``
(:mod:`scanner.knowledge.aws.eks`); the endpoint is
internet-facing when public access is on and the allowed CIDRs include the whole internet.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import eks as eks_rules
from scanner.sources.live.at_rest import at_rest_values
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind, Resource, Unknown, Value

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
    encrypted = bool(configs) or eks_rules.encrypted_by_default(cluster.get("version"))
    if encrypted is None:
        version = Unknown(
            f"the cluster's Kubernetes version {cluster.get('version')!r} does not read as MAJOR.MINOR"
        )
        return {"encrypted": Value(version, res.source), "kms_key_id": None, "customer_managed_key": Value(version, res.source),
                "internet_facing": _internet_facing(cluster)}  # fmt: skip
    return {
        **at_rest_values(res, encrypted, key),
        "internet_facing": _internet_facing(cluster),
    }


def _internet_facing(cluster: dict[str, Any]) -> bool:
    vpc = cluster.get("resourcesVpcConfig") or {}
    public = vpc.get("endpointPublicAccess", True)
    cidrs = vpc.get("publicAccessCidrs") or ["0.0.0.0/0"]
    return bool(public) and any(c in _OPEN for c in cidrs)
