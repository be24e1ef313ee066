"""Which buckets a trail's selectors record completely (live answers, as AWS returns them)."""

from __future__ import annotations

import pytest

from scanner.sources.live.cloudtrail import bucket_covered, covered_buckets


@pytest.mark.parametrize(
    ("values", "bucket", "covered"),
    [
        (["arn:aws:s3"], "data", True),
        (["arn:aws:s3:::data/"], "data", True),
        (["arn:aws:s3:::data/uploads/"], "data", False),  # only part of the bucket
        (["arn:aws:s3:::dat"], "data", True),  # an advanced StartsWith is a plain string prefix
        (["arn:aws:s3:::data/"], "database", False),
        (["arn:aws-cn:s3:::data/"], "data", True),
    ],
)
def test_bucket_covered(values, bucket, covered) -> None:
    assert bucket_covered(values, bucket) is covered


def test_only_selectors_recording_reads_and_writes_count() -> None:
    data = {
        "EventSelectors": [
            {"ReadWriteType": "WriteOnly", "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::w/"]}]},
            {"ReadWriteType": "All", "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::a/"]}]},
        ],
        "AdvancedEventSelectors": [
            {"FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Data"]},
                {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                {"Field": "eventName", "Equals": ["PutObject"]},
            ]},
            {"FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Data"]},
                {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::adv/"]},
            ]},
        ],
    }  # fmt: skip
    assert covered_buckets(data) == (["arn:aws:s3:::a/", "arn:aws:s3:::adv/"], None)
