"""ElastiCache: replication groups, single clusters and serverless caches.

AWS defaults applied when the code says nothing (flagged ``default=True``):
- a replication group or cluster is neither encrypted at rest nor in transit, unless asked
  (``at_rest_encryption_enabled``, ``transit_encryption_enabled``); ``transit_encryption_mode``
  "preferred" still accepts plain connections, so TLS is enforced only in "required" mode;
- Memcached clusters cannot encrypt at rest;
- a serverless cache is always encrypted at rest and only accepts TLS;
- no automatic snapshots (``snapshot_retention_limit`` 0); only reachable inside its VPC.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.terraform.adapters import finalize, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.kms import find_block, key_is_customer_managed
from scanner.sources.terraform.adapters.s3 import nested
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value

GROUP = ("aws_elasticache_replication_group",)


def _resource(block: TfBlock, identity: str) -> Resource:
    res = Resource(
        kind=Kind.DATABASE,
        subkind="cache",
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, identity) if block.attrs.get(identity) is not None else None,
    )
    src = block.source()
    res.attrs["publicly_accessible"] = Value(False, src, default=True)
    res.attrs["min_tls_version"] = Value(None, src, default=True)
    res.attrs["replica_regions"] = Value([], src, default=True)
    res.attrs["audit_logging"] = Value(False, src, default=True)
    res.attrs["ttl_enabled"] = Value(False, src, default=True)
    res.attrs["policy"] = Value(None, src, default=True)
    res.attrs["backup_retention_days"] = val(block, "snapshot_retention_limit", 0)
    return res


def _key(res: Resource, block: TfBlock, arg: str, ctx: AdapterContext) -> None:
    key = val(block, arg)
    res.attrs["kms_key_id"] = key
    enc = res.attrs["encrypted"].raw
    cmk: Any = (
        key_is_customer_managed(key.raw, ctx) if enc is True else (enc if isinstance(enc, Unknown) else False)
    )
    res.attrs["customer_managed_key"] = Value(cmk, key.source, default=key.raw is None)


def _transit(block: TfBlock) -> Value:
    enabled = block.attrs.get("transit_encryption_enabled")
    mode = block.attrs.get("transit_encryption_mode")
    src = block.source("transit_encryption_enabled")
    if isinstance(enabled, Unknown) or isinstance(mode, Unknown):
        return Value(enabled if isinstance(enabled, Unknown) else mode, src)
    if enabled is not True:
        return Value(False, src, default=enabled is None)
    return Value(mode in (None, "required"), block.source("transit_encryption_mode") if mode else src)


def _slow_log(block: TfBlock) -> Value:
    """The slow log records commands with their arguments: keys and values of what users do."""
    for conf in nested(block.attrs, "log_delivery_configuration"):
        kind = conf.get("log_type")
        if isinstance(kind, Unknown):
            return Value(kind, block.source("log_delivery_configuration"))
        if kind == "slow-log":
            return Value(True, block.source("log_delivery_configuration"))
    return Value(False, block.source(), default=True)


@primary("aws_elasticache_replication_group")
def replication_group(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = _resource(block, "replication_group_id")
    res.attrs["engine"] = val(block, "engine", "redis")
    engine = res.attrs["engine"].raw
    always = engine == "valkey" and block.attrs.get("at_rest_encryption_enabled") is None
    res.attrs["encrypted"] = val(block, "at_rest_encryption_enabled", always)
    _key(res, block, "kms_key_id", ctx)
    res.attrs["tls_enforced"] = _transit(block)
    res.attrs["query_logging"] = _slow_log(block)
    return res


@finalize("aws_elasticache_replication_group")
def global_members(res: Resource, ctx: AdapterContext) -> None:
    """Regions of the other members of a global datastore (aws_elasticache_global_replication_group)."""
    mine = ctx.block_of[res.address]
    glob = None
    for block in ctx.blocks.values():
        if block.type == "aws_elasticache_global_replication_group":
            primary_rg = find_block(
                ctx, block.attrs.get("primary_replication_group_id"), GROUP, block, ("replication_group_id",)
            )
            if primary_rg is mine:
                glob = block
    own_glob = mine.attrs.get("global_replication_group_id")
    if glob is None and own_glob is not None:
        glob = find_block(
            ctx,
            own_glob,
            ("aws_elasticache_global_replication_group",),
            mine,
            ("global_replication_group_id_suffix",),
        )
    if own_glob is not None:
        _inherit_from_primary(res, mine, glob, ctx)
    if glob is None:
        return
    regions: list[Any] = []
    for block in ctx.blocks.values():
        if block.type not in GROUP or block is mine:
            continue
        other = block.attrs.get("global_replication_group_id")
        if (
            other is not None
            and find_block(
                ctx,
                other,
                ("aws_elasticache_global_replication_group",),
                block,
                ("global_replication_group_id_suffix",),
            )
            is glob
        ):
            regions.append(block.region)
    primary_rg = find_block(
        ctx, glob.attrs.get("primary_replication_group_id"), GROUP, glob, ("replication_group_id",)
    )
    if primary_rg is not None and primary_rg is not mine:
        regions.append(primary_rg.region)
    if regions:
        res.attrs["replica_regions"] = Value(sorted(set(regions), key=str), glob.source())
        res.evidence.append(glob.source())


def _inherit_from_primary(res: Resource, mine: TfBlock, glob: TfBlock | None, ctx: AdapterContext) -> None:
    """A secondary of a global datastore takes encryption at rest and in transit from the primary.

    AWS creates the secondary with the global datastore's settings; its own
    ``at_rest_encryption_enabled`` and ``transit_encryption_enabled`` are then left unset.
    """
    primary_rg = None
    if glob is not None:
        primary_rg = find_block(
            ctx, glob.attrs.get("primary_replication_group_id"), GROUP, glob, ("replication_group_id",)
        )
    source = ctx.resources.get(primary_rg.address) if primary_rg is not None else None
    inherited = ("encrypted", "kms_key_id", "customer_managed_key", "tls_enforced")
    own = {"encrypted": "at_rest_encryption_enabled", "tls_enforced": "transit_encryption_enabled"}
    if mine.attrs.get(own["encrypted"]) is not None and mine.attrs.get(own["tls_enforced"]) is not None:
        return
    for name in inherited:
        flag = own.get(name, "at_rest_encryption_enabled")
        if mine.attrs.get(flag) is not None:
            continue
        if source is not None and source is not res:
            res.attrs[name] = source.attrs[name]
        else:
            res.attrs[name] = Value.unknown(
                "a secondary of a global datastore is encrypted as its primary, "
                "which is not in this configuration",
                mine.source("global_replication_group_id"),
            )
    if source is not None and source is not res:
        res.evidence.append(primary_rg.source())


@primary("aws_elasticache_cluster")
def cluster(block: TfBlock, ctx: AdapterContext) -> Resource | None:
    """A single-node cluster; a member of a replication group is that group's, not a data store of its own."""
    if block.attrs.get("replication_group_id") is not None:
        return None
    res = _resource(block, "cluster_id")
    res.attrs["engine"] = val(block, "engine")
    res.attrs["encrypted"] = Value(
        False, block.source(), default=True
    )  # no at-rest option for single clusters
    res.attrs["kms_key_id"] = Value(None, block.source(), default=True)
    res.attrs["customer_managed_key"] = Value(False, block.source(), default=True)
    res.attrs["tls_enforced"] = _transit(block)
    res.attrs["query_logging"] = _slow_log(block)
    return res


@primary("aws_elasticache_serverless_cache")
def serverless(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = _resource(block, "name")
    res.attrs["engine"] = val(block, "engine")
    res.attrs["encrypted"] = Value(True, block.source(), default=True)
    _key(res, block, "kms_key_id", ctx)
    res.attrs["tls_enforced"] = Value(True, block.source(), default=True)
    res.attrs["query_logging"] = Value(False, block.source(), default=True)
    return res
