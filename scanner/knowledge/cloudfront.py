"""How CloudFront protects traffic, shared by the Terraform adapter and the live collector.

Both read the same distribution (HCL arguments or ``GetDistributionConfig``) and must
reach the same verdicts, so the rules live here once; each source only turns its own
shape into behaviours and origins.

Viewer side: any behaviour with ``allow-all`` serves plain HTTP; ``redirect-to-https``
only redirects. Origin side, per behaviour and the origin (or the members of the origin
group) it targets: a custom origin with ``http-only`` is plain HTTP; ``match-viewer`` and
S3 REST origins (which always follow the viewer's protocol) are plain HTTP behind a
behaviour that allows HTTP viewers. The origin TLS floor is the lowest of the
``origin_ssl_protocols`` of origins reached over HTTPS; S3 endpoints accept TLS 1.2 and
up only (AWS-wide minimum since 2024), an AWS default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scanner.knowledge.tls import ORIGIN_SSL_PROTOCOLS, TLS_ORDER
from scanner.state import Unknown, first_unknown

# (plain HTTP possible, lowest TLS version or None, the version is an AWS default) for one origin.
OriginVerdict = tuple[bool, "str | None", bool]


def viewer_transport(policies: list[str]) -> dict[str, Any]:
    """``plaintext_allowed``, ``redirects_to_https`` and ``protocol`` from every behaviour's viewer policy."""
    if "allow-all" in policies:
        return {"plaintext_allowed": True, "redirects_to_https": False, "protocol": "HTTP"}
    redirects = "redirect-to-https" in policies
    return {
        "plaintext_allowed": False,
        "redirects_to_https": redirects,
        "protocol": "HTTP" if redirects else "HTTPS",
    }


def s3_origin(viewer: str) -> OriginVerdict:
    """An S3 REST origin (``s3_origin_config`` or origin access control) follows the viewer's protocol."""
    return viewer == "allow-all", "1.2", True


def custom_origin(policy: Any, ssl_protocols: Any, viewer: str) -> OriginVerdict | Unknown:
    """A custom (or VPC) origin: its ``origin_protocol_policy`` and ``origin_ssl_protocols``."""
    missing = first_unknown([policy, ssl_protocols])
    if missing:
        return missing
    if policy == "http-only":
        return True, None, False
    known = [ORIGIN_SSL_PROTOCOLS.get(str(p).lower()) for p in ssl_protocols or []]
    if not known or None in known:
        return Unknown(f"origin_ssl_protocols {ssl_protocols} are not all in privacy-scan's table")
    version = min(known, key=TLS_ORDER.index)
    if policy == "https-only":
        return False, version, False
    if policy == "match-viewer":
        return viewer == "allow-all", version, False
    return Unknown(f"origin_protocol_policy {policy!r} is not one privacy-scan knows")


@dataclass(frozen=True)
class OriginTransport:
    """What the distribution's origins allow: ``origin_plaintext_allowed`` and ``origin_min_tls_version``."""

    plaintext_allowed: bool | Unknown
    min_tls_version: str | Unknown | None
    by_default: bool = False  # the version is AWS's (S3 origins), not configured


def origin_transport(
    behaviours: Iterable[tuple[str, Any, Any]],
    origins: dict[Any, Any],
    groups: dict[Any, list[Any]],
    judge: Callable[[Any, str], OriginVerdict | Unknown],
    unknown: Unknown | None = None,
) -> OriginTransport:
    """Sum up every (label, viewer policy, target origin id) behaviour over the origins it reaches.

    ``judge(origin, viewer)`` gives one origin's verdict. Any plain origin makes the answer
    plain; otherwise anything unknown (a behaviour, an origin, ``unknown`` given by the caller)
    makes it unknown, and the TLS floor is unknown whenever anything is.
    """
    plain = False
    versions: list[tuple[str, bool]] = []
    for label, viewer, target in behaviours:
        missing = first_unknown([target, viewer])
        if missing:
            unknown = unknown or missing
            continue
        for origin_id in groups.get(target, [target]) if isinstance(target, str) else [target]:
            origin = origins.get(origin_id) if isinstance(origin_id, str) else None
            if origin is None:
                unknown = unknown or Unknown(
                    f"{label} targets origin {origin_id!r}, not found in the distribution"
                )
                continue
            verdict = judge(origin, viewer)
            if isinstance(verdict, Unknown):
                unknown = unknown or verdict
                continue
            is_plain, version, by_default = verdict
            plain = plain or is_plain
            if version:
                versions.append((version, by_default))
    plaintext: bool | Unknown = True if plain else (unknown if unknown is not None else False)
    if unknown is not None:
        return OriginTransport(plaintext, unknown)
    if versions:
        version, by_default = min(versions, key=lambda v: TLS_ORDER.index(v[0]))
        return OriginTransport(plaintext, version, by_default)
    return OriginTransport(plaintext, None)
