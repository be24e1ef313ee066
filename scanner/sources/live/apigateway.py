"""API Gateway: REST (v1) and HTTP/WebSocket (v2) APIs, stages and custom domain names as ENDPOINTs.

API Gateway serves HTTPS only. An API's own ``execute-api`` endpoint uses TLS 1.0
for edge-optimized and Regional REST APIs and TLS 1.2 for private REST APIs and
every v2 API; a custom domain name uses its security policy; stages carry access
logging, and an API logs when any of its stages does (as the Terraform adapter).
"""

from __future__ import annotations

import re
from typing import Any

from scanner.knowledge.tls import APIGATEWAY_POLICIES
from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.state import Kind, Resource, Unknown, Value

_ENHANCED = re.compile(r"^securitypolicy_tls1[23]_(1_[0-3])_", re.IGNORECASE)


def policy_tls(policy: str | None) -> Any:
    if policy is None:
        return None
    version = APIGATEWAY_POLICIES.get(policy.lower())
    match = _ENHANCED.match(policy)
    if version is None and match:
        version = match.group(1).replace("_", ".")
    return version or Unknown(f"security policy {policy} is not in privacy-scan's table")


def _https_only(res: Resource) -> None:
    res.attrs["protocol"] = default("HTTPS", res)
    res.attrs["plaintext_allowed"] = default(False, res)
    res.attrs["redirects_to_https"] = default(False, res)
    res.set("origin_plaintext_allowed", None)
    res.set("origin_min_tls_version", None)


class RestApis(Collector):
    name = "apigateway"
    service = "apigateway"
    PRODUCES = (
        Wildcard(
            Kind.ENDPOINT,
            "aws_api_gateway_rest_api",
            "arn:{partition}:apigateway:{region}::/restapis/*",
            "api",
        ),
        Wildcard(
            Kind.ENDPOINT,
            "aws_api_gateway_stage",
            "arn:{partition}:apigateway:{region}::/restapis/*/stages/*",
            "api_stage",
        ),
        Wildcard(
            Kind.ENDPOINT,
            "aws_api_gateway_domain_name",
            "arn:{partition}:apigateway:{region}::/domainnames/*",
            "api_domain",
        ),
    )
    CALLS = (
        Api("apigateway", "GetRestApis", "apigateway:GET"),
        Api("apigateway", "GetStages", "apigateway:GET"),
        Api("apigateway", "GetDomainNames", "apigateway:GET"),
    )

    def collect(self, scan: Scan):
        base = f"arn:{scan.partition}:apigateway:{scan.region}::"
        apis = scan.pages("GetRestApis", "items")
        if not apis.ok:
            yield scan.placeholder(
                Kind.ENDPOINT, "aws_api_gateway_rest_api", f"{base}/restapis/*", apis, "api"
            )
        for api in apis.data or []:
            types = (api.get("endpointConfiguration") or {}).get("types") or ["EDGE"]
            private = "PRIVATE" in types
            edges = "PriceClass_All" if "EDGE" in types else None
            res = scan.resource(
                Kind.ENDPOINT,
                "aws_api_gateway_rest_api",
                f"{base}/restapis/{api['id']}",
                api.get("name"),
                "api",
            )
            _https_only(res)
            res.set("edge_locations", edges)
            res.set("internet_facing", not private)
            if api.get("disableExecuteApiEndpoint"):
                policy = None
            else:
                policy = api.get("securityPolicy") or ("TLS_1_2" if private else "TLS_1_0")
            res.set("tls_policy", policy, default=not api.get("securityPolicy"))
            res.set("min_tls_version", policy_tls(policy))
            stages = scan.call("GetStages", restApiId=api["id"])
            logged = False
            if stages.ok:
                for stage in stages.data.get("item") or []:
                    arn = f"{base}/restapis/{api['id']}/stages/{stage['stageName']}"
                    st = scan.resource(
                        Kind.ENDPOINT, "aws_api_gateway_stage", arn, stage["stageName"], "api_stage"
                    )
                    _https_only(st)
                    st.set("tls_policy", None)
                    st.set("min_tls_version", None)
                    st.set("edge_locations", edges)
                    st.set("internet_facing", not private)
                    on = bool(stage.get("accessLogSettings", {}).get("destinationArn"))
                    st.set("access_logging", on)
                    logged = logged or on
                    yield st
                res.set("access_logging", logged)
            else:
                res.attrs["access_logging"] = Value(stages.unknown(), res.source)
            yield res
        domains = scan.pages("GetDomainNames", "items")
        if not domains.ok:
            yield scan.placeholder(
                Kind.ENDPOINT, "aws_api_gateway_domain_name", f"{base}/domainnames/*", domains, "api_domain"
            )
        for domain in domains.data or []:
            res = scan.resource(
                Kind.ENDPOINT,
                "aws_api_gateway_domain_name",
                f"{base}/domainnames/{domain['domainName']}",
                domain["domainName"],
                "api_domain",
            )
            _https_only(res)
            types = (domain.get("endpointConfiguration") or {}).get("types") or ["EDGE"]
            res.set("edge_locations", "PriceClass_All" if "EDGE" in types else None)
            res.set("internet_facing", "PRIVATE" not in types)
            res.attrs["access_logging"] = default(False, res)
            policy = domain.get("securityPolicy")
            res.set("tls_policy", policy)
            res.set(
                "min_tls_version",
                policy_tls(policy) if policy else Unknown("the domain name reports no security policy"),
            )
            yield res


