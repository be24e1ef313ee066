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

from collections.abc import Callable
from dataclasses import dataclass
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
PASSTHROUGH_PROTOCOLS = frozenset({"TCP", "UDP", "TCP_UDP", "GENEVE"})
PLAIN_HTTP = "HTTP"
INTERNET_FACING = "internet-facing"
INTERNAL = "internal"


def listener_carries(protocol: Any) -> str | Unknown:
    """How an ELBv2 listener's protocol carries data: ``tls``, ``passthrough`` or ``http``.

    TLS/HTTPS terminate TLS at the listener; TCP, UDP, TCP_UDP and GENEVE pass bytes through
    (whether they are TLS is the targets' business); HTTP is plain unless every action
    redirects to HTTPS. A protocol that is not given, or not one AWS offers, is unknown.
    """
    if isinstance(protocol, Unknown):
        return protocol
    if not isinstance(protocol, str) or not protocol:
        return _no_protocol(protocol)
    upper = protocol.upper()
    if upper in SECURE_PROTOCOLS:
        return "tls"
    if upper in PASSTHROUGH_PROTOCOLS:
        return "passthrough"
    if upper == PLAIN_HTTP:
        return "http"
    return Unknown(f"listener protocol {shown(protocol)} is not one AWS offers")


def _no_protocol(protocol: Any) -> Unknown:
    """Why a listener whose protocol is missing or not a name cannot be read."""
    if protocol is None or protocol == "":
        return Unknown("the listener gives no protocol")
    return Unknown(f"listener protocol {shown(protocol)} is not a protocol name")


def passthrough_unknown(protocol: Any) -> Unknown:
    """Why a pass-through listener's plaintext cannot be told."""
    return Unknown(
        f"a {shown(protocol)} listener passes bytes through; whether they are TLS is decided by the targets"
    )


def internet_facing(scheme: Any) -> bool | Unknown:
    """Whether a load balancer's ``Scheme`` faces the internet; one not given is unknown, never internal."""
    if scheme == INTERNET_FACING:
        return True
    if scheme == INTERNAL:
        return False
    if isinstance(scheme, Unknown):
        return scheme
    if scheme is None or scheme == "":
        return Unknown("the load balancer's answer gives no scheme (internet-facing or internal)")
    return Unknown(f"the load balancer's scheme {shown(scheme)} is neither internet-facing nor internal")


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


# ------------------------------------------------------------------ classic load balancer listeners
PLAINTEXT_PROTOCOL = "HTTP"  # a classic listener speaking HTTP to clients: plain text
PASSTHROUGH_PROTOCOL = "TCP"  # bytes passed through; whether they are TLS is the instances' business
# A classic listener's SSL policies: None when it names none (AWS applies the default), else
# each named policy's SSL negotiation attributes (None for a policy of another type, Unknown
# where the policy cannot be read), or one Unknown for the whole list.
ClassicPolicies = list[dict[str, Any] | Unknown | None] | Unknown | None


@dataclass(frozen=True)
class ClassicListener:
    """What one classic listener means for data in transit.

    ``kind`` is ``plaintext``, ``passthrough``, ``tls`` or ``unknown``; for ``tls``,
    ``version`` is the lowest TLS version clients may use, ``policy`` the reference policy it
    comes from (None where explicit protocols decide) and ``default`` whether AWS's default
    policy applies because the listener names none. ``tag`` is the caller's own (e.g. where the
    listener is written), carried through untouched.
    """

    kind: str
    label: str
    version: str | None = None
    policy: str | None = None
    default: bool = False
    unknown: Unknown | None = None
    tag: Any = None


