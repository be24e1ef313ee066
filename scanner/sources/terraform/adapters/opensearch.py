"""OpenSearch and Elasticsearch domains.

AWS defaults applied when the code says nothing (flagged ``default=True``): not encrypted at rest,
no node-to-node encryption, HTTPS not enforced, TLS policy ``Policy-Min-TLS-1-0-2019-07``, an
internet-facing endpoint (no ``vpc_options``), no access policy, no audit or slow logs,
automated snapshots kept 14 days.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.tls import OPENSEARCH_POLICIES, min_tls_for_policy
from scanner.sources.terraform.adapters import companion, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.adapters.kms import key_is_customer_managed
from scanner.sources.terraform.adapters.s3 import nested
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value

DOMAIN = ("aws_opensearch_domain", "aws_elasticsearch_domain")
DEFAULT_TLS_POLICY = "Policy-Min-TLS-1-0-2019-07"


def _flag(block: TfBlock, name: str, key: str = "enabled") -> Value:
    found = nested(block.attrs, name)
    raw = found[0].get(key) if found else None
    return Value(raw if raw is not None else False, block.source(name), default=raw is None)


@primary("aws_opensearch_domain", "aws_elasticsearch_domain")
def domain(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = Resource(
        kind=Kind.DATABASE,
        subkind="search",
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, "domain_name") if block.attrs.get("domain_name") is not None else None,
    )
    src = block.source()
    version = block.attrs.get("engine_version") or block.attrs.get("elasticsearch_version")
    engine = (
        "elasticsearch"
        if block.type == "aws_elasticsearch_domain" or str(version).startswith("Elasticsearch")
        else "opensearch"
    )
    res.attrs["engine"] = Value(engine, src, default=True)
    res.attrs["encrypted"] = _flag(block, "encrypt_at_rest")
    rest = nested(block.attrs, "encrypt_at_rest")
    key = rest[0].get("kms_key_id") if rest else None
    res.attrs["kms_key_id"] = Value(key, block.source("encrypt_at_rest"))
    enc = res.attrs["encrypted"].raw
    cmk: Any = (
        key_is_customer_managed(key, ctx) if enc is True else (enc if isinstance(enc, Unknown) else False)
    )
    res.attrs["customer_managed_key"] = Value(cmk, block.source("encrypt_at_rest"), default=key is None)
    https = _flag(block, "domain_endpoint_options", "enforce_https")
    node = _flag(block, "node_to_node_encryption")
    both: Any
    if not https.known or not node.known:
        both = https.raw if not https.known else node.raw
    else:
        both = https.raw is True and node.raw is True
    res.attrs["tls_enforced"] = Value(
        both, https.source if https.raw is not True else node.source, default=https.default and node.default
    )
    endpoint = nested(block.attrs, "domain_endpoint_options")
    policy_name = endpoint[0].get("tls_security_policy") if endpoint else None
    if isinstance(policy_name, Unknown):
        res.attrs["min_tls_version"] = Value(policy_name, block.source("domain_endpoint_options"))
    else:
        name = policy_name or DEFAULT_TLS_POLICY
        tls = min_tls_for_policy(OPENSEARCH_POLICIES, name)
        res.attrs["min_tls_version"] = Value(
            tls if tls else Unknown(f"TLS policy {name} is not in privacy-scan's table"),
            block.source("domain_endpoint_options"),
            default=policy_name is None,
        )
    vpc = nested(block.attrs, "vpc_options")
    res.attrs["publicly_accessible"] = Value(
        not vpc, block.source("vpc_options") if vpc else src, default=not vpc
    )
    res.attrs["policy"] = policy_value(
        block.attrs.get("access_policies"), block.source("access_policies"), ctx
    )
    audit: Any = False
    query: Any = False
    for option in nested(block.attrs, "log_publishing_options"):
        kind, enabled = option.get("log_type"), option.get("enabled", True)
        if isinstance(kind, Unknown) or isinstance(enabled, Unknown):
            audit = query = kind if isinstance(kind, Unknown) else enabled
            break
        if enabled is False:
            continue
        if kind == "AUDIT_LOGS":
            audit = True
        elif kind in ("SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS"):
            query = True
    res.attrs["audit_logging"] = Value(
        audit,
        block.source("log_publishing_options"),
        default=not nested(block.attrs, "log_publishing_options"),
    )
    res.attrs["query_logging"] = Value(
        query,
        block.source("log_publishing_options"),
        default=not nested(block.attrs, "log_publishing_options"),
    )
    res.attrs["backup_retention_days"] = Value(14, src, default=True)  # automated snapshots: 14 days
    res.attrs["replica_regions"] = Value([], src, default=True)
    res.attrs["ttl_enabled"] = Value(False, src, default=True)
    return res


@companion("aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy")
def domain_policy(block: TfBlock, ctx: AdapterContext) -> None:
    res = ctx.target(block.attrs.get("domain_name"), DOMAIN, block)
    if res is not None:
        res.evidence.append(block.source())
        res.attrs["policy"] = policy_value(
            block.attrs.get("access_policies"), block.source("access_policies"), ctx
        )
