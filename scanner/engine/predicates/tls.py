"""Transport encryption of endpoints: no plain HTTP that reaches the application, TLS at the promised version.

Why a predicate: an HTTP listener that only redirects to HTTPS keeps the promise
although it has no TLS at all, and an HTTPS endpoint whose security-policy name
privacy-scan does not know must be ``unknown`` rather than a guess. YAML cannot
say "the TLS part, if there is one" well.
"""

from __future__ import annotations

from typing import Any

from scanner.engine.outcome import Outcome, all_of
from scanner.engine.predicates import predicate
from scanner.knowledge.tls import tls_at_least
from scanner.promises import Promise
from scanner.state import Resource


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
