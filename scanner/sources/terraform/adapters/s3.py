"""S3 buckets: aws_s3_bucket (with provider v3 inline arguments) and its provider v4+ companion resources.

AWS defaults applied when the code says nothing (flagged ``default=True``):
- every bucket is encrypted with SSE-S3 (since January 2023);
- new buckets block all public access and disable ACLs (BucketOwnerEnforced) (since April 2023),
  so an ACL only takes effect next to ``aws_s3_bucket_ownership_controls`` that re-enables ACLs;
- no account-level public access block unless ``aws_s3_account_public_access_block`` is in the code;
- versioning off, no lifecycle (kept forever), no replication, no server access logging.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws.cloudtrail import covers_bucket, recorded_prefixes
from scanner.knowledge.aws.s3 import (
    canned_acl_is_public,
    grantee_is_public,
    lifecycle_enabled,
    lifecycle_rule,
)
from scanner.sources.terraform.adapters import companion, finalize, primary
from scanner.sources.terraform.adapters.cloudtrail import selectors
from scanner.sources.terraform.adapters.context import TOUCHES, AdapterContext, generated_unless, nested
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.adapters.kms import find_block, key_is_customer_managed
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Source, Unknown, Value

BUCKET = ("aws_s3_bucket", "aws_s3_directory_bucket")
PAB_KEYS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")
DEFAULT_OWNERSHIP = "BucketOwnerEnforced"


def _state(ctx: AdapterContext) -> dict[str, dict[str, Any]]:
    """Per-scan facts that are not state attributes (the ACL before ownership is applied)."""
    return ctx.scratch.setdefault("s3", {"acl": {}, "ownership": {}})


# ------------------------------------------------------------------------- bucket
@primary("aws_s3_bucket")
def bucket(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = Resource(
        kind=Kind.OBJECT_STORE,
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=_identity(block),
    )
    res.attrs["name"] = res.identity
    src = block.source()
    res.attrs["encrypted"] = Value(True, src, default=True)
    res.attrs["customer_managed_key"] = Value(False, src, default=True)
    res.attrs["kms_key_id"] = Value(None, src, default=True)
    res.attrs["policy"] = Value(None, src, default=True)
    res.attrs["public_acl"] = Value(False, src, default=True)
    res.attrs["public_access_block"] = Value(dict.fromkeys(PAB_KEYS, True), src, default=True)
    res.attrs["account_public_access_block"] = Value(None, src, default=True)
    res.attrs["versioning"] = Value(False, src, default=True)
    res.attrs["lifecycle_rules"] = Value([], src, default=True)
    res.attrs["replication_destinations"] = Value([], src, default=True)
    res.attrs["access_logging"] = Value(False, src, default=True)
    res.attrs["data_events_logged"] = Value(False, src, default=True)
    _legacy_arguments(block, res, ctx)
    return res


@primary("aws_s3_directory_bucket")
def directory_bucket(block: TfBlock, ctx: AdapterContext) -> Resource:
    """An S3 Express One Zone directory bucket: always encrypted (SSE-S3 unless SSE-KMS is
    configured), public access always blocked, ACLs always disabled, no versioning or
    replication; the same companions (encryption, policy, lifecycle) attach to it. AWS serves
    S3 Express One Zone only over HTTPS (the TLS check lists the type in ``https_only_types``)."""
    res = bucket(block, ctx)
    res.attrs["public_access_block"] = Value(dict.fromkeys(PAB_KEYS, True), block.source(), default=True)
    return res


def _identity(block: TfBlock) -> Value:
    return generated_unless(block, "bucket", "the name", prefix_arg="bucket_prefix", by="AWS")


def _legacy_arguments(block: TfBlock, res: Resource, ctx: AdapterContext) -> None:
    """Provider v3 inline arguments (still accepted, deprecated, by v4 and v5)."""
    attrs = block.attrs
    sse = nested(attrs, "server_side_encryption_configuration")
    if sse:
        _apply_encryption(res, sse[0], block.source("server_side_encryption_configuration"), ctx)
    if attrs.get("policy") not in (None, ""):
        res.attrs["policy"] = policy_value(attrs["policy"], block.source("policy"), ctx)
    if attrs.get("acl") is not None or attrs.get("grant") is not None:
        _state(ctx)["acl"][res.address] = (
            _acl_public(attrs.get("acl"), attrs.get("grant")),
            block.source("acl"),
        )
    versioning = nested(attrs, "versioning")
    if versioning:
        res.attrs["versioning"] = Value(
            versioning[0].get("enabled", False) is True or _unk(versioning[0].get("enabled")),
            block.source("versioning"),
        )
    rules = nested(attrs, "lifecycle_rule")
    if rules:
        res.attrs["lifecycle_rules"] = Value([_legacy_rule(r) for r in rules], block.source("lifecycle_rule"))
    replication = nested(attrs, "replication_configuration")
    if replication:
        dests = [
            _destination(d.get("bucket"), block, ctx)
            for r in nested(replication[0], "rules")
            if r.get("status", "Enabled") != "Disabled"
            for d in nested(r, "destination")
        ]
        res.attrs["replication_destinations"] = Value(dests, block.source("replication_configuration"))
    if nested(attrs, "logging"):
        res.attrs["access_logging"] = Value(True, block.source("logging"))


def _unk(raw: Any) -> Any:
    """An Unknown stays unknown; anything else that is not True is False."""
    return raw if isinstance(raw, Unknown) else False


def _apply_encryption(res: Resource, config: dict, source: Source, ctx: AdapterContext) -> None:
    """Every algorithm S3 offers encrypts; only a KMS algorithm with a customer key is customer-managed."""
    rules = nested(config, "rule")
    default = nested(rules[0], "apply_server_side_encryption_by_default") if rules else []
    res.attrs["encrypted"] = Value(True, source, default=not default)
    if not default:
        return
    algorithm = default[0].get("sse_algorithm")
    key = default[0].get("kms_master_key_id")
    res.attrs["kms_key_id"] = Value(key, source)
    if isinstance(algorithm, Unknown):
        cmk: Any = algorithm if key is not None else algorithm
    elif algorithm == "AES256":
        cmk = False
    else:  # aws:kms, aws:kms:dsse: without a key id, the AWS-managed aws/s3 key
        cmk = key_is_customer_managed(key, ctx)
    res.attrs["customer_managed_key"] = Value(cmk, source)


def _acl_public(acl: Any, grants: Any) -> Any:
    """True when a canned ACL or a grant gives AllUsers/AuthenticatedUsers access; Unknown when it cannot be told."""
    if isinstance(acl, Unknown):
        return acl
    if canned_acl_is_public(acl):
        return True
    if isinstance(grants, Unknown):
        return grants
    for grant in grants if isinstance(grants, list) else []:
        if not isinstance(grant, dict):
            continue
        uri = grant.get("uri")
        grantee = nested(grant, "grantee")
        if grantee:
            uri = grantee[0].get("uri")
        if isinstance(uri, Unknown):
            return uri
        if grantee_is_public(uri):
            return True
    return False


def _legacy_rule(rule: dict) -> dict:
    """A pre-v4 ``lifecycle_rule`` block: its scope is narrowed by ``prefix`` and ``tags``."""
    expiration = nested(rule, "expiration")
    noncurrent = nested(rule, "noncurrent_version_expiration")
    return lifecycle_rule(
        rule.get("id"),
        rule.get("enabled", True),
        expiration[0].get("days") if expiration else None,
        noncurrent[0].get("days") if noncurrent else None,
        [rule.get("prefix")],
        {"tags": rule.get("tags")},
    )


def _lifecycle_rule(rule: dict) -> dict:
    """A v4 ``rule`` block: its scope is narrowed by ``prefix`` and by what its ``filter`` (and ``and``) name."""
    expiration = nested(rule, "expiration")
    noncurrent = nested(rule, "noncurrent_version_expiration")
    prefixes, conditions = _scope(rule)
    return lifecycle_rule(
        rule.get("id"),
        lifecycle_enabled(rule.get("status")),
        expiration[0].get("days") if expiration else None,
        noncurrent[0].get("noncurrent_days") if noncurrent else None,
        prefixes,
        conditions,
        noncurrent[0].get("newer_noncurrent_versions") if noncurrent else None,
    )


def _scope(rule: dict) -> tuple[list[Any], dict[str, Any]]:
    """The prefixes and the other conditions a v4 rule's ``filter`` (and its ``and``) name.

    A ``filter`` or ``and`` known only after apply is an unknown condition, never an absent one.
    """
    prefixes: list[Any] = [rule.get("prefix")]
    conditions: dict[str, Any] = {}
    if isinstance(rule.get("filter"), Unknown):
        conditions["filter"] = rule["filter"]
    for flt in nested(rule, "filter"):
        for where, node in [("filter", flt)] + [("filter.and", a) for a in nested(flt, "and")]:
            for key, value in node.items():
                if key == "prefix":
                    prefixes.append(value)
                elif key != "and" or isinstance(value, Unknown):
                    conditions[f"{where}.{key}"] = value
    return prefixes, conditions


def _destination(raw: Any, by: TfBlock, ctx: AdapterContext) -> dict:
    """``{bucket, region}`` of a replication destination (an ARN, usually ``aws_s3_bucket.x.arn``)."""
    target = find_block(ctx, raw, BUCKET, by, name_attrs=("bucket",))
    if target is not None:
        name = target.attrs.get("bucket")
        return {"bucket": name if isinstance(name, str) else target.address, "region": target.region}
    if isinstance(raw, str):
        name = raw.split(":::")[-1]
        return {"bucket": name, "region": Unknown(f"destination bucket {name} is not in this configuration")}
    named = _bucket_named_alike(raw, ctx) if isinstance(raw, Unknown) else None
    if named is not None:
        return {"bucket": named.address, "region": named.region}
    reason = raw.reason if isinstance(raw, Unknown) else "the destination bucket is not given"
    return {"bucket": None, "region": Unknown(f"destination bucket cannot be told: {reason}")}


def _bucket_named_alike(raw: Unknown, ctx: AdapterContext) -> TfBlock | None:
    """The one bucket whose name is the unknown name inside a destination ARN, if exactly one.

    ``"arn:aws:s3:::${local.replica_name}"`` where ``local.replica_name`` is also the ``bucket``
    of a bucket in the configuration (``"replica-${random_pet.p.id}"``): both carry the same
    unknown with the same text around it, so they name the same bucket, whose region then
    decides. A variable's unknown (no resource behind it) or two such buckets decide nothing.
    """
    shape = raw.shape or ""
    if not raw.ref or raw.ref.split(".")[0] in ("var", "local", "module") or ":s3:::" not in shape:
        return None
    name_shape = shape.split(":::", 1)[1]
    found = [
        b
        for b in ctx.blocks.values()
        if b.mode == "managed"
        and b.type in BUCKET
        and isinstance(b.attrs.get("bucket"), Unknown)
        and b.attrs["bucket"] == raw
        and (b.attrs["bucket"].shape or "${}") == name_shape
    ]
    return found[0] if len(found) == 1 else None


# ------------------------------------------------------------------------- companions
def _target(block: TfBlock, ctx: AdapterContext) -> Resource | None:
    res = ctx.target(block.attrs.get("bucket"), BUCKET, block)
    if res is not None:
        res.evidence.append(block.source())
    return res


TOUCHES.update(
    {
        "aws_s3_bucket_server_side_encryption_configuration": ("kms_key_id", "customer_managed_key"),
        "aws_s3_bucket_policy": ("policy",),
        "aws_s3_bucket_acl": ("public_acl",),
        "aws_s3_bucket_public_access_block": ("public_access_block",),
        "aws_s3_bucket_versioning": ("versioning",),
        "aws_s3_bucket_lifecycle_configuration": ("lifecycle_rules",),
        "aws_s3_bucket_replication_configuration": ("replication_destinations",),
        "aws_s3_bucket_logging": ("access_logging",),
    }
)


@companion("aws_s3_bucket_server_side_encryption_configuration")
def encryption(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is not None:
        _apply_encryption(res, block.attrs, block.source("rule"), ctx)


@companion("aws_s3_bucket_policy")
def bucket_policy(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is not None:
        res.attrs["policy"] = policy_value(block.attrs.get("policy"), block.source("policy"), ctx)


@companion("aws_s3_bucket_acl")
def bucket_acl(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is None:
        return
    grants: list[Any] = []
    for acp in nested(block.attrs, "access_control_policy"):
        grants.extend(nested(acp, "grant"))
    _state(ctx)["acl"][res.address] = (_acl_public(block.attrs.get("acl"), grants), block.source("acl"))


@companion("aws_s3_bucket_ownership_controls")
def ownership(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is None:
        return
    rules = nested(block.attrs, "rule")
    setting = rules[0].get("object_ownership") if rules else None
    _state(ctx)["ownership"][res.address] = (setting, block.source("rule"))


@companion("aws_s3_bucket_public_access_block")
def public_access_block(block: TfBlock, ctx: AdapterContext) -> None:
    """The resource's own arguments default to false: a block resource only blocks what it names."""
    res = _target(block, ctx)
    if res is not None:
        flags = {k: block.attrs.get(k) if block.attrs.get(k) is not None else False for k in PAB_KEYS}
        res.attrs["public_access_block"] = Value(flags, block.source())


