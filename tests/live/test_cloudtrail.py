"""A multi-Region trail homed outside --regions still logs the buckets it covers in the scanned ones."""

from __future__ import annotations

import boto3

from scanner.sources.live.collect import LiveOptions, collect_live


def test_a_trail_homed_in_an_unscanned_region_is_seen_through_its_shadow(aws: str) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="logged-us")
    s3.create_bucket(Bucket="unlogged-us")
    s3.create_bucket(Bucket="trail-logs")
    eu = boto3.client("cloudtrail", region_name="eu-west-1")
    eu.create_trail(Name="everywhere", S3BucketName="trail-logs", IsMultiRegionTrail=True)
    eu.put_event_selectors(
        TrailName="everywhere",
        EventSelectors=[
            {
                "ReadWriteType": "All",
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::logged-us/"]}],
            }
        ],
    )
    eu.start_logging(Name="everywhere")

    state = collect_live(LiveOptions(regions=["us-east-1"], services=["s3", "cloudtrail"], progress=False))

    assert state.errors == []
    assert [r.resource_type for r in state.resources if r.resource_type == "aws_cloudtrail"] == []
    logged = {
        r.identity.raw: r.get("data_events_logged").raw
        for r in state.resources
        if r.resource_type == "aws_s3_bucket"
    }
    assert logged == {"logged-us": True, "unlogged-us": False, "trail-logs": False}
