"""Network exposure: firewall rules that open non-web ports to the whole internet.

Why a predicate: a rule is world-open when any of its IPv4 or IPv6 ranges is ``0.0.0.0/0`` or
``::/0`` (or another range that covers half the address space or more), and whether it breaks
"behind a firewall" depends on its protocol and port range, which YAML cannot intersect.
Ports 80 and 443 (HTTP, HTTPS, and QUIC on UDP 443) are how a public website is reached, so they
may be open; ICMP carries no data service. Anything else open to the world (a database port,
SSH, "all traffic") breaks the promise.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from scanner.engine.outcome import Outcome, all_of
from scanner.engine.predicates import predicate
from scanner.promises import Promise
from scanner.state import Resource, Unknown, first_unknown

WEB_PORTS = frozenset({80, 443})
_ICMP = {"icmp", "1", "icmpv6", "58"}
_ALL = {"-1", "all"}


def is_world(cidr: str) -> bool:
    """The range covers half the address space or more (``/0`` or ``/1``)."""
    try:
        return ipaddress.ip_network(cidr.strip(), strict=False).prefixlen <= 1
    except ValueError:
        return False


def _ports(rule: dict[str, Any]) -> tuple[int, int] | None:
    """The rule's port range; None for "all ports" (protocol -1 or a 0-65535 range)."""
    if str(rule.get("protocol")).lower() in _ALL:
        return None
    low, high = rule.get("from_port"), rule.get("to_port")
    if low is None and high is None:
        return None
    low = int(low if low is not None else high)
    high = int(high if high is not None else low)
    if low <= 0 and high in (0, 65535, -1):
        return None
    return low, high


def _as_list(raw: Any) -> list[Any]:
    """A rule's range list; a whole list unknown before apply (``var.allowed``) is one unknown entry."""
    if raw is None:
        return []
    return raw if isinstance(raw, list) else [raw]


def judge_rule(rule: Any, label: str) -> Outcome:
    if isinstance(rule, Unknown):
        return Outcome.unknown(f"{label} is unknown: {rule.reason}")
    if not isinstance(rule, dict):
        return Outcome.passed()
    ranges = [*_as_list(rule.get("cidr_blocks")), *_as_list(rule.get("ipv6_cidr_blocks"))]
    where = rule.get("source") or label
    missing = first_unknown(ranges)
    known_world = [c for c in ranges if isinstance(c, str) and is_world(c)]
    if not known_world:
        if missing:
            return Outcome.unknown(f"rule at {where}: source range unknown: {missing.reason}")
        return Outcome.passed()
    protocol = rule.get("protocol")
    missing = first_unknown([protocol, rule.get("from_port"), rule.get("to_port")])
    if missing:
        return Outcome.unknown(
            f"rule at {where} is open to {known_world[0]} on ports that are unknown: {missing.reason}"
        )
    if str(protocol).lower() in _ICMP:
        return Outcome.passed(f"rule at {where}: ICMP only")
    try:
        ports = _ports(rule)
    except (TypeError, ValueError):
        return Outcome.unknown(
            f"rule at {where}: ports {rule.get('from_port')}-{rule.get('to_port')} cannot be read"
        )
    if ports is None:
        return Outcome.failed(f"rule at {where} opens every port to {known_world[0]}")
    low, high = ports
    if all(p in WEB_PORTS for p in range(low, high + 1)):
        return Outcome.passed(
            f"rule at {where}: web port {low if low == high else f'{low}-{high}'} open to the world"
        )
    shown = str(low) if low == high else f"{low}-{high}"
    return Outcome.failed(f"rule at {where} opens {protocol} port {shown} to {known_world[0]}")


@predicate("no_world_open_ingress")
def no_world_open_ingress(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """No ingress rule opens a port other than 80/443 to 0.0.0.0/0 or ::/0.

    Applies when the promise says ``network_restricted`` (the check's ``applies_when``);
    ``args.attr`` names the rule list (default ``ingress``).
    """
    name = args.get("attr", "ingress")
    value = resource.get(name)
    if not value.known:
        return Outcome.unknown(f"{name} rules are unknown: {value.reason}", value.source)
    rules = value.raw or []
    if not rules:
        return Outcome.passed(f"no {name} rules", value.source)
    outcome = all_of([judge_rule(r, f"{name} rule {i}") for i, r in enumerate(rules)])
    if value.source and value.source not in outcome.sources:
        outcome.sources.append(value.source)
    if outcome.status.value == "pass":
        return Outcome(
            outcome.status,
            [r for r in outcome.reasons if r] or ["no port but 80/443 open to the world"],
            outcome.sources,
        )
    return outcome
