"""Where a copy of the data goes, for the subscription collectors: the region a destination ARN
names (decided in scanner.knowledge.aws.copies, as for code), as a Value of the resource."""

from __future__ import annotations

from scanner.knowledge.aws import copies
from scanner.state import Resource, Value


def destination_region(res: Resource, destination: str | None) -> Value:
    """The region ``destination`` (an ARN) names, or unknown saying why."""
    if not destination:
        return Value.unknown(copies.unset_reason(), res.source)
    region, why = copies.destination_region(destination)
    return Value(region, res.source) if region else Value.unknown(why, res.source)


def outside_aws(res: Resource, protocol: str) -> Value:
    return Value.unknown(copies.outside_aws_reason(protocol), res.source)
