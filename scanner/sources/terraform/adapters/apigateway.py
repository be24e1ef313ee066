"""API Gateway (REST v1 and HTTP/WebSocket v2): APIs, stages and custom domain names into ENDPOINTs.

API Gateway endpoints accept HTTPS only, by design: there is no plain-HTTP listener to turn on,
so ``protocol`` is HTTPS and ``plaintext_allowed`` false (AWS defaults). What varies is the TLS
version:

- an API's default ``execute-api`` endpoint uses TLS_1_0 for edge-optimized and Regional REST
  APIs and TLS_1_2 for private REST APIs and every HTTP/WebSocket API (AWS documentation); with
  ``disable_execute_api_endpoint = true`` there is no default endpoint (``tls_policy`` None);
- a custom domain name uses its ``security_policy``. Terraform documents no default for REST
  domain names, so a domain without one is ``unknown`` rather than a guess.

Edge-optimized APIs and domain names are served through CloudFront's global edge network, so
their ``edge_locations`` is ``PriceClass_All``. Stages carry ``access_logging`` (an
``access_log_settings`` block).
"""

from __future__ import annotations

import re
from typing import Any

from scanner.knowledge.tls import APIGATEWAY_POLICIES
from scanner.sources.terraform.adapters import finalize, primary
from scanner.sources.terraform.adapters.context import AdapterContext, blocks, new_resource, val
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value

REST_API = "aws_api_gateway_rest_api"
HTTP_API = "aws_apigatewayv2_api"
# Enhanced policies: SecurityPolicy_TLS13_1_3_2025_09 accepts TLS 1.3 and up, ..._1_2_... TLS 1.2 and up.
_ENHANCED = re.compile(r"^securitypolicy_tls1[23]_(1_[0-3])_", re.IGNORECASE)


def policy_tls(policy: Value) -> Value:
    """The lowest TLS version of an API Gateway security policy; unknown names stay unknown."""
    if not policy.known or policy.raw is None:
        return Value(policy.raw, policy.source, policy.default)
    name = str(policy.raw)
    version = APIGATEWAY_POLICIES.get(name.lower())
    match = _ENHANCED.match(name)
    if version is None and match:
        version = match.group(1).replace("_", ".")
    if version is None:
        return Value.unknown(f"security policy {name} is not in privacy-scan's table", policy.source)
    return Value(version, policy.source, policy.default)


def _https_only(res: Resource) -> None:
    res.set("protocol", "HTTPS", default=True)
    res.set("plaintext_allowed", False, default=True)
    res.set("redirects_to_https", False, default=True)
    res.set("origin_plaintext_allowed", None)
    res.set("origin_min_tls_version", None)


def _endpoint_types(block: TfBlock) -> Value:
    types = val(block, "endpoint_configuration.0.types", ["EDGE"])
    if types.known and isinstance(types.raw, str):
        return Value([types.raw], types.source, types.default)
    return types


def _edges(types: Value) -> Value:
    if not types.known:
        return types
    edge = "EDGE" in (types.raw or [])
    return Value("PriceClass_All" if edge else None, types.source, default=True)


@primary(REST_API)
def rest_api(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="api", identity_path="name")
    _https_only(res)
    types = _endpoint_types(block)
    res.attrs["edge_locations"] = _edges(types)
    private = (
        Value(types.raw, types.source) if not types.known else Value("PRIVATE" in types.raw, types.source)
    )
    res.attrs["internet_facing"] = (
        private if not private.known else Value(not private.raw, types.source, types.default)
    )
    disabled = val(block, "disable_execute_api_endpoint", False)
    explicit = val(block, "security_policy")
    if not disabled.known:
        policy = Value(disabled.raw, disabled.source)
    elif disabled.raw is True:
        policy = Value(None, disabled.source)
    elif explicit.raw is not None:
        policy = explicit
    elif not private.known:
        policy = Value(private.raw, private.source)
    else:
        policy = Value("TLS_1_2" if private.raw else "TLS_1_0", types.source, default=True)
    res.attrs["tls_policy"] = policy
    res.attrs["min_tls_version"] = policy_tls(policy)
    return res


@primary(HTTP_API)
def http_api(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="api", identity_path="name")
    _https_only(res)
    res.set("edge_locations", None, default=True)
    res.set("internet_facing", True, default=True)
    disabled = val(block, "disable_execute_api_endpoint", False)
    if not disabled.known:
        policy = Value(disabled.raw, disabled.source)
    elif disabled.raw is True:
        policy = Value(None, disabled.source)
    else:
        policy = Value("TLS_1_2", block.source(), default=True)  # the only policy HTTP/WebSocket APIs support
    res.attrs["tls_policy"] = policy
    res.attrs["min_tls_version"] = policy_tls(policy)
    return res


