"""``adapters/dynamodb.py``, ``adapters/ebs.py``, ``adapters/efs.py``, ``adapters/kms.py``: HCL in, attributes out."""

from __future__ import annotations

from .adapt import adapt, defaults, nothing_set, table

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
HERE = {"@region": "eu-west-1"}
TABLE = 'resource "aws_dynamodb_table" "t" {\n  name = "orders"\n  hash_key = "id"\n' + (
    '  attribute {\n    name = "id"\n    type = "S"\n  }\n'
)
DYNAMODB_AWS = {"engine": "dynamodb", "min_tls_version": "1.2", "tls_enforced": False, "publicly_accessible": False,
                "policy": None, "audit_logging": False, "query_logging": False}  # fmt: skip

# (HCL, address, attributes); the first case of each type sets nothing (AWS's defaults).
CASES = {
    "dynamodb, nothing set: AWS-owned key, no backups, no TTL": (
        TABLE + "}",
        "aws_dynamodb_table.t",
        {**DYNAMODB_AWS, "encrypted": True, "customer_managed_key": False, "kms_key_id": None,
         "backup_retention_days": 0, "replica_regions": [], "ttl_enabled": False,
         "@kind": "database/key_value", "@name": "orders", **HERE},
    ),
    "dynamodb, customer key, point-in-time recovery (35 days), TTL and a replica": (
        TABLE + f'  server_side_encryption {{\n    enabled = true\n    kms_key_arn = "{KEY}"\n  }}\n'
        "  point_in_time_recovery {\n    enabled = true\n  }\n"
        '  ttl {\n    attribute_name = "expires"\n    enabled = true\n  }\n'
        '  replica {\n    region_name = "eu-central-1"\n  }\n}',
        "aws_dynamodb_table.t",
        {**DYNAMODB_AWS, "encrypted": True, "customer_managed_key": True, "kms_key_id": KEY,
         "backup_retention_days": 35, "replica_regions": ["eu-central-1"], "ttl_enabled": True,
         "@kind": "database/key_value", "@name": "orders", **HERE},
    ),
    "ebs, nothing set: not encrypted": (
        'resource "aws_ebs_volume" "v" {\n  availability_zone = "eu-west-1a"\n  size = 8\n}',
        "aws_ebs_volume.v",
        {"encrypted": False, "customer_managed_key": False, "kms_key_id": None, "@kind": "volume", "@name": None,
         **HERE},
    ),
    "ebs, customer key": (
        'resource "aws_ebs_volume" "v" {\n  availability_zone = "eu-west-1a"\n  size = 8\n'
        f'  encrypted = true\n  kms_key_id = "{KEY}"\n}}',
        "aws_ebs_volume.v",
        {"encrypted": True, "customer_managed_key": True, "kms_key_id": KEY, "@kind": "volume", "@name": None,
         **HERE},
    ),
    "efs, nothing set: not encrypted": (
        'resource "aws_efs_file_system" "f" {\n  creation_token = "share"\n}',
        "aws_efs_file_system.f",
        {"encrypted": False, "customer_managed_key": False, "kms_key_id": None, "policy": None,
         "replica_regions": [], "@kind": "file_system", "@name": "share", **HERE},
    ),
    "efs, encrypted with the AWS key": (
        'resource "aws_efs_file_system" "f" {\n  creation_token = "share"\n  encrypted = true\n}',
        "aws_efs_file_system.f",
        {"encrypted": True, "customer_managed_key": False, "kms_key_id": None, "policy": None,
         "replica_regions": [], "@kind": "file_system", "@name": "share", **HERE},
    ),
    "kms key, nothing set: no rotation, default policy": (
        'resource "aws_kms_key" "k" {\n  description = "data"\n}',
        "aws_kms_key.k",
        {"key_spec": "SYMMETRIC_DEFAULT", "multi_region": False, "policy": None, "replica_regions": [],
         "rotation_enabled": False, "@kind": "key", "@name": "data", **HERE},
    ),
    "kms key, rotated, multi-Region": (
        'resource "aws_kms_key" "k" {\n  description = "data"\n  enable_key_rotation = true\n'
        "  multi_region = true\n}",
        "aws_kms_key.k",
        {"key_spec": "SYMMETRIC_DEFAULT", "multi_region": True, "policy": None, "replica_regions": [],
         "rotation_enabled": True, "@kind": "key", "@name": "data", **HERE},
    ),
}  # fmt: skip


@table(CASES)
def test_store(tmp_path, hcl: str, address: str, expected: dict) -> None:
    assert adapt(tmp_path, hcl) == {address: expected}


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    assert defaults(tmp_path, nothing_set(CASES)) == {
        "aws_dynamodb_table.t": {*DYNAMODB_AWS, "encrypted", "customer_managed_key", "kms_key_id",
                                 "backup_retention_days", "replica_regions", "ttl_enabled"},
        "aws_ebs_volume.v": {"encrypted", "customer_managed_key"},
        "aws_efs_file_system.f": {"encrypted", "customer_managed_key", "policy", "replica_regions"},
        "aws_kms_key.k": {"key_spec", "multi_region", "policy", "replica_regions", "rotation_enabled"},
    }  # fmt: skip
