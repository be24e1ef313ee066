"""CloudFront distributions (global, once per account), read as the Terraform adapter reads them.

Viewer side: any behaviour with ``allow-all`` serves plain HTTP; the TLS floor is the
certificate's minimum protocol version, TLS 1.0 with the default ``*.cloudfront.net``
certificate. Origin side, per behaviour and the origins it targets: ``http-only`` is
plain, ``match-viewer`` (and S3 origins) follow the viewer; the TLS floor is the lowest
of the origin's SSL protocols (S3 origins: TLS 1.2, an AWS default). ``price_class`` sets
``edge_locations``. The region is us-east-1, where CloudFront's configuration lives.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.tls import CLOUDFRONT_POLICIES, ORIGIN_SSL_PROTOCOLS, TLS_ORDER
from scanner.sources.live.base import Api, Collector, Scan, default
from scanner.state import Kind, Resource, Unknown, Value


class CloudFront(Collector):
    name = "cloudfront"
    service = "cloudfront"
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
    policies = [b.get("ViewerProtocolPolicy") for _, b in behaviours]
    if "allow-all" in policies:
        out.update(plaintext_allowed=True, redirects_to_https=False, protocol="HTTP")
    else:
        redirects = "redirect-to-https" in policies
        out.update(
            plaintext_allowed=False, redirects_to_https=redirects, protocol="HTTP" if redirects else "HTTPS"
        )
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
    out.update(_origins(config, behaviours, res))
    return out


def _origins(config: dict[str, Any], behaviours: list[tuple[str, dict]], res: Resource) -> dict[str, Any]:
    origins = {o["Id"]: o for o in (config.get("Origins") or {}).get("Items") or []}
    groups = {
        g["Id"]: [m["OriginId"] for m in (g.get("Members") or {}).get("Items") or []]
        for g in (config.get("OriginGroups") or {}).get("Items") or []
    }
    plain: list[str] = []
    versions: list[tuple[str, bool]] = []
    unknown: Unknown | None = None
    for label, behaviour in behaviours:
        viewer = behaviour.get("ViewerProtocolPolicy")
        target = behaviour.get("TargetOriginId")
        for origin_id in groups.get(target, [target]):
            origin = origins.get(origin_id)
            if origin is None:
                unknown = unknown or Unknown(
                    f"{label} targets origin {origin_id!r}, not found in the distribution"
                )
                continue
            verdict = _origin(origin, viewer)
            if isinstance(verdict, Unknown):
                unknown = unknown or verdict
                continue
            is_plain, version, by_default = verdict
            if is_plain:
                plain.append(str(origin_id))
            if version:
                versions.append((version, by_default))
    out: dict[str, Any] = {}
    if plain:
        out["origin_plaintext_allowed"] = True
    elif unknown is not None:
        out["origin_plaintext_allowed"] = Value(unknown, res.source)
    else:
        out["origin_plaintext_allowed"] = False
    if unknown is not None:
        out["origin_min_tls_version"] = Value(unknown, res.source)
    elif versions:
        version, by_default = min(versions, key=lambda v: TLS_ORDER.index(v[0]))
        out["origin_min_tls_version"] = Value(version, res.source, default=by_default)
    else:
        out["origin_min_tls_version"] = None
    return out


def _origin(origin: dict[str, Any], viewer: str | None) -> tuple[bool, str | None, bool] | Unknown:
    custom = origin.get("CustomOriginConfig")
    if custom:
        policy = custom.get("OriginProtocolPolicy")
        if policy == "http-only":
            return True, None, False
        names = (custom.get("OriginSslProtocols") or {}).get("Items") or []
        known = [ORIGIN_SSL_PROTOCOLS.get(str(p).lower()) for p in names]
        if not known or None in known:
            return Unknown(f"origin_ssl_protocols {names} are not all in privacy-scan's table")
        version = min(known, key=TLS_ORDER.index)
        if policy == "https-only":
            return False, version, False
        if policy == "match-viewer":
            return viewer == "allow-all", version, False
        return Unknown(f"origin_protocol_policy {policy!r} is not one privacy-scan knows")
    if origin.get("VpcOriginConfig"):
        return Unknown("a VPC origin's protocol is configured on the VPC origin, which is not read")
    return viewer == "allow-all", "1.2", True  # an S3 REST origin follows the viewer's protocol
