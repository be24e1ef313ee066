"""Where a subscription's copy goes is read once (knowledge.aws.copies), for code and cloud."""

from __future__ import annotations

import pytest

from scanner.knowledge.aws import copies
from scanner.sources.live.copies import destination_region
from scanner.state import Kind, Resource, Source, Value


@pytest.mark.parametrize(
    ("destination", "region", "why"),
    [
        ("arn:aws:sqs:eu-west-1:123456789012:orders", "eu-west-1", ""),
        ("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f", "us-gov-west-1", ""),
        # a global ARN, or a fourth field that is no region, names no region
        ("arn:aws:s3:::bucket", None, "the destination 'arn:aws:s3:::bucket' names no region"),
        (
            "arn:aws:sqs:not_a_region:123456789012:q",
            None,
            "the destination 'arn:aws:sqs:not_a_region:123456789012:q' names no region",
        ),
    ],
)
def test_the_region_a_destination_names(destination: str, region: str | None, why: str) -> None:
    assert copies.destination_region(destination) == (region, why)
    res = Resource(
        Kind.ENDPOINT, "arn:sub", "aws_sns_topic_subscription", Source(), Value("eu-west-1", Source())
    )
    live = destination_region(res, destination)
    assert (live.raw if live.known else None, "" if live.known else live.raw.reason) == (region, why)


@pytest.mark.parametrize(
    ("protocol", "outside"), [("HTTPS", True), ("sms", True), ("sqs", False), (None, False)]
)
def test_protocols_outside_aws(protocol, outside: bool) -> None:
    assert copies.outside_aws(protocol) is outside
