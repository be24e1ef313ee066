"""SNS subscriptions: every message of a topic copied to an endpoint, as the adapter reads them.

An ENDPOINT (subkind ``subscription``) in the region of its destination: a queue, function or
stream in another region keeps the copy there; an ``http``/``https``/``email``/``sms`` endpoint is
outside AWS, so its region is unknown, and plain ``http`` sends the message unencrypted.
A subscription still pending confirmation receives nothing and has no ARN yet: it is left out.
Endpoints (which may be e-mail addresses or phone numbers) are never reported, only their region.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import copies
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.sources.live.copies import destination_region, outside_aws
from scanner.state import Kind

_PENDING = ("PendingConfirmation", "pending confirmation", "Deleted")


class SnsSubscriptions(Listing):
    name = "sns_subscriptions"
    service = "sns"
    PRODUCES = (
        Wildcard(
            Kind.ENDPOINT,
            "aws_sns_topic_subscription",
            "arn:{partition}:sns:{region}:{account}:*:*",
            "subscription",
        ),
    )
    CALLS = (Api("sns", "ListSubscriptions", "sns:ListSubscriptions"),)

    LISTING = ("ListSubscriptions", "Subscriptions")

    def read(self, scan: Scan, sub: Any):
        arn = str(sub.get("SubscriptionArn") or "")
        if not arn.startswith("arn:") or arn in _PENDING:
            return
        res = scan.resource(Kind.ENDPOINT, "aws_sns_topic_subscription", arn, arn, "subscription")
        protocol = str(sub.get("Protocol") or "")
        res.set("protocol", protocol)
        res.set("plaintext_allowed", protocol.lower() == "http")
        if copies.outside_aws(protocol):
            res.region = outside_aws(res, protocol)
        else:
            res.region = destination_region(res, sub.get("Endpoint"))
        yield res