class HttpApis(Collector):
    name = "apigatewayv2"
    service = "apigatewayv2"
    PRODUCES = (
        Wildcard(
            Kind.ENDPOINT, "aws_apigatewayv2_api", "arn:{partition}:apigateway:{region}::/apis/*", "api"
        ),
        Wildcard(
            Kind.ENDPOINT,
            "aws_apigatewayv2_stage",
            "arn:{partition}:apigateway:{region}::/apis/*/stages/*",
            "api_stage",
        ),
        Wildcard(
            Kind.ENDPOINT,
            "aws_apigatewayv2_domain_name",
            "arn:{partition}:apigateway:{region}::/domainnames/*",
            "api_domain",
        ),
    )
    CALLS = (
        Api("apigatewayv2", "GetApis", "apigateway:GET"),
        Api("apigatewayv2", "GetStages", "apigateway:GET"),
        Api("apigatewayv2", "GetDomainNames", "apigateway:GET"),
    )

    def collect(self, scan: Scan):
        base = f"arn:{scan.partition}:apigateway:{scan.region}::"
        apis = scan.pages("GetApis", "Items")
        if not apis.ok:
            yield scan.placeholder(Kind.ENDPOINT, "aws_apigatewayv2_api", f"{base}/apis/*", apis, "api")
        for api in apis.data or []:
            res = scan.resource(
                Kind.ENDPOINT, "aws_apigatewayv2_api", f"{base}/apis/{api['ApiId']}", api.get("Name"), "api"
            )
            _https_only(res)
            res.attrs["edge_locations"] = default(None, res)
            res.attrs["internet_facing"] = default(True, res)
            policy = None if api.get("DisableExecuteApiEndpoint") else "TLS_1_2"
            res.set("tls_policy", policy, default=True)
            res.set("min_tls_version", policy_tls(policy))
            stages = scan.pages("GetStages", "Items", ApiId=api["ApiId"])
            logged = False
            if stages.ok:
                for stage in stages.data:
                    arn = f"{base}/apis/{api['ApiId']}/stages/{stage['StageName']}"
                    st = scan.resource(
                        Kind.ENDPOINT, "aws_apigatewayv2_stage", arn, stage["StageName"], "api_stage"
                    )
                    _https_only(st)
                    st.set("tls_policy", None)
                    st.set("min_tls_version", None)
                    st.attrs["edge_locations"] = default(None, st)
                    st.attrs["internet_facing"] = default(True, st)
                    on = bool((stage.get("AccessLogSettings") or {}).get("DestinationArn"))
                    st.set("access_logging", on)
                    logged = logged or on
                    yield st
                res.set("access_logging", logged)
            else:
                res.attrs["access_logging"] = Value(stages.unknown(), res.source)
            yield res
        domains = scan.pages("GetDomainNames", "Items")
        if not domains.ok:
            yield scan.placeholder(
                Kind.ENDPOINT, "aws_apigatewayv2_domain_name", f"{base}/domainnames/*", domains, "api_domain"
            )
        for domain in domains.data or []:
            res = scan.resource(
                Kind.ENDPOINT,
                "aws_apigatewayv2_domain_name",
                f"{base}/domainnames/{domain['DomainName']}",
                domain["DomainName"],
                "api_domain",
            )
            _https_only(res)
            res.attrs["edge_locations"] = default(None, res)
            res.attrs["internet_facing"] = default(True, res)
            res.attrs["access_logging"] = default(False, res)
            configs = domain.get("DomainNameConfigurations") or [{}]
            policy = configs[0].get("SecurityPolicy")
            res.set("tls_policy", policy)
            res.set(
                "min_tls_version",
                policy_tls(policy) if policy else Unknown("the domain name reports no security policy"),
            )
            yield res
