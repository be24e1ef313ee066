"""Where a copy of the data goes: the region a destination ARN names, for subscription collectors.

SNS subscriptions and log subscription filters copy every message or log event to a
destination; the copy's residency is the destination's region. The reasons are the adapter's
words, so code and cloud explain an unknown the same way.
"""

from __future__ import annotations

from scanner.state import Resource, Value

# Protocols whose endpoint is outside AWS: where it keeps the copy cannot be told.
OUTSIDE_AWS = frozenset({"http", "https", "email", "email-json", "sms"})


def destination_region(res: Resource, destination: str | None) -> Value:
    """The region ``destination`` (an ARN) names, or unknown saying why."""
    if not destination:
        return Value.unknown(
            "the destination's region cannot be told: the destination is not set", res.source
        )
    parts = destination.split(":")
    if destination.startswith("arn:") and len(parts) > 4 and parts[3]:
        return Value(parts[3], res.source)
    return Value.unknown(f"the destination {destination!r} names no region", res.source)


def outside_aws(res: Resource, protocol: str) -> Value:
    return Value.unknown(
        f"a {protocol} endpoint is outside AWS: where it keeps the data cannot be told from code", res.source
    )
