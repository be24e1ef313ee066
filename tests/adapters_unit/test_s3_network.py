"""``adapters/s3.py`` and ``adapters/security_groups.py``: HCL in, attributes out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .adapt import adapt, defaults, nothing_set, table

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
HERE = {"@region": "eu-west-1"}
BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "data"\n}\n'
ALL_BLOCKED = {"block_public_acls": True, "block_public_policy": True, "ignore_public_acls": True,
               "restrict_public_buckets": True}  # fmt: skip
S3_QUIET = {"policy": None, "public_acl": False, "account_public_access_block": None, "data_events_logged": False,
            "replication_destinations": [], "name": "data", "@kind": "object_store", "@name": "data", **HERE}  # fmt: skip
RULE = {
    "cidr_blocks": [],
    "ipv6_cidr_blocks": [],
    "prefix_list_ids": [],
    "security_groups": [],
    "self": False,
}
NO_VPC = ("unknown", "VPC vpc-1 is not in this configuration; its flow logs cannot be told")

CASES = {
    # Since January 2023 every new bucket gets SSE-S3; since April 2023 all four Block Public
    # Access settings are on. Versioning, access logs and lifecycle rules are off.
    "s3, nothing set: SSE-S3, public access blocked, no versioning": (
        BUCKET,
        "aws_s3_bucket.b",
        {**S3_QUIET, "encrypted": True, "customer_managed_key": False, "kms_key_id": None,
         "public_access_block": ALL_BLOCKED, "versioning": False, "access_logging": False, "lifecycle_rules": []},
    ),
    # The companion resource's unset flags are false: writing it turns the other three off.
    "s3, customer key, versioning, logs, one expiry rule, one access block flag written": (
        BUCKET
        + 'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b.id\n'
        '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
        'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  bucket = aws_s3_bucket.b.id\n'
        '  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n'
        f'      kms_master_key_id = "{KEY}"\n    }}\n  }}\n}}\n'
        'resource "aws_s3_bucket_public_access_block" "p" {\n  bucket = aws_s3_bucket.b.id\n'
        "  block_public_acls = true\n}\n"
        'resource "aws_s3_bucket_logging" "g" {\n  bucket = aws_s3_bucket.b.id\n  target_bucket = "logs"\n'
        '  target_prefix = "data/"\n}\n'
        'resource "aws_s3_bucket_lifecycle_configuration" "l" {\n  bucket = aws_s3_bucket.b.id\n'
        '  rule {\n    id = "expire"\n    status = "Enabled"\n    filter {}\n    expiration {\n      days = 30\n'
        "    }\n  }\n}",
        "aws_s3_bucket.b",
        {**S3_QUIET, "encrypted": True, "customer_managed_key": True, "kms_key_id": KEY,
         "public_access_block": {"block_public_acls": True, "block_public_policy": False,
                                 "ignore_public_acls": False, "restrict_public_buckets": False},
         "versioning": True, "access_logging": True,
         "lifecycle_rules": [{"id": "expire", "enabled": True, "expiration_days": 30, "prefix": "",
                              "whole_bucket": True, "noncurrent_expiration_days": None,
                              "noncurrent_versions_kept": None}]},
    ),
    # Terraform deletes the allow-all egress rule AWS adds to a new group in a VPC, so a group
    # with no rules written has none.
    "security group, nothing set: no rules, default VPC": (
        'resource "aws_security_group" "g" {\n  name = "web"\n}',
        "aws_security_group.g",
        {"ingress": [], "egress": [],
         "flow_logs": ("unknown", "the group is in the default VPC, whose flow logs are not in this configuration"),
         "@kind": "firewall/security_group", "@name": "web", **HERE},
    ),
    "security group, inline HTTPS from anywhere": (
        'resource "aws_security_group" "g" {\n  name = "web"\n  vpc_id = "vpc-1"\n'
        '  ingress {\n    from_port = 443\n    to_port = 443\n    protocol = "tcp"\n'
        '    cidr_blocks = ["0.0.0.0/0"]\n  }\n}',
        "aws_security_group.g",
        {"ingress": [{**RULE, "cidr_blocks": ["0.0.0.0/0"], "from_port": 443, "to_port": 443, "protocol": "tcp",
                      "source": "main.tf:8"}],
         "egress": [], "flow_logs": NO_VPC, "@kind": "firewall/security_group", "@name": "web", **HERE},
    ),
    "security group, SSH from 10/8 as a separate ingress rule": (
        'resource "aws_security_group" "g" {\n  name = "web"\n  vpc_id = "vpc-1"\n}\n'
        'resource "aws_vpc_security_group_ingress_rule" "i" {\n  security_group_id = aws_security_group.g.id\n'
        '  cidr_ipv4 = "10.0.0.0/8"\n  from_port = 22\n  to_port = 22\n  ip_protocol = "tcp"\n}',
        "aws_security_group.g",
        {"ingress": [{**RULE, "cidr_blocks": ["10.0.0.0/8"], "from_port": 22, "to_port": 22, "protocol": "tcp",
                      "source": "main.tf:14"}],
         "egress": [], "flow_logs": NO_VPC, "@kind": "firewall/security_group", "@name": "web", **HERE},
    ),
    "security group, allow-all egress written, in a VPC with flow logs": (
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_flow_log" "f" {\n  vpc_id = aws_vpc.v.id\n  traffic_type = "ALL"\n'
        '  log_destination = "arn:aws:s3:::logs"\n  log_destination_type = "s3"\n}\n'
        'resource "aws_security_group" "g" {\n  name = "web"\n  vpc_id = aws_vpc.v.id\n'
        '  egress {\n    from_port = 0\n    to_port = 0\n    protocol = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}',
        "aws_security_group.g",
        {"ingress": [], "egress": [{**RULE, "cidr_blocks": ["0.0.0.0/0"], "from_port": 0, "to_port": 0,
                                    "protocol": "-1", "source": "main.tf:17"}],
         "flow_logs": True, "@kind": "firewall/security_group", "@name": "web", **HERE},
    ),
}  # fmt: skip


def _relative(value: Any, root: Path) -> Any:
    """Rule provenance (``/tmp/…/main.tf:8``) as ``main.tf:8``, so the table can hold it."""
    if isinstance(value, dict):
        return {k: _relative(v, root) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative(v, root) for v in value]
    if isinstance(value, str) and value.startswith(f"{root}/"):
        return value[len(f"{root}/") :]
    return value


@table(CASES)
def test_bucket_and_group(tmp_path, hcl: str, address: str, expected: dict) -> None:
    assert _relative(adapt(tmp_path, hcl), tmp_path) == {address: expected}


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    assert defaults(tmp_path, nothing_set(CASES)) == {
        "aws_s3_bucket.b": {"encrypted", "customer_managed_key", "kms_key_id", "public_access_block",
                            "account_public_access_block", "policy", "public_acl", "versioning", "access_logging",
                            "lifecycle_rules", "data_events_logged", "replication_destinations"},
        "aws_security_group.g": {"ingress", "egress"},
    }  # fmt: skip
