"""CloudFront: ``aws_cloudfront_distribution`` into an ENDPOINT (subkind ``distribution``).

The transport rules (viewer policies, origins and origin groups) are
:mod:`scanner.knowledge.cloudfront`, shared with the live collector. The viewer TLS version is the
certificate's ``minimum_protocol_version`` (Terraform and AWS default ``TLSv1``); with
``cloudfront_default_certificate = true`` the ``*.cloudfront.net`` certificate accepts TLSv1
whatever is written, so it is TLS 1.0.

A VPC origin is read from the ``aws_cloudfront_vpc_origin`` it names.

``logging_config`` (standard logs to S3) sets ``access_logging``; ``price_class`` (default
``PriceClass_All``) sets ``edge_locations``, read by the ``cdn_edges_allowed`` residency rule.
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
from scanner.sources.terraform.adapters import primary
from scanner.sources.terraform.adapters.context import AdapterContext, blocks, new_resource, val
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value, first_unknown
from scanner.state.value import shown


@primary("aws_cloudfront_distribution")
def distribution(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="distribution")
    res.set("internet_facing", True, default=True)
    res.attrs["edge_locations"] = val(block, "price_class", "PriceClass_All")
    logging = block.attrs.get("logging_config")
    res.attrs["access_logging"] = (
        Value(logging, block.source("logging_config"))
        if isinstance(logging, Unknown)
        else Value(bool(blocks(block, "logging_config")), block.source("logging_config"), default=not logging)
    )
    behaviours = _behaviours(block)
    _viewer(res, block, behaviours)
    _certificate(res, block)
    _origins(res, block, behaviours, ctx)
    return res


def _behaviours(block: TfBlock) -> list[tuple[str, Any, Any]]:
    """(label, viewer_protocol_policy, target_origin_id) of every cache behaviour."""
    out = []
    for path in ("default_cache_behavior", "ordered_cache_behavior"):
        raw = block.attrs.get(path)
        if isinstance(raw, Unknown):
            out.append((path, raw, raw))
            continue
        for i, b in enumerate(blocks(block, path)):
            label = path if path == "default_cache_behavior" else f"{path}[{i}] {b.get('path_pattern', '')}"
            out.append((label, b.get("viewer_protocol_policy"), b.get("target_origin_id")))
    return out


def _viewer(res: Resource, block: TfBlock, behaviours: list[tuple[str, Any, Any]]) -> None:
    src = block.source("default_cache_behavior")
    policies = [p for _, p, _ in behaviours]
    unknown = next((p for p in policies if isinstance(p, Unknown)), None)
    if "allow-all" not in policies and (unknown is not None or not policies):
        why = unknown or Unknown("the distribution has no cache behaviour")
        for name in ("plaintext_allowed", "redirects_to_https", "protocol"):
            res.attrs[name] = Value(why, src)
        return
    for name, raw in viewer_transport(policies).items():
        res.set(name, raw, src)


def _certificate(res: Resource, block: TfBlock) -> None:
    src = block.source("viewer_certificate")
    cert = block.attrs.get("viewer_certificate")
    certs = blocks(block, "viewer_certificate")
    if isinstance(cert, Unknown) or not certs:
        why = cert if isinstance(cert, Unknown) else Unknown("the distribution has no viewer_certificate")
        res.attrs["tls_policy"] = Value(why, src)
        res.attrs["min_tls_version"] = Value(why, src)
        return
    default_cert = certs[0].get("cloudfront_default_certificate", False)
    if isinstance(default_cert, Unknown):
        res.attrs["tls_policy"] = Value(default_cert, src)
        res.attrs["min_tls_version"] = Value(default_cert, src)
        return
    if default_cert is True:
        res.set("tls_policy", "TLSv1", src, default=True)
        res.set("min_tls_version", "1.0", src, default=True)
        return
    policy = val(block, "viewer_certificate.0.minimum_protocol_version", "TLSv1")
    res.attrs["tls_policy"] = policy
    if not policy.known:
        res.attrs["min_tls_version"] = policy
        return
    version = CLOUDFRONT_POLICIES.get(str(policy.raw).lower())
    res.attrs["min_tls_version"] = (
        Value(version, policy.source, policy.default)
        if version
        else Value.unknown(
            f"minimum_protocol_version {shown(policy.raw)} is not in privacy-scan's table", policy.source
        )
    )


def _origins(
    res: Resource, block: TfBlock, behaviours: list[tuple[str, Any, Any]], ctx: AdapterContext
) -> None:
    src = block.source("origin")
    origins = {o.get("origin_id"): o for o in blocks(block, "origin") if isinstance(o.get("origin_id"), str)}
    groups = {
        g.get("origin_id"): [m.get("origin_id") for m in g.get("member", []) if isinstance(m, dict)]
        for g in blocks(block, "origin_group")
    }
    found = origin_transport(
        behaviours,
        origins,
        groups,
        lambda origin, viewer: _origin(origin, viewer, block, ctx),
        first_unknown(block.attrs.get("origin")),
    )
    res.attrs["origin_plaintext_allowed"] = Value(found.plaintext_allowed, src)
    res.attrs["origin_min_tls_version"] = Value(found.min_tls_version, src, default=found.by_default)


def _origin(
    origin: dict[str, Any], viewer: str, block: TfBlock, ctx: AdapterContext
) -> OriginVerdict | Unknown:
    """(plain HTTP possible, lowest TLS version or None, version is a default) for one origin."""
    custom = origin.get("custom_origin_config")
    custom = custom[0] if isinstance(custom, list) and custom else custom
    vpc = origin.get("vpc_origin_config")
    if isinstance(custom, dict):
        return custom_origin(custom.get("origin_protocol_policy"), custom.get("origin_ssl_protocols"), viewer)
    if vpc:
        vpc = vpc[0] if isinstance(vpc, list) else vpc
        return _vpc_origin(vpc, viewer, block, ctx)
    return s3_origin(viewer)


def _vpc_origin(
    vpc: dict[str, Any], viewer: str, block: TfBlock, ctx: AdapterContext
) -> OriginVerdict | Unknown:
    ref = vpc.get("vpc_origin_id")
    if not (isinstance(ref, Unknown) and ref.ref):
        return Unknown("the VPC origin is not in this configuration")
    target = ctx.blocks.get(ref.ref) or ctx.blocks.get(f"{block.module}.{ref.ref}")
    if target is None or target.type != "aws_cloudfront_vpc_origin":
        return Unknown("the VPC origin is not in this configuration")
    cfg = blocks(target, "vpc_origin_endpoint_config")
    if not cfg:
        return Unknown("the VPC origin has no vpc_origin_endpoint_config")
    ssl = cfg[0].get("origin_ssl_protocols")
    ssl = ssl[0].get("items") if isinstance(ssl, list) and ssl and isinstance(ssl[0], dict) else ssl
    return custom_origin(cfg[0].get("origin_protocol_policy"), ssl, viewer)
