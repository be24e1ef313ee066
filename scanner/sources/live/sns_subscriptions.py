"""SNS subscriptions: every message of a topic copied to an endpoint, as the adapter reads them.

An ENDPOINT (subkind ``subscription``) in the region of its destination: a queue, function or
stream in another region keeps the copy there; an ``http``/``https``/``email``/``sms`` endpoint is
outside AWS, so its region is unknown, and plain ``http`` sends the message unencrypted.
A subscription still pending confirmation receives nothing and has no ARN yet: it is left out.
Endpoints (which may be e-mail addresses or phone numbers) are never reported, only their region.
"""

from __future__ import annotations

from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.sources.live.copies import OUTSIDE_AWS, destination_region, outside_aws
from scanner.state import Kind

_PENDING = ("PendingConfirmation", "pending confirmation", "Deleted")


class SnsSubscriptions(Collector):
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

    def collect(self, scan: Scan):
        listing = scan.pages("ListSubscriptions", "Subscriptions")
        if not listing.ok:
            arn = f"arn:{scan.partition}:sns:{scan.region}:{scan.account_id}:*:*"
            yield scan.placeholder(
                Kind.ENDPOINT, "aws_sns_topic_subscription", arn, listing, subkind="subscription"
            )
            return
        for sub in listing.data:
            arn = str(sub.get("SubscriptionArn") or "")
            if not arn.startswith("arn:") or arn in _PENDING:
                continue
            res = scan.resource(Kind.ENDPOINT, "aws_sns_topic_subscription", arn, arn, "subscription")
            protocol = str(sub.get("Protocol") or "")
            res.set("protocol", protocol)
            res.set("plaintext_allowed", protocol.lower() == "http")
            if protocol.lower() in OUTSIDE_AWS:
                res.region = outside_aws(res, protocol)
            else:
                res.region = destination_region(res, sub.get("Endpoint"))
            yield res