@finalize(REST_API, HTTP_API)
def api_access_logging(res: Resource, ctx: AdapterContext) -> None:
    """An API writes access logs when any of its stages does."""
    stage_type = "aws_api_gateway_stage" if res.resource_type == REST_API else "aws_apigatewayv2_stage"
    link = "rest_api_id" if res.resource_type == REST_API else "api_id"
    found: list[Value] = []
    for other in ctx.resources.values():
        if other.resource_type == stage_type:
            block = ctx.block_of[other.address]
            if _refers_to(block.attrs.get(link), res.address, block):
                found.append(other.get("access_logging"))
    on = next((v for v in found if v.known and v.raw is True), None)
    off_default = Value(False, res.source, default=True)
    res.attrs["access_logging"] = on or next((v for v in found if not v.known), off_default)


def _refers_to(raw: Any, address: str, by: TfBlock) -> bool:
    if isinstance(raw, Unknown) and raw.ref:
        return address in (raw.ref, f"{by.module}.{raw.ref}")
    return False


def _api_block(ctx: AdapterContext, raw: Any, by: TfBlock, types: tuple[str, ...]) -> TfBlock | None:
    if isinstance(raw, Unknown) and raw.ref:
        for cand in (raw.ref, f"{by.module}.{raw.ref}"):
            found = ctx.blocks.get(cand)
            if found is not None and found.type in types:
                return found
    return None


@primary("aws_api_gateway_stage", "aws_apigatewayv2_stage")
def stage(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="api_stage")
    name = val(block, "stage_name" if block.type == "aws_api_gateway_stage" else "name")
    res.identity = name
    _https_only(res)
    settings = block.attrs.get("access_log_settings")
    res.attrs["access_logging"] = (
        Value(settings, block.source("access_log_settings"))
        if isinstance(settings, Unknown)
        else Value(
            bool(blocks(block, "access_log_settings")),
            block.source("access_log_settings"),
            default=not settings,
        )
    )
    # TLS is decided by the API's default endpoint and the custom domains, reported there.
    res.set("tls_policy", None)
    res.set("min_tls_version", None)
    link = "rest_api_id" if block.type == "aws_api_gateway_stage" else "api_id"
    api = _api_block(ctx, block.attrs.get(link), block, (REST_API, HTTP_API))
    if api is None:
        res.attrs["internet_facing"] = Value.unknown(
            "the stage's API is not in this configuration", block.source(link)
        )
        res.attrs["edge_locations"] = Value.unknown(
            "the stage's API is not in this configuration", block.source(link)
        )
    elif api.type == REST_API:
        types = _endpoint_types(api)
        res.attrs["edge_locations"] = _edges(types)
        res.attrs["internet_facing"] = (
            types if not types.known else Value("PRIVATE" not in types.raw, types.source, types.default)
        )
    else:
        res.set("edge_locations", None, default=True)
        res.set("internet_facing", True, default=True)
    return res


@primary("aws_api_gateway_domain_name")
def rest_domain(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="api_domain", identity_path="domain_name")
    _https_only(res)
    types = _endpoint_types(block)
    res.attrs["edge_locations"] = _edges(types)
    res.attrs["internet_facing"] = (
        types if not types.known else Value("PRIVATE" not in types.raw, types.source, types.default)
    )
    res.set("access_logging", False, default=True)  # access logs are written by stages
    policy = val(block, "security_policy")
    if policy.known and policy.raw is None:
        policy = Value.unknown(
            "security_policy is not set and the policy AWS then applies is not documented", policy.source
        )
    res.attrs["tls_policy"] = policy
    res.attrs["min_tls_version"] = policy_tls(policy)
    return res


@primary("aws_apigatewayv2_domain_name")
def http_domain(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = new_resource(block, Kind.ENDPOINT, subkind="api_domain", identity_path="domain_name")
    _https_only(res)
    res.set("edge_locations", None, default=True)  # v2 domain names are Regional
    res.set("internet_facing", True, default=True)
    res.set("access_logging", False, default=True)
    policy = val(block, "domain_name_configuration.0.security_policy")
    if policy.known and policy.raw is None:
        policy = Value.unknown("domain_name_configuration.security_policy is not set", policy.source)
    res.attrs["tls_policy"] = policy
    res.attrs["min_tls_version"] = policy_tls(policy)
    return res