@companion("aws_s3_bucket_versioning")
def versioning(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is None:
        return
    config = nested(block.attrs, "versioning_configuration")
    status = config[0].get("status") if config else None
    on = status if isinstance(status, Unknown) else status == "Enabled"
    res.attrs["versioning"] = Value(on, block.source("versioning_configuration"))


@companion("aws_s3_bucket_lifecycle_configuration")
def lifecycle(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is None:
        return
    raw = block.attrs.get("rule")
    rules: Any = (
        raw if isinstance(raw, Unknown) else [_lifecycle_rule(r) for r in nested(block.attrs, "rule")]
    )
    res.attrs["lifecycle_rules"] = Value(rules, block.source("rule"))


@companion("aws_s3_bucket_replication_configuration")
def replication(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is None:
        return
    dests = [
        _destination(d.get("bucket"), block, ctx)
        for rule in nested(block.attrs, "rule")
        if rule.get("status") != "Disabled"
        for d in nested(rule, "destination")
    ]
    res.attrs["replication_destinations"] = Value(dests, block.source("rule"))


@companion("aws_s3_bucket_logging")
def logging(block: TfBlock, ctx: AdapterContext) -> None:
    res = _target(block, ctx)
    if res is not None:
        res.attrs["access_logging"] = Value(True, block.source())


# ------------------------------------------------------------------------- finalize
@finalize("aws_s3_bucket", "aws_s3_directory_bucket")
def settle(res: Resource, ctx: AdapterContext) -> None:
    _settle_acl(res, ctx)
    _account_block(res, ctx)
    _data_events(res, ctx)


def _settle_acl(res: Resource, ctx: AdapterContext) -> None:
    """An ACL counts only where ACLs are enabled (object ownership other than BucketOwnerEnforced)."""
    facts = _state(ctx)
    if res.address not in facts["acl"]:
        return
    public, source = facts["acl"][res.address]
    setting, own_source = facts["ownership"].get(res.address, (DEFAULT_OWNERSHIP, None))
    if public is True and setting == DEFAULT_OWNERSHIP and own_source is not None:
        # ACLs are disabled in this configuration: S3 refuses to set a public ACL, so none takes effect.
        res.attrs["public_acl"] = Value(False, own_source)
    elif public is True and setting == DEFAULT_OWNERSHIP:
        # Only AWS's default (since April 2023) disables ACLs: the apply fails on a new bucket, but
        # on an older one (ACLs enabled) the grant takes effect. The code grants public access.
        res.attrs["public_acl"] = Value(True, source)
    elif public is True and isinstance(setting, Unknown):
        res.attrs["public_acl"] = Value(setting, own_source)
    else:
        res.attrs["public_acl"] = Value(public, source)


def _account_block(res: Resource, ctx: AdapterContext) -> None:
    accounts = [
        b
        for b in ctx.blocks.values()
        if b.type == "aws_s3_account_public_access_block" and b.mode == "managed"
    ]
    if len(accounts) == 1:
        b = accounts[0]
        flags = {k: b.attrs.get(k) if b.attrs.get(k) is not None else False for k in PAB_KEYS}
        res.attrs["account_public_access_block"] = Value(flags, b.source())


def _data_events(res: Resource, ctx: AdapterContext) -> None:
    """Whether a trail in this configuration records every object-level read and write of this bucket.

    A trail counts when it is logging (``enable_logging``), covers the bucket's region
    (multi-Region or the same region), and has an ``event_selector`` with ``read_write_type``
    All and a ``data_resource`` of type ``AWS::S3::Object`` naming all buckets or this one, or an
    ``advanced_event_selector`` on ``resources.type`` = ``AWS::S3::Object`` narrowed at most to
    ARNs starting with the bucket's (:mod:`scanner.knowledge.aws.cloudtrail` decides). An organisation trail defined elsewhere cannot be seen, so absence is
    False by default; an unknown that could decide it makes the attribute unknown.
    """
    name = res.identity.raw if res.identity else None
    unknown: Unknown | None = None
    for trail in ctx.blocks.values():
        if trail.type != "aws_cloudtrail" or trail.mode != "managed":
            continue
        hit = _trail_covers(trail, res, name)
        if hit is True:
            res.attrs["data_events_logged"] = Value(True, trail.source())
            return
        if isinstance(hit, Unknown):
            unknown = unknown or hit
    if unknown is not None:
        res.attrs["data_events_logged"] = Value(unknown, res.source)


def _trail_covers(trail: TfBlock, res: Resource, name: Any) -> Any:
    on = trail.attrs.get("enable_logging", True)
    multi = trail.attrs.get("is_multi_region_trail", False)
    if on is False or (multi is False and trail.region != res.region.raw):
        return False
    prefixes, unknown = recorded_prefixes(*selectors(trail.attrs, own=res.address))
    found = covers_bucket(prefixes, name, unknown)
    if found is True:
        for flag in (on, multi):
            if isinstance(flag, Unknown):
                return flag
    return found
