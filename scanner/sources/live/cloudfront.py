"""CloudFront distributions (global, once per account), read as the Terraform adapter reads them.

The transport rules (viewer policies, origins and origin groups) are
:mod:`scanner.knowledge.cloudfront`, shared with the adapter. The viewer TLS floor is the
certificate's minimum protocol version, TLS 1.0 with the default ``*.cloudfront.net``
certificate. ``PriceClass`` sets ``edge_locations``. The region is us-east-1, where
CloudFront's configuration lives.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.cloudfront import (
    OriginVerdict,
    custom_origin,
    origin_transport,
    s3_origin,
    viewer_transport,
)
from scanner.knowledge.tls import CLOUDFRONT_POLICIES
from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.state import Kind, Resource, Unknown, Value


class CloudFront(Collector):
    name = "cloudfront"
    service = "cloudfront"
    PRODUCES = (
        Wildcard(
            Kind.ENDPOINT,
            "aws_cloudfront_distribution",
            "arn:{partition}:cloudfront::{account}:distribution/*",
            "distribution",
        ),
    )
    global_service = True
    CALLS = (
        Api("cloudfront", "ListDistributions", "cloudfront:ListDistributions"),
        Api("cloudfront", "GetDistributionConfig", "cloudfront:GetDistributionConfig"),
    )

    def collect(self, scan: Scan):
        listing = scan.call("ListDistributions")
        if not listing.ok:
            arn = f"arn:{scan.partition}:cloudfront::{scan.account_id}:distribution/*"
            yield scan.placeholder(
                Kind.ENDPOINT, "aws_cloudfront_distribution", arn, listing, subkind="distribution"
            )
            return
        items = list((listing.data.get("DistributionList") or {}).get("Items") or [])
        marker = (listing.data.get("DistributionList") or {}).get("NextMarker")
        while marker:
            more = scan.call("ListDistributions", Marker=marker)
            if not more.ok:
                break
            items.extend((more.data.get("DistributionList") or {}).get("Items") or [])
            marker = (more.data.get("DistributionList") or {}).get("NextMarker")
        for item in items:
            res = scan.resource(
                Kind.ENDPOINT, "aws_cloudfront_distribution", item["ARN"], item["Id"], "distribution"
            )
            res.attrs["internet_facing"] = default(True, res)
            config = scan.call("GetDistributionConfig", Id=item["Id"])
            scan.fill(
                res,
                config,
                (
                    "edge_locations",
                    "access_logging",
                    "plaintext_allowed",
                    "redirects_to_https",
                    "protocol",
                    "tls_policy",
                    "min_tls_version",
                    "origin_plaintext_allowed",
                    "origin_min_tls_version",
                ),
                lambda d, r=res: read_config(d["DistributionConfig"], r),
            )
            yield res


def read_config(config: dict[str, Any], res: Resource) -> dict[str, Any]:
    out: dict[str, Any] = {
        "edge_locations": config.get("PriceClass") or "PriceClass_All",
        "access_logging": bool((config.get("Logging") or {}).get("Enabled")),
    }
    behaviours = [("default_cache_behavior", config.get("DefaultCacheBehavior") or {})]
    for b in (config.get("CacheBehaviors") or {}).get("Items") or []:
        behaviours.append((f"ordered_cache_behavior {b.get('PathPattern', '')}", b))
    out.update(viewer_transport([b.get("ViewerProtocolPolicy") for _, b in behaviours]))
    cert = config.get("ViewerCertificate") or {}
    if (
        cert.get("CloudFrontDefaultCertificate", True)
        and not cert.get("ACMCertificateArn")
        and not cert.get("IAMCertificateId")
    ):
        out["tls_policy"] = Value("TLSv1", res.source, default=True)
        out["min_tls_version"] = Value("1.0", res.source, default=True)
    else:
        name = cert.get("MinimumProtocolVersion") or "TLSv1"
        version = CLOUDFRONT_POLICIES.get(name.lower())
        out["tls_policy"] = name
        out["min_tls_version"] = version or Value(
            Unknown(f"minimum_protocol_version {name} is not in privacy-scan's table"), res.source
        )
    origins = {o["Id"]: o for o in (config.get("Origins") or {}).get("Items") or []}
    groups = {
        g["Id"]: [m["OriginId"] for m in (g.get("Members") or {}).get("Items") or []]
        for g in (config.get("OriginGroups") or {}).get("Items") or []
    }
    targets = [(label, b.get("ViewerProtocolPolicy"), b.get("TargetOriginId")) for label, b in behaviours]
    found = origin_transport(targets, origins, groups, _origin)
    out["origin_plaintext_allowed"] = Value(found.plaintext_allowed, res.source)
    out["origin_min_tls_version"] = Value(found.min_tls_version, res.source, default=found.by_default)
    return out


def _origin(origin: dict[str, Any], viewer: str) -> OriginVerdict | Unknown:
    custom = origin.get("CustomOriginConfig")
    if custom:
        ssl = (custom.get("OriginSslProtocols") or {}).get("Items") or []
        return custom_origin(custom.get("OriginProtocolPolicy"), ssl, viewer)
    if origin.get("VpcOriginConfig"):
        return Unknown("a VPC origin's protocol is configured on the VPC origin, which is not read")
    return s3_origin(viewer)
