"""OpenSearch (and Elasticsearch) domains: encryption, TLS enforcement and policy, access policy, logs."""

from __future__ import annotations

import json
from typing import Any

from scanner.knowledge.tls import OPENSEARCH_POLICIES
from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Unknown, Value

BATCH = 5  # DescribeDomains takes at most five names


class OpenSearch(Collector):
    name = "opensearch"
    service = "opensearch"
    PRODUCES = (
        Wildcard(
            Kind.DATABASE, "aws_opensearch_domain", "arn:{partition}:es:{region}:{account}:domain/*", "search"
        ),
    )
    CALLS = (
        Api("opensearch", "ListDomainNames", "es:ListDomainNames"),
        Api("opensearch", "DescribeDomains", "es:DescribeDomains"),
    )

    def collect(self, scan: Scan):
        listing = scan.call("ListDomainNames")
        if not listing.ok:
            arn = f"arn:{scan.partition}:es:{scan.region}:{scan.account_id}:domain/*"
            yield scan.placeholder(Kind.DATABASE, "aws_opensearch_domain", arn, listing, subkind="search")
            return
        names = [d["DomainName"] for d in listing.data.get("DomainNames") or []]
        for i in range(0, len(names), BATCH):
            chunk = names[i : i + BATCH]
            described = scan.call("DescribeDomains", DomainNames=chunk)
            if not described.ok:
                for name in chunk:
                    arn = f"arn:{scan.partition}:es:{scan.region}:{scan.account_id}:domain/{name}"
                    yield scan.placeholder(
                        Kind.DATABASE, "aws_opensearch_domain", arn, described, subkind="search"
                    )
                continue
            for status in described.data.get("DomainStatusList") or []:
                yield domain(scan, status)


def domain(scan: Scan, status: dict[str, Any]):
    res = scan.resource(Kind.DATABASE, "aws_opensearch_domain", status["ARN"], status["DomainName"], "search")
    version = str(status.get("EngineVersion") or "")
    res.set("engine", "elasticsearch" if version.startswith("Elasticsearch") else "opensearch")
    rest = status.get("EncryptionAtRestOptions") or {}
    encrypted = bool(rest.get("Enabled"))
    key = rest.get("KmsKeyId") if encrypted else None
    res.set("encrypted", encrypted)
    res.set("kms_key_id", key)
    res.attrs["customer_managed_key"] = key_value(res, key) if encrypted else Value(False, res.source)
    endpoint = status.get("DomainEndpointOptions") or {}
    node = bool((status.get("NodeToNodeEncryptionOptions") or {}).get("Enabled"))
    res.set("tls_enforced", bool(endpoint.get("EnforceHTTPS")) and node)
    policy = endpoint.get("TLSSecurityPolicy") or "Policy-Min-TLS-1-0-2019-07"
    version_tls = OPENSEARCH_POLICIES.get(policy.lower())
    res.set("min_tls_version", version_tls or Unknown(f"TLS policy {policy} is not in privacy-scan's table"))
    res.set("publicly_accessible", not (status.get("VPCOptions") or {}).get("VPCId"))
    text = status.get("AccessPolicies")
    if text:
        try:
            res.set("policy", json.loads(text))
        except ValueError:
            res.set("policy", Unknown("the domain's access policy is not valid JSON"))
    else:
        res.set("policy", None)
    logs = status.get("LogPublishingOptions") or {}
    on = {k for k, v in logs.items() if v.get("Enabled", True)}
    res.set("audit_logging", "AUDIT_LOGS" in on)
    res.set("query_logging", bool(on & {"SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS"}))
    res.attrs["backup_retention_days"] = default(14, res)  # automated snapshots are kept 14 days
    res.set("replica_regions", [])
    res.set("ttl_enabled", False)
    return res
