"""Elastic Load Balancing: which TLS versions a listener's security policy lets clients use.

ELBv2 (ALB/NLB) HTTPS/TLS listeners name a predefined security policy (``ssl_policy`` /
``SslPolicy``); without one, AWS applies ``ELBSecurityPolicy-2016-08``, which still allows
TLS 1.0. Classic load balancers' HTTPS/SSL listeners carry an SSL negotiation policy: either
its explicit ``Protocol-*`` attributes decide (the lowest enabled one is what clients may
use; none enabled means nothing privacy-scan can name) or its ``Reference-Security-Policy``;
a listener with no policy at all gets ``ELBSecurityPolicy-2016-08`` too. A policy name not in
the table is never guessed: the answer is unknown with the reason.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.tls import CLASSIC_ELB_POLICIES, ELBV2_DEFAULT_POLICY, ELBV2_POLICIES, TLS_ORDER
from scanner.state import Unknown, first_unknown
from scanner.state.value import shown

LISTENER_DEFAULT_POLICY = ELBV2_DEFAULT_POLICY
CLASSIC_DEFAULT_POLICY = "ELBSecurityPolicy-2016-08"
SSL_NEGOTIATION = "SSLNegotiationPolicyType"
REFERENCE = "Reference-Security-Policy"
# Classic SSL negotiation policy attributes that enable a protocol, and the TLS version each allows
# (SSLv3 is below TLS 1.0; it counts as the lowest version modelled).
PROTOCOL_ATTRIBUTES = {
    "Protocol-SSLv3": "1.0",
    "Protocol-TLSv1": "1.0",
    "Protocol-TLSv1.1": "1.1",
    "Protocol-TLSv1.2": "1.2",
}
# Listener protocols that carry TLS, and the ones that pass bytes through undecided.
SECURE_PROTOCOLS = frozenset({"HTTPS", "TLS", "SSL"})


def _not_in_table(name: Any) -> Unknown:
    return Unknown(f"security policy {shown(name)} is not in privacy-scan's TLS policy table")


def listener_min_tls(policy: Any) -> str | Unknown:
    """The lowest TLS version an ELBv2 security policy allows (case-insensitive name)."""
    version = ELBV2_POLICIES.get(str(policy).lower())
    return version if version else _not_in_table(policy)


def classic_policy_min_tls(policy: Any) -> str | Unknown:
    """The lowest TLS version a classic ELB predefined policy allows."""
    version = CLASSIC_ELB_POLICIES.get(str(policy).lower())
    return version if version else _not_in_table(policy)


def is_classic_predefined(name: Any) -> bool:
    return isinstance(name, str) and name.lower() in CLASSIC_ELB_POLICIES


def negotiation_min_tls(attributes: dict[str, Any]) -> str | Unknown:
    """The lowest TLS version a classic SSL negotiation policy's attributes (name -> value) allow."""
    missing = first_unknown(attributes)
    if missing:
        return missing
    enabled = [v for k, v in PROTOCOL_ATTRIBUTES.items() if str(attributes.get(k, "")).lower() == "true"]
    if any(k in attributes for k in PROTOCOL_ATTRIBUTES):
        if not enabled:
            return Unknown("the SSL negotiation policy enables no protocol privacy-scan knows")
        return weakest(enabled)
    ref = attributes.get(REFERENCE)
    if isinstance(ref, str):
        return classic_policy_min_tls(ref)
    return Unknown("the SSL negotiation policy names neither a reference policy nor protocols")


def weakest(versions: list[str]) -> str:
    """The lowest of known TLS versions (the one a client may fall back to)."""
    return min(versions, key=TLS_ORDER.index)
