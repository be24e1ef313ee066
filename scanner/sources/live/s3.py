"""S3 buckets (global: listed once per account), and the account-level public access block.

Buckets of every region are collected, whatever ``--regions`` says: S3 is one
global namespace, and a bucket in a region outside the scan is exactly what a
residency promise wants to hear about. Per-bucket calls run as separate pool
tasks against the bucket's own region.

"Not configured" answers are values, not errors: no policy, no lifecycle rules,
no replication, no block. An encryption "not found" means AWS's base SSE-S3,
which applies to every bucket since January 2023 (flagged as an AWS default).
"""

from __future__ import annotations

import json
from typing import Any

from scanner.knowledge.aws.s3 import bucket_of_arn, grantee_is_public, lifecycle_enabled, lifecycle_rule
from scanner.sources.live.base import Api, Collector, Result, Scan, Wildcard, default
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Resource, Unknown, Value

BLOCK_KEYS = {
    "BlockPublicAcls": "block_public_acls",
    "IgnorePublicAcls": "ignore_public_acls",
    "BlockPublicPolicy": "block_public_policy",
    "RestrictPublicBuckets": "restrict_public_buckets",
}
ACCOUNT_BLOCK_FACT = "s3:account_public_access_block"


class S3(Collector):
    name = "s3"
    service = "s3"
    PRODUCES = (Wildcard(Kind.OBJECT_STORE, "aws_s3_bucket", "arn:{partition}:s3:::*"),)
    global_service = True
    CALLS = (
        Api("s3", "ListBuckets", "s3:ListAllMyBuckets"),
        Api("s3", "GetBucketLocation", "s3:GetBucketLocation"),
        Api("s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration"),
        Api("s3", "GetBucketPolicy", "s3:GetBucketPolicy"),
        Api("s3", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
        Api("s3", "GetBucketAcl", "s3:GetBucketAcl"),
        Api("s3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
        Api("s3", "GetBucketVersioning", "s3:GetBucketVersioning"),
        Api("s3", "GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
        Api("s3", "GetBucketReplication", "s3:GetReplicationConfiguration"),
        Api("s3", "GetBucketLogging", "s3:GetBucketLogging"),
        Api("s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"),
    )

    def collect(self, scan: Scan):
        account_block = self._account_block(scan)
        listing = scan.pages("ListBuckets", "Buckets")
        if not listing.ok:
            yield scan.placeholder(
                Kind.OBJECT_STORE, "aws_s3_bucket", f"arn:{scan.partition}:s3:::*", listing
            )
            return
        regions: dict[str, str | Unknown] = {}
        for bucket in listing.data:
            name = bucket["Name"]
            regions[name] = bucket.get("BucketRegion") or self._location(scan, name)
        scan.account.put_fact("s3:bucket_regions", dict(regions))
        for name, region in regions.items():
            yield _bucket_task(scan, name, region, account_block, regions)

    def _account_block(self, scan: Scan) -> Value:
        result = scan.call(
            "GetPublicAccessBlock",
            service="s3control",
            absent=("NoSuchPublicAccessBlockConfiguration",),
            AccountId=scan.account_id,
        )
        if not result.ok:
            return Value(result.unknown())
        if result.absent:
            return Value(None)
        return Value(_block(result.data["PublicAccessBlockConfiguration"]))

    @staticmethod
    def _location(scan: Scan, name: str) -> str | Unknown:
        result = scan.call("GetBucketLocation", Bucket=name)
        if not result.ok:
            return result.unknown()
        return normalise_location(result.data.get("LocationConstraint"))


def normalise_location(constraint: str | None) -> str:
    """GetBucketLocation's answer as a region: empty is us-east-1, the legacy ``EU`` is eu-west-1."""
    if not constraint:
        return "us-east-1"
    return {"EU": "eu-west-1"}.get(constraint, constraint)


def _bucket_task(scan: Scan, name: str, region: str | Unknown, account_block: Value, regions: dict):
    def run():
        yield collect_bucket(scan, name, region, account_block, regions)

    return run


def collect_bucket(
    scan: Scan, name: str, region: str | Unknown, account_block: Value, regions: dict
) -> Resource:
    arn = f"arn:{scan.partition}:s3:::{name}"
    res = scan.resource(Kind.OBJECT_STORE, "aws_s3_bucket", arn, name, region=region)
    where = region if isinstance(region, str) else scan.region
    res.set("name", name)
    res.attrs["account_public_access_block"] = Value(account_block.raw, res.source)

    def call(op: str, absent: tuple[str, ...] = ()) -> Result:
        return scan.call(op, absent=absent, region=where, Bucket=name)

    scan.fill(
        res,
        call("GetBucketEncryption", ("ServerSideEncryptionConfigurationNotFoundError",)),
        ("encrypted", "customer_managed_key", "kms_key_id"),
        lambda d: _encryption(d, res),
    )
    scan.fill(res, call("GetBucketPolicy", ("NoSuchBucketPolicy",)), ("policy",), _policy)
    scan.fill(
        res,
        call("GetBucketPolicyStatus", ("NoSuchBucketPolicy",)),
        ("policy_public",),
        lambda d: {"policy_public": _policy_public(d)},
    )
    scan.fill(res, call("GetBucketAcl"), ("public_acl",), _acl)
    scan.fill(
        res,
        call("GetPublicAccessBlock", ("NoSuchPublicAccessBlockConfiguration",)),
        ("public_access_block",),
        lambda d: {"public_access_block": _block(d["PublicAccessBlockConfiguration"]) if d else None},
    )
    scan.fill(
        res,
        call("GetBucketVersioning"),
        ("versioning",),
        lambda d: {"versioning": (d or {}).get("Status") == "Enabled"},
    )
    scan.fill(
        res,
        call("GetBucketLifecycleConfiguration", ("NoSuchLifecycleConfiguration",)),
        ("lifecycle_rules",),
        lambda d: {"lifecycle_rules": [_rule(r) for r in (d or {}).get("Rules", [])]},
    )
    scan.fill(
        res,
        call("GetBucketReplication", ("ReplicationConfigurationNotFoundError",)),
        ("replication_destinations",),
        lambda d: {"replication_destinations": _destinations(scan, d, regions, where)},
    )
    scan.fill(
        res,
        call("GetBucketLogging"),
        ("access_logging",),
        lambda d: {"access_logging": bool((d or {}).get("LoggingEnabled"))},
    )
    return res


def _encryption(data: dict | None, res: Resource) -> dict[str, Any]:
    if data is None:
        # Since 2023-01-05 S3 encrypts every new object with SSE-S3 when nothing else is configured.
        return {
            "encrypted": default(True, res),
            "customer_managed_key": default(False, res),
            "kms_key_id": default(None, res),
        }
    rules = data.get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
    sse = (rules[0].get("ApplyServerSideEncryptionByDefault") or {}) if rules else {}
    algorithm = sse.get("SSEAlgorithm")
    key = sse.get("KMSMasterKeyID")
    if algorithm is None:
        return {
            "encrypted": default(True, res),
            "customer_managed_key": default(False, res),
            "kms_key_id": None,
        }
    if algorithm.startswith("aws:kms"):
        # aws:kms without a key id is the AWS-managed aws/s3 key.
        return {"encrypted": True, "customer_managed_key": key_value(res, key), "kms_key_id": key}
    return {"encrypted": True, "customer_managed_key": False, "kms_key_id": None}


def _policy(data: dict | None) -> dict[str, Any]:
    if not data:
        return {"policy": None}
    try:
        return {"policy": json.loads(data["Policy"])}
    except (ValueError, KeyError):
        return {"policy": Unknown("the bucket policy is not valid JSON")}


def _policy_public(data: dict | None) -> bool | Unknown:
    """S3's own judgement of the bucket policy (no policy: not public); an answer without it is unknown."""
    if data is None:
        return False
    public = (data.get("PolicyStatus") or {}).get("IsPublic")
    if isinstance(public, bool):
        return public
    return Unknown("S3's answer on the bucket policy's status gives no IsPublic")


def _acl(data: dict | None) -> dict[str, Any]:
    grants = (data or {}).get("Grants", [])
    public = any(grantee_is_public(g.get("Grantee", {}).get("URI")) for g in grants)
    return {"public_acl": public}


def _block(config: dict[str, Any]) -> dict[str, bool]:
    return {snake: bool(config.get(camel, False)) for camel, snake in BLOCK_KEYS.items()}


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    """A lifecycle rule as the state has it: its scope is narrowed by prefixes, tags and object sizes."""
    filt = rule.get("Filter") or {}
    both = filt.get("And") or {}
    return lifecycle_rule(
        rule.get("ID"),
        lifecycle_enabled(rule.get("Status")),
        (rule.get("Expiration") or {}).get("Days"),
        (rule.get("NoncurrentVersionExpiration") or {}).get("NoncurrentDays"),
        [rule.get("Prefix"), filt.get("Prefix"), both.get("Prefix")],
        {f"Filter.{k}": v for k, v in filt.items() if k not in ("Prefix", "And")}
        | {f"Filter.And.{k}": v for k, v in both.items() if k != "Prefix"},
        (rule.get("NoncurrentVersionExpiration") or {}).get("NewerNoncurrentVersions"),
    )


def _destinations(scan: Scan, data: dict | None, regions: dict, where: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for rule in (data or {}).get("ReplicationConfiguration", {}).get("Rules", []):
        if rule.get("Status") != "Enabled":
            continue
        dest = rule.get("Destination", {}).get("Bucket", "")
        name = bucket_of_arn(dest)
        region = regions.get(name)
        if region is None:  # another account's bucket: ask where it lives
            region = S3._location(scan, name)
        out.append({"bucket": name, "region": region})
    return out
