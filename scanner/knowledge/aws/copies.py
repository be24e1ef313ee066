"""Where a copy of the data goes: SNS subscriptions and log subscription filters send every
message or log event to a destination, and the copy's residency is the destination's region.

Decided once, for code and cloud: the region a destination ARN names, the protocols whose
endpoint is outside AWS, and the words that explain why a region cannot be told.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import arn

# Protocols whose endpoint is outside AWS: where it keeps the copy cannot be told.
OUTSIDE_AWS_PROTOCOLS = frozenset({"http", "https", "email", "email-json", "sms"})


def outside_aws(protocol: Any) -> bool:
    return isinstance(protocol, str) and protocol.lower() in OUTSIDE_AWS_PROTOCOLS


def outside_aws_reason(protocol: str) -> str:
    return f"a {protocol} endpoint is outside AWS: where it keeps the data cannot be told from code"


def destination_region(destination: str) -> tuple[str | None, str]:
    """(region, why not): the region a destination ARN names, else None and the reason."""
    region = arn.region(destination)
    return (region, "") if region else (None, f"the destination {destination!r} names no region")


def unset_reason(why: str = "the destination is not set") -> str:
    return f"the destination's region cannot be told: {why}"
