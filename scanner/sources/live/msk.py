"""MSK (Managed Streaming for Apache Kafka) provisioned clusters, as the adapter reads ``aws_msk_cluster``.

MSK always encrypts at rest (with the AWS-managed ``aws/kafka`` key unless another is named:
AWS then reports that key's ARN, which the KMS facts decide) and takes TLS only from clients
unless ``ClientBroker`` allows plain text. Serverless clusters (``aws_msk_serverless_cluster``)
are always encrypted and TLS-only, and no check names them: they are left out.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import at_rest_values
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind, Resource, Value


class Msk(Listing):
    name = "msk"
    service = "kafka"
    PRODUCES = (
        Wildcard(
            Kind.MESSAGING, "aws_msk_cluster", "arn:{partition}:kafka:{region}:{account}:cluster/*", "broker"
        ),
    )
    CALLS = (Api("kafka", "ListClustersV2", "kafka:ListClustersV2"),)

    LISTING = ("ListClustersV2", "ClusterInfoList")

    def listing_params(self, scan: Scan) -> dict[str, Any]:
        return {"ClusterTypeFilter": "PROVISIONED"}

    def read(self, scan: Scan, cluster: Any):
        if cluster.get("ClusterType", "PROVISIONED") != "PROVISIONED":
            return
        res = scan.resource(
            Kind.MESSAGING, "aws_msk_cluster", cluster["ClusterArn"], cluster["ClusterName"], "broker"
        )
        info = (cluster.get("Provisioned") or {}).get("EncryptionInfo") or {}
        for attr, raw in _encryption(info, res).items():
            res.attrs[attr] = raw if isinstance(raw, Value) else Value(raw, res.source)
        yield res


def _encryption(info: dict[str, Any], res: Resource) -> dict[str, Any]:
    key = (info.get("EncryptionAtRest") or {}).get("DataVolumeKMSKeyId")
    values = at_rest_values(res, True, key)
    values["encrypted"] = Value(True, res.source, default=True)
    client = (info.get("EncryptionInTransit") or {}).get("ClientBroker")
    values["tls_enforced"] = Value((client or "TLS") == "TLS", res.source, default=client is None)
    return values
