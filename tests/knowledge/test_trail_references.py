"""A trail selector value written around a reference to a bucket keeps its literal text.

``"${aws_s3_bucket.b.arn}/uploads/"`` records only the objects under uploads/ (the scenario
fixtures/terraform/trail-selector-prefix asserts the verdicts); the tables here pin the rule.
"""

from __future__ import annotations

import pytest

from scanner.knowledge.aws.cloudtrail import THIS_BUCKET, BucketReference, prefix_covers_bucket
from scanner.sources.terraform.adapters.cloudtrail import bucket_reference
from scanner.state import Unknown


@pytest.mark.parametrize(
    ("reference", "covers"),
    [
        (THIS_BUCKET, True),  # the bucket's ARN alone
        (BucketReference("", "/"), True),
        (BucketReference("", "/uploads/"), False),  # only that prefix
        (BucketReference("", "-old/"), False),  # another bucket's name
        (BucketReference("arn:aws:s3:::", "/", "name"), True),
        (BucketReference("arn:aws-cn:s3:::", "/", "name"), True),  # any partition
        (BucketReference("arn:aws:s3:::", "/logs/", "name"), False),
        (BucketReference("", "/", "name"), False),  # a bare name is no ARN prefix
        (BucketReference("", "/", own=False), False),  # another bucket of the configuration
        (BucketReference("", "", own=False), False),
    ],
)
def test_reference_covers_the_bucket_only_when_its_text_does(reference, covers) -> None:
    assert prefix_covers_bucket(reference, "any-name") is covers


def test_reference_to_another_attribute_is_unknown() -> None:
    got = prefix_covers_bucket(BucketReference("", "/", "bucket_domain_name"), "b")
    assert isinstance(got, Unknown)
    assert got.reason == (
        "a selector value is written around the bucket's bucket_domain_name, neither its ARN nor its name"
    )


def after_apply(what: str | None, shape: str | None, ref: str = "aws_s3_bucket.b") -> Unknown:
    return Unknown(f"{what} is known only after apply", ref=ref, shape=shape, what=what)


@pytest.mark.parametrize(
    ("raw", "own", "read"),
    [
        (
            after_apply("aws_s3_bucket.b.arn", "${}/uploads/"),
            "aws_s3_bucket.b",
            BucketReference("", "/uploads/"),
        ),
        (after_apply("aws_s3_bucket.b.arn", None), "aws_s3_bucket.b", THIS_BUCKET),
        (
            after_apply("aws_s3_bucket.b.id", "arn:aws:s3:::${}/"),
            "aws_s3_bucket.b",
            BucketReference("arn:aws:s3:::", "/", "name"),
        ),
        (after_apply("aws_s3_bucket.b.arn", "${}/"), "aws_s3_bucket.c", BucketReference("", "/", own=False)),
        (
            after_apply("module.m.aws_s3_bucket.b.arn", "${}/", "module.m.aws_s3_bucket.b"),
            "module.m.aws_s3_bucket.b",
            BucketReference("", "/"),
        ),
    ],
)
def test_terraform_values_around_a_bucket_reference(raw, own, read) -> None:
    assert bucket_reference(raw, own) == read


@pytest.mark.parametrize(
    "raw",
    [
        after_apply(None, None),  # a plan names the resource, not the text: never the whole bucket
        after_apply("data.aws_s3_bucket.b.arn", "${}/", "data.aws_s3_bucket.b"),  # may be this very bucket
        after_apply("aws_kms_key.k.arn", "${}/", "aws_kms_key.k"),
    ],
)
def test_values_that_cannot_be_read_stay_unknown(raw) -> None:
    assert bucket_reference(raw, "aws_s3_bucket.b") is raw
