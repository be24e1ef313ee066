"""Firehose delivery streams, as the adapter reads ``aws_kinesis_firehose_delivery_stream``.

A delivery stream is encrypted only when server-side encryption is on; its key is the
customer's only with ``CUSTOMER_MANAGED_CMK``. One that reads a Kinesis data stream takes that
stream's encryption, which is reported on the stream. Records wait at most a day for their
destination; a delivery stream has no resource policy.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.base import Api, Listing, Result, Scan, Wildcard, default
from scanner.state import Kind, Resource, Value

_FROM_STREAM = "the delivery stream reads a Kinesis stream, whose encryption is reported on that stream"
_PAGE = 100


class Firehose(Listing):
    name = "firehose"
    service = "firehose"
    PRODUCES = (
        Wildcard(
            Kind.MESSAGING,
            "aws_kinesis_firehose_delivery_stream",
            "arn:{partition}:firehose:{region}:{account}:deliverystream/*",
            "stream",
        ),
    )
    CALLS = (
        Api("firehose", "ListDeliveryStreams", "firehose:ListDeliveryStreams"),
        Api("firehose", "DescribeDeliveryStream", "firehose:DescribeDeliveryStream"),
    )

    def list_items(self, scan: Scan) -> Result:
        return _all_names(scan)

    def read(self, scan: Scan, name: str):
        arn = f"arn:{scan.partition}:firehose:{scan.region}:{scan.account_id}:deliverystream/{name}"
        described = scan.call("DescribeDeliveryStream", DeliveryStreamName=name)
        if described.ok:
            arn = described.data["DeliveryStreamDescription"].get("DeliveryStreamARN") or arn
        res = scan.resource(Kind.MESSAGING, "aws_kinesis_firehose_delivery_stream", arn, name, "stream")
        scan.fill(
            res,
            described,
            ("encrypted", "kms_key_id", "customer_managed_key"),
            lambda d, r=res: _encryption(d["DeliveryStreamDescription"], r),
        )
        res.attrs["retention_days"] = default(1, res)
        res.attrs["policy"] = default(None, res)
        yield res


def _all_names(scan: Scan) -> Result:
    """Every delivery stream's name (botocore has no paginator for this call: pages by hand)."""
    names: list[str] = []
    start: dict[str, Any] = {}
    while True:
        page = scan.call("ListDeliveryStreams", Limit=_PAGE, **start)
        if not page.ok:
            return page
        batch = page.data.get("DeliveryStreamNames") or []
        names.extend(batch)
        if not page.data.get("HasMoreDeliveryStreams") or not batch:
            return Result(names)
        start = {"ExclusiveStartDeliveryStreamName": batch[-1]}


def _encryption(description: dict[str, Any], res: Resource) -> dict[str, Any]:
    if description.get("DeliveryStreamType") == "KinesisStreamAsSource":
        unknown = Value.unknown(_FROM_STREAM, res.source)
        return {"encrypted": unknown, "kms_key_id": unknown, "customer_managed_key": unknown}
    config = description.get("DeliveryStreamEncryptionConfiguration") or {}
    enabled = config.get("Status") in ("ENABLED", "ENABLING")
    custom = enabled and config.get("KeyType") == "CUSTOMER_MANAGED_CMK"
    return {
        "encrypted": enabled,
        "customer_managed_key": Value(custom, res.source, default=not custom),
        "kms_key_id": config.get("KeyARN") if custom else None,
    }
