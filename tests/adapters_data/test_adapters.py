"""Adapters on hand-built TfBlocks: defaults, companions, policy documents, lifecycle."""

from __future__ import annotations

from scanner.engine.predicates.retention import s3_lifecycle_within
from scanner.promises import Promise
from scanner.promises.model import Control
from scanner.sources.terraform.adapters import to_state
from scanner.sources.terraform.model import TfBlock, TfConfig
from scanner.state import Unknown


def block(address: str, attrs: dict, region: str = "eu-west-1", mode: str = "managed") -> TfBlock:
    parts = address.split(".")
    rtype, name = (parts[1], parts[2]) if mode == "data" else (parts[0], parts[1])
    return TfBlock(address, mode, rtype, name, attrs, "main.tf", 1, region=region)


def state(*blocks: TfBlock):
    return {r.address: r for r in to_state(TfConfig(list(blocks))).resources}


def test_new_bucket_defaults() -> None:
    res = state(block("aws_s3_bucket.b", {"bucket": "b"}))["aws_s3_bucket.b"]
    assert res.get("encrypted").raw is True and res.get("encrypted").default
    assert res.get("public_access_block").raw["restrict_public_buckets"] is True
    assert res.get("lifecycle_rules").raw == []


def test_policy_document_renders_with_references() -> None:
    ref = Unknown("after apply", "aws_s3_bucket.b")
    doc = block(
        "data.aws_iam_policy_document.p",
        {
            "statement": [
                {
                    "effect": "Deny",
                    "actions": ["s3:*"],
                    "resources": [ref],
                    "principals": [{"type": "*", "identifiers": ["*"]}],
                }
            ]
        },
        mode="data",
    )
    pol = block(
        "aws_s3_bucket_policy.p",
        {
            "bucket": Unknown("x", "aws_s3_bucket.b"),
            "policy": Unknown("data", "data.aws_iam_policy_document.p"),
        },
    )
    res = state(block("aws_s3_bucket.b", {"bucket": "b"}), doc, pol)["aws_s3_bucket.b"]
    stmt = res.get("policy").raw["Statement"][0]
    assert (
        stmt["Principal"] == "*" and stmt["Effect"] == "Deny" and stmt["Resource"][0].ref == "aws_s3_bucket.b"
    )


def test_public_acl_needs_acls_enabled() -> None:
    bucket = block("aws_s3_bucket.b", {"bucket": "b"})
    acl = block("aws_s3_bucket_acl.a", {"bucket": "b", "acl": "public-read"})
    # Only AWS's default disables ACLs: the code still grants public access (issue 12 item 11).
    assert state(bucket, acl)["aws_s3_bucket.b"].get("public_acl").raw is True
    enforced = block(
        "aws_s3_bucket_ownership_controls.o",
        {"bucket": "b", "rule": [{"object_ownership": "BucketOwnerEnforced"}]},
    )
    assert state(bucket, acl, enforced)["aws_s3_bucket.b"].get("public_acl").raw is False
    own = block(
        "aws_s3_bucket_ownership_controls.o", {"bucket": "b", "rule": [{"object_ownership": "ObjectWriter"}]}
    )
    assert state(bucket, acl, own)["aws_s3_bucket.b"].get("public_acl").raw is True


def test_lifecycle_with_versioning_needs_noncurrent_expiry() -> None:
    bucket = block("aws_s3_bucket.b", {"bucket": "b"})
    ver = block(
        "aws_s3_bucket_versioning.v", {"bucket": "b", "versioning_configuration": [{"status": "Enabled"}]}
    )
    life = block(
        "aws_s3_bucket_lifecycle_configuration.l",
        {"bucket": "b", "rule": [{"status": "Enabled", "filter": [{}], "expiration": [{"days": 10}]}]},
    )
    res = state(bucket, ver, life)["aws_s3_bucket.b"]
    promise = Promise("p", Control.RETENTION_LIMIT, {"max_days": 30})
    assert s3_lifecycle_within(res, promise, {}).status.value == "fail"


def test_cross_region_read_replica() -> None:
    src = block("aws_db_instance.src", {"identifier": "src", "engine": "postgres"})
    rep = block(
        "aws_db_instance.rep",
        {"replicate_source_db": Unknown("arn", "aws_db_instance.src")},
        region="us-east-1",
    )
    got = state(src, rep)
    assert got["aws_db_instance.src"].get("replica_regions").raw == ["us-east-1"]
    assert got["aws_db_instance.rep"].get("engine").raw == "postgres"


def test_backup_plan_copy_region_from_literal_arn() -> None:
    plan = block(
        "aws_backup_plan.p",
        {
            "name": "p",
            "rule": [
                {
                    "target_vault_name": "Default",
                    "copy_action": [{"destination_vault_arn": "arn:aws:backup:us-west-2:1:backup-vault:x"}],
                }
            ],
        },
    )
    res = state(plan)["aws_backup_plan.p"]
    assert res.get("copy_regions").raw == ["us-west-2"]
    assert res.get("retention_days").raw is None  # no delete_after: kept forever
