"""Amazon MQ brokers, as the adapter reads ``aws_mq_broker``.

A broker is always encrypted at rest: with an AWS-owned key unless ``UseAwsOwnedKey`` is false,
then with the named KMS key (or the AWS-managed ``aws/mq`` key). ``PubliclyAccessible`` brokers
have endpoints reachable from the internet.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.at_rest import set_at_rest
from scanner.sources.live.base import Api, Listing, Scan, Wildcard
from scanner.state import Kind, Resource, Value


class Mq(Listing):
    name = "mq"
    service = "mq"
    PRODUCES = (
        Wildcard(Kind.MESSAGING, "aws_mq_broker", "arn:{partition}:mq:{region}:{account}:broker:*", "broker"),
    )
    CALLS = (
        Api("mq", "ListBrokers", "mq:ListBrokers"),
        Api("mq", "DescribeBroker", "mq:DescribeBroker"),
    )

    LISTING = ("ListBrokers", "BrokerSummaries")

    def read(self, scan: Scan, summary: Any):
        broker_id = summary["BrokerId"]
        name = summary.get("BrokerName") or broker_id
        arn = (
            summary.get("BrokerArn")
            or f"arn:{scan.partition}:mq:{scan.region}:{scan.account_id}:broker:{name}:{broker_id}"
        )
        res = scan.resource(Kind.MESSAGING, "aws_mq_broker", arn, name, "broker")
        described = scan.call("DescribeBroker", BrokerId=broker_id)
        if not described.ok:
            scan.fill(
                res,
                described,
                ("encrypted", "kms_key_id", "customer_managed_key", "publicly_accessible"),
                dict,
            )
        else:
            _broker(res, described.data)
        yield res


def _broker(res: Resource, broker: dict[str, Any]) -> None:
    options = broker.get("EncryptionOptions") or {}
    owned = options.get("UseAwsOwnedKey", True)
    set_at_rest(res, True, None if owned else options.get("KmsKeyId"), encrypted_by_default=True)
    if owned:
        res.attrs["customer_managed_key"] = Value(False, res.source, default="UseAwsOwnedKey" not in options)
    res.set("publicly_accessible", bool(broker.get("PubliclyAccessible")))
