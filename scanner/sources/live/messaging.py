"""SQS queues, SNS topics and Kinesis data streams as MESSAGING resources (queue, topic, stream).

Read as the Terraform adapter reads them: SQS encrypts with SSE-SQS unless a KMS key
is set (``SqsManagedSseEnabled``) and keeps messages ``MessageRetentionPeriod`` seconds;
SNS encrypts only with a KMS key and keeps messages only in a FIFO archive; Kinesis
keeps records ``RetentionPeriodHours``. Durations are whole days, rounded up. Keys named
by the AWS-managed aliases (``alias/aws/sqs`` …) are not customer-managed.
"""

from __future__ import annotations

import json
import math
from typing import Any

from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Resource, Unknown, Value


def _policy(text: str | None) -> Any:
    if not text:
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return Unknown("the resource policy is not valid JSON")
    return doc or None  # Kinesis answers "{}" for a stream without a policy


def _key(res: Resource, key: str | None) -> None:
    res.set("kms_key_id", key)
    res.attrs["customer_managed_key"] = key_value(res, key)


class Sqs(Collector):
    name = "sqs"
    service = "sqs"
    PRODUCES = (
        Wildcard(Kind.MESSAGING, "aws_sqs_queue", "arn:{partition}:sqs:{region}:{account}:*", "queue"),
    )
    CALLS = (
        Api("sqs", "ListQueues", "sqs:ListQueues"),
        Api("sqs", "GetQueueAttributes", "sqs:GetQueueAttributes"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("ListQueues", "QueueUrls")
        if not listing.ok:
            arn = f"arn:{scan.partition}:sqs:{scan.region}:{scan.account_id}:*"
            yield scan.placeholder(Kind.MESSAGING, "aws_sqs_queue", arn, listing, subkind="queue")
            return
        for url in listing.data:
            name = url.rstrip("/").rsplit("/", 1)[-1]
            arn = f"arn:{scan.partition}:sqs:{scan.region}:{scan.account_id}:{name}"
            res = scan.resource(Kind.MESSAGING, "aws_sqs_queue", arn, name, "queue")
            attrs = scan.call("GetQueueAttributes", QueueUrl=url, AttributeNames=["All"])
            scan.fill(
                res,
                attrs,
                ("encrypted", "kms_key_id", "customer_managed_key", "retention_days", "policy"),
                lambda d, r=res: _queue(d.get("Attributes") or {}, r),
            )
            yield res


def _queue(attrs: dict[str, str], res: Resource) -> dict[str, Any]:
    key = attrs.get("KmsMasterKeyId")
    managed = str(attrs.get("SqsManagedSseEnabled", "false")).lower() == "true"
    seconds = int(attrs.get("MessageRetentionPeriod", 345600))
    return {
        "encrypted": bool(key) or managed,
        "kms_key_id": key,
        "customer_managed_key": key_value(res, key),
        "retention_days": math.ceil(seconds / 86400),
        "policy": _policy(attrs.get("Policy")),
    }


class Sns(Collector):
    name = "sns"
    service = "sns"
    PRODUCES = (
        Wildcard(Kind.MESSAGING, "aws_sns_topic", "arn:{partition}:sns:{region}:{account}:*", "topic"),
    )
    CALLS = (
        Api("sns", "ListTopics", "sns:ListTopics"),
        Api("sns", "GetTopicAttributes", "sns:GetTopicAttributes"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("ListTopics", "Topics")
        if not listing.ok:
            arn = f"arn:{scan.partition}:sns:{scan.region}:{scan.account_id}:*"
            yield scan.placeholder(Kind.MESSAGING, "aws_sns_topic", arn, listing, subkind="topic")
            return
        for topic in listing.data:
            arn = topic["TopicArn"]
            res = scan.resource(Kind.MESSAGING, "aws_sns_topic", arn, arn.rsplit(":", 1)[-1], "topic")
            attrs = scan.call("GetTopicAttributes", TopicArn=arn)
            scan.fill(
                res,
                attrs,
                ("encrypted", "kms_key_id", "customer_managed_key", "retention_days", "policy"),
                lambda d, r=res: _topic(d.get("Attributes") or {}, r),
            )
            yield res


def _topic(attrs: dict[str, str], res: Resource) -> dict[str, Any]:
    key = attrs.get("KmsMasterKeyId")
    archive = _policy(attrs.get("ArchivePolicy"))
    days: Any = 0  # delivered, then dropped
    if isinstance(archive, dict) and archive.get("MessageRetentionPeriod") is not None:
        days = int(archive["MessageRetentionPeriod"])
    return {
        "encrypted": bool(key),
        "kms_key_id": key,
        "customer_managed_key": key_value(res, key),
        "retention_days": days,
        "policy": _policy(attrs.get("Policy")),
    }


class Kinesis(Collector):
    name = "kinesis"
    service = "kinesis"
    PRODUCES = (
        Wildcard(
            Kind.MESSAGING,
            "aws_kinesis_stream",
            "arn:{partition}:kinesis:{region}:{account}:stream/*",
            "stream",
        ),
    )
    CALLS = (
        Api("kinesis", "ListStreams", "kinesis:ListStreams"),
        Api("kinesis", "DescribeStreamSummary", "kinesis:DescribeStreamSummary"),
        Api("kinesis", "GetResourcePolicy", "kinesis:GetResourcePolicy"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("ListStreams", "StreamNames")
        if not listing.ok:
            arn = f"arn:{scan.partition}:kinesis:{scan.region}:{scan.account_id}:stream/*"
            yield scan.placeholder(Kind.MESSAGING, "aws_kinesis_stream", arn, listing, subkind="stream")
            return
        for name in listing.data:
            summary = scan.call("DescribeStreamSummary", StreamName=name)
            arn = f"arn:{scan.partition}:kinesis:{scan.region}:{scan.account_id}:stream/{name}"
            if summary.ok:
                arn = summary.data["StreamDescriptionSummary"].get("StreamARN", arn)
            res = scan.resource(Kind.MESSAGING, "aws_kinesis_stream", arn, name, "stream")
            scan.fill(
                res,
                summary,
                ("encrypted", "kms_key_id", "customer_managed_key", "retention_days"),
                lambda d, r=res: _stream(d["StreamDescriptionSummary"], r),
            )
            policy = scan.call("GetResourcePolicy", ResourceARN=arn)
            scan.fill(res, policy, ("policy",), lambda d: {"policy": _policy((d or {}).get("Policy"))})
            yield res


def _stream(summary: dict[str, Any], res: Resource) -> dict[str, Any]:
    encrypted = summary.get("EncryptionType") == "KMS"
    key = summary.get("KeyId") if encrypted else None
    hours = int(summary.get("RetentionPeriodHours") or 24)
    return {
        "encrypted": encrypted,
        "kms_key_id": key,
        "customer_managed_key": key_value(res, key) if encrypted else Value(False, res.source),
        "retention_days": math.ceil(hours / 24),
    }
