"""``adapters/logs.py``: ``aws_cloudwatch_log_group`` into a LOG_STORE."""

from __future__ import annotations

import pytest

from .adapt import adapt, defaults

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
NOTHING_SET = 'resource "aws_cloudwatch_log_group" "g" {\n  name = "app"\n}'

CASES = {
    # AWS encrypts log data with a service key and keeps it forever unless told otherwise.
    "nothing set": (
        NOTHING_SET,
        {"encrypted": True, "customer_managed_key": False, "kms_key_id": None, "name": "app",
         "retention_days": None, "@kind": "log_store", "@name": "app", "@region": "eu-west-1"},
    ),
    "customer key and retention": (
        f'resource "aws_cloudwatch_log_group" "g" {{\n  name = "app"\n  kms_key_id = "{KEY}"\n'
        "  retention_in_days = 90\n}",
        {"encrypted": True, "customer_managed_key": True, "kms_key_id": KEY, "name": "app",
         "retention_days": 90, "@kind": "log_store", "@name": "app", "@region": "eu-west-1"},
    ),
    "retention 0 is never expire": (
        'resource "aws_cloudwatch_log_group" "g" {\n  name = "app"\n  retention_in_days = 0\n}',
        {"encrypted": True, "customer_managed_key": False, "kms_key_id": None, "name": "app",
         "retention_days": None, "@kind": "log_store", "@name": "app", "@region": "eu-west-1"},
    ),
    "name from a prefix": (
        'resource "aws_cloudwatch_log_group" "g" {\n  name_prefix = "app-"\n}',
        {"encrypted": True, "customer_managed_key": False, "kms_key_id": None, "retention_days": None,
         "name": ("unknown", "the log group name is generated from name_prefix 'app-'"),
         "@name": ("unknown", "the log group name is generated from name_prefix 'app-'"),
         "@kind": "log_store", "@region": "eu-west-1"},
    ),
}  # fmt: skip


@pytest.mark.parametrize(("hcl", "expected"), CASES.values(), ids=list(CASES))
def test_log_group(tmp_path, hcl: str, expected: dict) -> None:
    assert adapt(tmp_path, hcl) == {"aws_cloudwatch_log_group.g": expected}


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    assert defaults(tmp_path, NOTHING_SET) == {
        "aws_cloudwatch_log_group.g": {"encrypted", "customer_managed_key", "retention_days"}
    }