def classic_listener(
    protocol: Any, port: Any, policies: Callable[[], ClassicPolicies], tag: Any = None
) -> ClassicListener:
    """AWS's reading of one classic ELB listener (``protocol``/``port`` as the client sees it).

    HTTP is plain text; TCP passes bytes through undecided; HTTPS and SSL carry TLS, whose
    lowest version comes from the listener's SSL negotiation policy, or from AWS's default
    policy when it names none. ``policies`` is called only for a TLS listener (reading them can
    cost an API call). A protocol that is not given is unknown, never read as TLS.
    """
    if not isinstance(protocol, str) or not protocol:
        if isinstance(protocol, Unknown):
            return ClassicListener("unknown", f"?:{shown(port)}", unknown=protocol, tag=tag)
        why = f"classic listener on port {shown(port)}: {_no_protocol(protocol).reason}"
        return ClassicListener("unknown", f"?:{shown(port)}", unknown=Unknown(why), tag=tag)
    proto = protocol.upper()
    label = f"{proto}:{port}"
    if proto == PLAINTEXT_PROTOCOL:
        return ClassicListener("plaintext", label, tag=tag)
    if proto == PASSTHROUGH_PROTOCOL:
        return ClassicListener("passthrough", label, tag=tag)
    if proto not in SECURE_PROTOCOLS:
        return ClassicListener(
            "unknown",
            label,
            unknown=Unknown(f"classic listener protocol {shown(protocol)} is not one AWS offers"),
            tag=tag,
        )
    if isinstance(port, Unknown):  # its policies are attached by port
        return ClassicListener("unknown", label, unknown=port, tag=tag)
    found = policies()
    if found is None:
        version = classic_policy_min_tls(CLASSIC_DEFAULT_POLICY)
        return _tls(label, version, CLASSIC_DEFAULT_POLICY, True, tag)
    if isinstance(found, Unknown):
        return ClassicListener("unknown", label, unknown=found, tag=tag)
    ssl = [p for p in found if p is not None]
    if not ssl:
        why = f"classic listener {label} has policies but no SSL negotiation policy"
        return ClassicListener("unknown", label, unknown=Unknown(why), tag=tag)
    if isinstance(ssl[0], Unknown):
        return ClassicListener("unknown", label, unknown=ssl[0], tag=tag)
    reference = ssl[0].get(REFERENCE)
    return _tls(
        label, negotiation_min_tls(ssl[0]), reference if isinstance(reference, str) else None, False, tag
    )


def _tls(label: str, version: str | Unknown, policy: str | None, default: bool, tag: Any) -> ClassicListener:
    if isinstance(version, Unknown):
        return ClassicListener("unknown", label, unknown=version, tag=tag)
    return ClassicListener("tls", label, version=version, policy=policy, default=default, tag=tag)


@dataclass(frozen=True)
class ClassicSummary:
    """A classic load balancer's endpoint attributes, summed up over its listeners.

    ``weakest`` is the TLS listener the version and policy come from (None when there is none
    or when one is unknown), so a caller can say where the value is written.
    """

    protocol: str | Unknown
    plaintext_allowed: bool | Unknown
    min_tls_version: str | Unknown | None
    tls_policy: str | Unknown | None
    weakest: ClassicListener | None


def classic_summary(listeners: list[ClassicListener]) -> ClassicSummary:
    """Any plain HTTP listener allows plaintext; else a TCP one leaves it undecided; the weakest TLS wins.

    One listener that cannot be read makes the TLS version unknown (it may be the weakest), and
    the protocol too when no listener is known to carry TLS.
    """
    plain = [x.label for x in listeners if x.kind == "plaintext"]
    passthrough = [x.label for x in listeners if x.kind == "passthrough"]
    tls = [x for x in listeners if x.kind == "tls"]
    unknown = next((x.unknown for x in listeners if x.unknown is not None), None)
    protocol: str | Unknown
    plaintext: bool | Unknown
    if plain:
        protocol, plaintext = "HTTP", True
    elif passthrough:
        why = (
            f"TCP listener {', '.join(passthrough)} passes bytes through; "
            "whether they are TLS is decided by the instances"
        )
        protocol, plaintext = "TCP", Unknown(why)
    elif unknown is not None and not tls:
        protocol, plaintext = unknown, unknown
    else:
        protocol, plaintext = "HTTPS", False
    if unknown is not None:
        return ClassicSummary(protocol, plaintext, unknown, unknown, None)
    if not tls:
        return ClassicSummary(protocol, plaintext, None, None, None)
    weakest = min(tls, key=lambda x: TLS_ORDER.index(x.version or ""))
    return ClassicSummary(protocol, plaintext, weakest.version, weakest.policy, weakest)
