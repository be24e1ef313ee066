"""Transport encryption of endpoints: no plain HTTP that reaches the application, TLS at the promised version.

Why a predicate: an HTTP listener that only redirects to HTTPS keeps the promise
although it has no TLS at all, and an HTTPS endpoint whose security-policy name
privacy-scan does not know must be ``unknown`` rather than a guess. YAML cannot
say "the TLS part, if there is one" well.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from scanner.engine.outcome import Outcome, all_of
from scanner.engine.predicates import predicate
from scanner.knowledge.tls import tls_at_least
from scanner.promises import Promise
from scanner.state import Resource, Value


@predicate("transport_encrypted")
def transport_encrypted(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """Clients cannot send data in plain text, and the TLS the endpoint accepts is at least the promise's.

    Args (attribute names, so the same rule serves the viewer and the origin side):
    ``plaintext`` (default ``plaintext_allowed``), ``tls`` (default ``min_tls_version``),
    ``policy`` (default ``tls_policy``; omit with ``null`` when there is none), ``what`` (a label).
    ``redirects_to_https`` explains a pass for an HTTP listener. When the endpoint has
    no TLS part (``tls`` is null) and allows no plaintext, it only redirects: that passes.
    """
    what = args.get("what", "clients")
    required = str(promise.param("min_tls_version") or "1.2")
    plain = resource.get(args.get("plaintext", "plaintext_allowed"))
    tls = resource.get(args.get("tls", "min_tls_version"))
    policy_attr = args.get("policy", "tls_policy")
    policy = resource.get(policy_attr) if policy_attr else None
    parts: list[Outcome] = []
    if not plain.known:
        parts.append(
            Outcome.unknown(f"cannot tell whether {what} may use plain text: {plain.reason}", plain.source)
        )
    elif plain.raw is True:
        parts.append(
            Outcome.failed(f"{what} may send data over plain HTTP/TCP{_default(plain)}", plain.source)
        )
    else:
        redirect = resource.get("redirects_to_https") if "plaintext" not in args else None
        only_redirects = redirect is not None and redirect.known and redirect.raw is True
        note = "plain HTTP is only redirected to HTTPS" if only_redirects else f"{what}: no plain text"
        parts.append(Outcome.passed(note, plain.source))
    if not tls.known:
        parts.append(Outcome.unknown(f"TLS version for {what} is unknown: {tls.reason}", tls.source))
    elif tls.raw is None:
        if policy is not None and policy.known and policy.raw:
            parts.append(
                Outcome.unknown(f"security policy {policy.raw} is not in privacy-scan's table", policy.source)
            )
        elif plain.known and plain.raw is False and _has_tls(resource):
            parts.append(Outcome.unknown(f"the lowest TLS version for {what} cannot be told", tls.source))
    else:
        ok = tls_at_least(str(tls.raw), required)
        label = f"TLS {tls.raw}" + (
            f" ({policy.raw})" if policy is not None and policy.known and policy.raw else ""
        )
        label += _default(tls)
        if ok is None:
            parts.append(Outcome.unknown(f"{label}: cannot compare with TLS {required}", tls.source))
        elif ok:
            parts.append(Outcome.passed(f"{what}: {label}", tls.source))
        else:
            parts.append(
                Outcome.failed(
                    f"{what} may use {label}; the promise requires TLS {required} or higher", tls.source
                )
            )
    return all_of(parts)


def _has_tls(resource: Resource) -> bool:
    proto = resource.get("protocol")
    return proto.known and str(proto.raw).upper() in ("HTTPS", "TLS", "SSL")


def _default(value) -> str:
    return " (AWS default)" if value.default else ""


@predicate("resource_policy_denies_plain_http")
def resource_policy_denies_plain_http(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """The resource policy of a queue or topic denies every request made without TLS.

    Why not ``policy_denies_insecure_transport`` directly: that rule matches the policy's
    Resource entries against one ARN, and a queue's or topic's ARN has a region and account
    that code does not always know. A resource policy only governs its own resource, so a
    literal ARN of this service ending in the resource's name (``arn:aws:sqs:eu-west-1:
    111122223333:orders``) is that resource; such entries are read as the resource's ARN, and
    action names are compared case-insensitively (``SNS:*`` is ``sns:*``), as IAM does.
    Args: ``service`` (``sqs`` or ``sns``).
    """
    from scanner.engine.predicates.policy import policy_denies_insecure_transport

    service = args["service"]
    value = resource.get("policy")
    ident = resource.identity.raw if resource.identity else None
    wanted = f"arn:aws:{service}:*:*:{ident}"
    if value.known and isinstance(value.raw, dict) and isinstance(ident, str):
        doc = _normalise(value.raw, service, ident, wanted)
        resource = _with_policy(resource, Value(doc, value.source, value.default))
    return policy_denies_insecure_transport(
        resource,
        promise,
        {"service": service, "arn_format": f"arn:aws:{service}:*:*:{{name}}", "contents_suffix": ""},
    )


def _normalise(doc: dict[str, Any], service: str, name: str, wanted: str) -> dict[str, Any]:
    pattern = re.compile(
        rf"^arn:aws[a-z-]*:{re.escape(service)}:[^:]*:[^:]*:{re.escape(name)}$", re.IGNORECASE
    )

    def fix_resource(item: Any) -> Any:
        return wanted if isinstance(item, str) and pattern.match(item) else item

    def fix_action(item: Any) -> Any:
        return item.lower() if isinstance(item, str) else item

    statements = doc.get("Statement")
    if not isinstance(statements, list):
        statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list):
        return doc
    fixed = []
    for stmt in statements:
        if isinstance(stmt, dict):
            stmt = dict(stmt)
            for key, fix in (("Resource", fix_resource), ("Action", fix_action)):
                raw = stmt.get(key)
                if isinstance(raw, list):
                    stmt[key] = [fix(i) for i in raw]
                elif raw is not None:
                    stmt[key] = fix(raw)
        fixed.append(stmt)
    return {**doc, "Statement": fixed}


def _with_policy(resource: Resource, policy: Value) -> Resource:
    return replace(resource, attrs={**resource.attrs, "policy": policy})
