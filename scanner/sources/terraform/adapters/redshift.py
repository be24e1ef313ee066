"""Redshift provisioned clusters, their parameter groups and audit logging.

Defaults (flagged ``default=True`` where applied):
- ``encrypted`` and ``publicly_accessible`` not written follow the AWS provider's major version
  (:mod:`scanner.knowledge.provider_versions`): from version 6 ``encrypted = true`` and
  ``publicly_accessible = false``; before it ``false`` and ``true`` (older versions send them to
  AWS explicitly). When the ``required_providers`` constraint allows both majors, or there is
  none, they are **unknown** and the reason names the constraint;
- ``require_ssl`` from the cluster's parameter group when it is in the configuration; the default
  group's value depends on when the cluster was created (true only since 2025): unknown;
- automated snapshots kept 1 day; cross-Region snapshot copies (``snapshot_copy``) count as replicas;
- audit logging only with ``logging { enable = true }`` or ``aws_redshift_logging``; every query is
  recorded when ``enable_user_activity_logging`` is true as well.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws.rds import parameter_on
from scanner.knowledge.provider_versions import aws_major_at_least, describe
from scanner.sources.terraform.adapters import companion, finalize, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.kms import find_block, key_is_customer_managed
from scanner.sources.terraform.adapters.s3 import nested
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value

CLUSTER = ("aws_redshift_cluster",)


def _param(ctx: AdapterContext, block: TfBlock, name: str) -> Any:
    """The parameter's value in the cluster's group; Unknown when the group cannot be read; None when unset."""
    raw = block.attrs.get("cluster_parameter_group_name")
    if raw is None:
        return Unknown(
            "the cluster uses the default parameter group, whose value depends on when the cluster was created"
        )
    group = find_block(ctx, raw, ("aws_redshift_parameter_group",), block)
    if group is None:
        return Unknown(f"parameter group {getattr(raw, 'reason', raw)} is not in this configuration")
    for p in nested(group.attrs, "parameter"):
        if p.get("name") == name:
            return p.get("value")
    return None


def _by_provider_major(
    block: TfBlock, ctx: AdapterContext, name: str, v6: Any, before: Any, hint: str
) -> Value:
    """An argument whose default changed in AWS provider 6: written, or decided by the version constraint."""
    if block.attrs.get(name) is not None:
        return val(block, name)
    at_least_6 = aws_major_at_least(ctx.aws_versions, 6)
    if at_least_6 is None:
        return Value.unknown(
            f"{name} is not set: it defaults to {str(v6).lower()} from AWS provider 6 and to "
            f"{str(before).lower()} before, and {describe(ctx.aws_versions)} allows both; {hint}",
            block.source(),
        )
    return Value(v6 if at_least_6 else before, block.source(), default=True)


@primary("aws_redshift_cluster")
def cluster(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = Resource(
        kind=Kind.DATABASE,
        subkind="warehouse",
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, "cluster_identifier")
        if block.attrs.get("cluster_identifier") is not None
        else None,
    )
    src = block.source()
    res.attrs["engine"] = Value("redshift", src, default=True)
    res.attrs["encrypted"] = _by_provider_major(
        block, ctx, "encrypted", v6=True, before=False, hint="set encrypted = true"
    )
    key = val(block, "kms_key_id")
    res.attrs["kms_key_id"] = key
    res.attrs["customer_managed_key"] = Value(
        key_is_customer_managed(key.raw, ctx), key.source, default=key.raw is None
    )
    res.attrs["publicly_accessible"] = _by_provider_major(
        block, ctx, "publicly_accessible", v6=False, before=True, hint="set publicly_accessible = false"
    )
    ssl = _param(ctx, block, "require_ssl")
    res.attrs["tls_enforced"] = Value(
        parameter_on(ssl) if ssl is not None else False,
        block.source("cluster_parameter_group_name"),
        default=ssl is None,
    )
    res.attrs["min_tls_version"] = Value(None, src, default=True)
    res.attrs["backup_retention_days"] = val(block, "automated_snapshot_retention_period", 1)
    copies = [c.get("destination_region") for c in nested(block.attrs, "snapshot_copy")]
    res.attrs["replica_regions"] = Value(copies, block.source("snapshot_copy"), default=not copies)
    logging = nested(block.attrs, "logging")
    enabled = logging[0].get("enable", False) if logging else False
    res.attrs["audit_logging"] = Value(enabled, block.source("logging"), default=not logging)
    res.attrs["query_logging"] = Value(False, src, default=True)  # settled in finalize (needs audit logging)
    res.attrs["ttl_enabled"] = Value(False, src, default=True)
    res.attrs["policy"] = Value(None, src, default=True)
    return res


@companion("aws_redshift_logging")
def logging(block: TfBlock, ctx: AdapterContext) -> None:
    res = ctx.target(block.attrs.get("cluster_identifier"), CLUSTER, block)
    if res is not None:
        res.evidence.append(block.source())
        res.attrs["audit_logging"] = Value(True, block.source())


@companion("aws_redshift_snapshot_copy")
def snapshot_copy(block: TfBlock, ctx: AdapterContext) -> None:
    res = ctx.target(block.attrs.get("cluster_identifier"), CLUSTER, block)
    if res is not None:
        res.evidence.append(block.source())
        current = res.attrs["replica_regions"].raw if res.attrs["replica_regions"].known else []
        res.attrs["replica_regions"] = Value(
            [*current, block.attrs.get("destination_region")], block.source()
        )


@finalize("aws_redshift_cluster")
def user_activity(res: Resource, ctx: AdapterContext) -> None:
    """The user activity log records each query's text, but only while audit logging is on."""
    block = ctx.block_of[res.address]
    flag = _param(ctx, block, "enable_user_activity_logging")
    audit = res.attrs["audit_logging"].raw
    if audit is False:
        return
    if isinstance(flag, Unknown) and "default parameter group" in flag.reason:
        return  # the default group leaves user activity logging off
    if isinstance(flag, Unknown) or isinstance(audit, Unknown):
        res.attrs["query_logging"] = Value(flag if isinstance(flag, Unknown) else audit, res.source)
    elif flag is not None and parameter_on(flag):
        res.attrs["query_logging"] = Value(True, block.source("cluster_parameter_group_name"))
