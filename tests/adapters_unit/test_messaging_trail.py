"""``adapters/messaging.py`` (SQS, SNS) and ``adapters/cloudtrail.py``: HCL in, attributes out."""

from __future__ import annotations

from .adapt import adapt, defaults, nothing_set, table

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
HERE = {"@region": "eu-west-1"}

CASES = {
    # New queues get SSE-SQS (an AWS-owned key) and keep messages 345,600 s (4 days).
    "sqs, nothing set: SSE-SQS, 4 days": (
        'resource "aws_sqs_queue" "q" {\n  name = "jobs"\n}',
        "aws_sqs_queue.q",
        {"encrypted": True, "customer_managed_key": False, "kms_key_id": None, "policy": None,
         "retention_days": 4, "@kind": "messaging/queue", "@name": "jobs", **HERE},
    ),
    "sqs, the AWS-managed key alias and the 14-day maximum": (
        'resource "aws_sqs_queue" "q" {\n  name = "jobs"\n  kms_master_key_id = "alias/aws/sqs"\n'
        "  message_retention_seconds = 1209600\n}",
        "aws_sqs_queue.q",
        {"encrypted": True, "customer_managed_key": False, "kms_key_id": "alias/aws/sqs", "policy": None,
         "retention_days": 14, "@kind": "messaging/queue", "@name": "jobs", **HERE},
    ),
    # SNS encrypts nothing unless a key is given, and stores no message after delivery.
    "sns, nothing set: unencrypted, keeps nothing": (
        'resource "aws_sns_topic" "t" {\n  name = "events"\n}',
        "aws_sns_topic.t",
        {"encrypted": False, "customer_managed_key": False, "kms_key_id": None, "policy": None,
         "retention_days": 0, "@kind": "messaging/topic", "@name": "events", **HERE},
    ),
    "sns, customer key": (
        f'resource "aws_sns_topic" "t" {{\n  name = "events"\n  kms_master_key_id = "{KEY}"\n}}',
        "aws_sns_topic.t",
        {"encrypted": True, "customer_managed_key": True, "kms_key_id": KEY, "policy": None,
         "retention_days": 0, "@kind": "messaging/topic", "@name": "events", **HERE},
    ),
    # A trail logs while enable_logging is unset; its files get SSE-S3; single-Region, no
    # validation digests and no data events unless asked.
    "cloudtrail, nothing set: logging, SSE-S3, one Region, no data events": (
        'resource "aws_cloudtrail" "t" {\n  name = "trail"\n  s3_bucket_name = "logs"\n}',
        "aws_cloudtrail.t",
        {"enabled": True, "encrypted": True, "customer_managed_key": False, "kms_key_id": None,
         "log_file_validation": False, "multi_region": False, "s3_data_events": False,
         "@kind": "trail", "@name": "trail", **HERE},
    ),
    "cloudtrail, every Region, validated, customer key, all S3 data events": (
        'resource "aws_cloudtrail" "t" {\n  name = "trail"\n  s3_bucket_name = "logs"\n'
        f'  is_multi_region_trail = true\n  enable_log_file_validation = true\n  kms_key_id = "{KEY}"\n'
        '  event_selector {\n    read_write_type = "All"\n'
        '    data_resource {\n      type = "AWS::S3::Object"\n      values = ["arn:aws:s3"]\n    }\n  }\n}',
        "aws_cloudtrail.t",
        {"enabled": True, "encrypted": True, "customer_managed_key": True, "kms_key_id": KEY,
         "log_file_validation": True, "multi_region": True, "s3_data_events": True,
         "@kind": "trail", "@name": "trail", **HERE},
    ),
    "cloudtrail, logging switched off": (
        'resource "aws_cloudtrail" "t" {\n  name = "trail"\n  s3_bucket_name = "logs"\n  enable_logging = false\n}',
        "aws_cloudtrail.t",
        {"enabled": False, "encrypted": True, "customer_managed_key": False, "kms_key_id": None,
         "log_file_validation": False, "multi_region": False, "s3_data_events": False,
         "@kind": "trail", "@name": "trail", **HERE},
    ),
}  # fmt: skip


@table(CASES)
def test_messaging_and_trail(tmp_path, hcl: str, address: str, expected: dict) -> None:
    assert adapt(tmp_path, hcl) == {address: expected}


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    assert defaults(tmp_path, nothing_set(CASES)) == {
        "aws_sqs_queue.q": {"encrypted", "customer_managed_key", "retention_days"},
        "aws_sns_topic.t": {"encrypted", "customer_managed_key", "retention_days"},
        "aws_cloudtrail.t": {"enabled", "encrypted", "customer_managed_key", "log_file_validation",
                             "multi_region", "s3_data_events"},
    }  # fmt: skip


def test_a_customer_key_leaves_only_what_no_argument_says_flagged(tmp_path) -> None:
    assert defaults(tmp_path, CASES["sns, customer key"][0]) == {"aws_sns_topic.t": {"retention_days"}}
