"""RDS and Aurora: DB instances, clusters (with their instances and global clusters), parameter groups, snapshots.

AWS defaults applied when the code says nothing (flagged ``default=True``):
- storage not encrypted (``storage_encrypted`` false; serverless v1 clusters are always encrypted);
  a read replica inherits its source's encryption;
- not publicly accessible; automated backups kept 1 day (0 for a read replica of an instance);
- TLS not enforced by the default parameter group, except RDS for PostgreSQL 15 and later,
  whose default ``rds.force_ssl`` is 1;
- no logs exported, so no audit or query log leaves the instance.
Parameter groups (``rds.force_ssl``, ``require_secure_transport``, ``general_log``,
``log_statement``, ``pgaudit.log``) are read when the group is in the configuration; a
group named but not found makes the attributes it decides unknown.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws.rds import Params, audit_and_query, min_tls, tls_enforced
from scanner.sources.terraform.adapters import companion, finalize, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.kms import find_block, key_is_customer_managed
from scanner.sources.terraform.adapters.s3 import nested
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value

INSTANCE = ("aws_db_instance",)
CLUSTER = ("aws_rds_cluster",)
DB_PARAMS = ("aws_db_parameter_group",)
CLUSTER_PARAMS = ("aws_rds_cluster_parameter_group",)


def parameters(block: TfBlock, arg: str, types: tuple[str, ...], ctx: AdapterContext) -> Params:
    raw = block.attrs.get(arg)
    if raw is None:
        return Params(None, block.source())
    group = find_block(ctx, raw, types, block)
    if group is None:
        if isinstance(raw, str) and raw.startswith("default."):
            return Params(None, block.source(arg))
        why = (
            f"the parameter group cannot be told: {raw.reason}"
            if isinstance(raw, Unknown)
            else f"parameter group {raw} is not in this configuration"
        )
        return Params(None, block.source(arg), Unknown(why))
    values: dict[str, Any] = {}
    for p in nested(group.attrs, "parameter"):
        name = p.get("name")
        if isinstance(name, Unknown):
            return Params(None, group.source(), name)
        values[str(name)] = p.get("value")
    return Params(values, group.source("parameter"))


def _database(block: TfBlock, identity_arg: str) -> Resource:
    res = Resource(
        kind=Kind.DATABASE,
        subkind="relational",
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, identity_arg) if block.attrs.get(identity_arg) is not None else None,
    )
    res.attrs["ttl_enabled"] = Value(False, block.source(), default=True)
    res.attrs["replica_regions"] = Value([], block.source(), default=True)
    res.attrs["policy"] = Value(None, block.source(), default=True)  # RDS has no resource policy
    return res


def _fill_common(res: Resource, block: TfBlock, engine: Value, params: Params, ctx: AdapterContext) -> None:
    key = val(block, "kms_key_id")
    res.attrs["kms_key_id"] = key
    if res.attrs["encrypted"].raw is True or key.raw is not None:
        res.attrs["customer_managed_key"] = Value(
            key_is_customer_managed(key.raw, ctx), key.source, key.raw is None
        )
    else:
        res.attrs["customer_managed_key"] = Value(
            res.attrs["encrypted"].raw if isinstance(res.attrs["encrypted"].raw, Unknown) else False,
            key.source,
            default=True,
        )
    res.attrs["engine"] = engine
    enforced, by_default = tls_enforced(engine.raw, block.attrs.get("engine_version"), params)
    res.attrs["tls_enforced"] = Value(enforced, params.source, default=by_default)
    res.attrs["min_tls_version"] = Value(min_tls(engine.raw, params), params.source, default=True)
    audit, query = audit_and_query(engine.raw, block.attrs.get("enabled_cloudwatch_logs_exports"), params)
    res.attrs["audit_logging"] = Value(audit, block.source("enabled_cloudwatch_logs_exports"))
    res.attrs["query_logging"] = Value(query, params.source)


@primary("aws_db_instance")
def db_instance(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = _database(block, "identifier")
    source_raw = block.attrs.get("replicate_source_db")
    source = (
        find_block(ctx, source_raw, INSTANCE, block, name_attrs=("identifier",))
        if source_raw is not None
        else None
    )
    engine = val(block, "engine")
    if engine.raw is None and source is not None:
        engine = Value(source.attrs.get("engine"), source.source("engine"))
    elif engine.raw is None:
        engine = Value.unknown(
            "the engine is the source database's, which is not in this configuration", block.source()
        )
    if block.attrs.get("storage_encrypted") is not None:
        res.attrs["encrypted"] = val(block, "storage_encrypted")
    elif source_raw is not None:
        if block.attrs.get("kms_key_id") is not None:
            res.attrs["encrypted"] = Value(True, block.source("kms_key_id"))
        elif source is not None:
            res.attrs["encrypted"] = Value(
                source.attrs.get("storage_encrypted") or False,
                source.source("storage_encrypted"),
                default=True,
            )
        else:
            res.attrs["encrypted"] = Value.unknown(
                "a read replica is encrypted as its source, which is not in this configuration",
                block.source("replicate_source_db"),
            )
    else:
        res.attrs["encrypted"] = Value(False, block.source(), default=True)
    params = parameters(block, "parameter_group_name", DB_PARAMS, ctx)
    _fill_common(res, block, engine, params, ctx)
    res.attrs["publicly_accessible"] = val(block, "publicly_accessible", False)
    res.attrs["backup_retention_days"] = val(
        block, "backup_retention_period", 0 if source_raw is not None else 1
    )
    return res


@primary("aws_rds_cluster")
def rds_cluster(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = _database(block, "cluster_identifier")
    engine = val(block, "engine", "aurora-mysql")
    serverless_v1 = block.attrs.get("engine_mode") == "serverless"
    if block.attrs.get("storage_encrypted") is not None:
        res.attrs["encrypted"] = val(block, "storage_encrypted")
    elif (
        block.attrs.get("global_cluster_identifier") is not None
        or block.attrs.get("replication_source_identifier") is not None
    ):
        res.attrs["encrypted"] = Value.unknown(
            "a secondary cluster is encrypted as its primary", block.source()
        )
    else:
        res.attrs["encrypted"] = Value(serverless_v1, block.source(), default=True)
    params = parameters(block, "db_cluster_parameter_group_name", CLUSTER_PARAMS, ctx)
    _fill_common(res, block, engine, params, ctx)
    # Multi-AZ DB clusters (engine mysql/postgres) take publicly_accessible on the cluster;
    # Aurora clusters take it on each aws_rds_cluster_instance (read by cluster_instance).
    res.attrs["publicly_accessible"] = val(block, "publicly_accessible", False)
    res.attrs["backup_retention_days"] = val(block, "backup_retention_period", 1)
    return res


@companion("aws_rds_cluster_instance")
def cluster_instance(block: TfBlock, ctx: AdapterContext) -> None:
    """An instance that is publicly accessible makes its cluster reachable from the internet."""
    res = ctx.target(block.attrs.get("cluster_identifier"), CLUSTER, block)
    if res is None:
        return
    res.evidence.append(block.source())
    public = block.attrs.get("publicly_accessible")
    current = res.attrs["publicly_accessible"]
    if public is True or (isinstance(public, Unknown) and current.raw is False):
        res.attrs["publicly_accessible"] = Value(public, block.source("publicly_accessible"))


@finalize("aws_db_instance")
def instance_replicas(res: Resource, ctx: AdapterContext) -> None:
    """Regions of read replicas in this configuration whose source is this instance."""
    mine = ctx.block_of[res.address]
    regions: list[Any] = []
    sources = []
    for block in ctx.blocks.values():
        if block.type != "aws_db_instance" or block is mine or block.attrs.get("replicate_source_db") is None:
            continue
        if find_block(ctx, block.attrs["replicate_source_db"], INSTANCE, block, ("identifier",)) is mine:
            if block.region not in regions:
                regions.append(block.region)
            sources.append(block.source())
    if regions:
        res.attrs["replica_regions"] = Value(regions, sources[0])
        res.evidence.extend(sources)


@finalize("aws_rds_cluster")
def cluster_replicas(res: Resource, ctx: AdapterContext) -> None:
    """Other members of the same global cluster, and clusters replicating from this one."""
    mine = ctx.block_of[res.address]
    glob = mine.attrs.get("global_cluster_identifier")
    glob_block = (
        find_block(ctx, glob, ("aws_rds_global_cluster",), mine, ("global_cluster_identifier",))
        if glob is not None
        else None
    )
    regions: list[Any] = []
    sources = []
    for block in ctx.blocks.values():
        if block.type != "aws_rds_cluster" or block is mine:
            continue
        other = block.attrs.get("global_cluster_identifier")
        same_global = (
            glob_block is not None
            and find_block(ctx, other, ("aws_rds_global_cluster",), block, ("global_cluster_identifier",))
            is glob_block
        )
        rsi = block.attrs.get("replication_source_identifier")
        replicates = rsi is not None and find_block(ctx, rsi, CLUSTER, block, ("cluster_identifier",)) is mine
        if same_global or replicates:
            if block.region not in regions:
                regions.append(block.region)
            sources.append(block.source())
    if glob_block is not None:
        res.evidence.append(glob_block.source())
        if res.attrs["encrypted"].known is False and glob_block.attrs.get("storage_encrypted") is not None:
            res.attrs["encrypted"] = Value(
                glob_block.attrs["storage_encrypted"], glob_block.source("storage_encrypted")
            )
    if regions:
        res.attrs["replica_regions"] = Value(regions, sources[0])
        res.evidence.extend(sources)


# ------------------------------------------------------------------------- snapshots
@primary("aws_db_snapshot", "aws_db_cluster_snapshot")
def snapshot(block: TfBlock, ctx: AdapterContext) -> Resource:
    """A manual snapshot: encrypted as its database, kept until someone deletes it, public when shared with "all"."""
    cluster = block.type == "aws_db_cluster_snapshot"
    link = "db_cluster_identifier" if cluster else "db_instance_identifier"
    ident = "db_cluster_snapshot_identifier" if cluster else "db_snapshot_identifier"
    res = Resource(
        kind=Kind.BACKUP,
        subkind="snapshot",
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, ident) if block.attrs.get(ident) is not None else None,
    )
    db = find_block(
        ctx,
        block.attrs.get(link),
        CLUSTER if cluster else INSTANCE,
        block,
        ("cluster_identifier", "identifier"),
    )
    if db is not None:
        enc = db.attrs.get("storage_encrypted")
        res.attrs["encrypted"] = Value(
            enc if enc is not None else False, db.source("storage_encrypted"), default=enc is None
        )
        key = db.attrs.get("kms_key_id")
        res.attrs["kms_key_id"] = Value(key, db.source("kms_key_id"))
        res.attrs["customer_managed_key"] = Value(
            key_is_customer_managed(key, ctx) if enc is not False else False, db.source("kms_key_id")
        )
        res.evidence.append(db.source())
    else:
        why = Unknown("a snapshot is encrypted as its database, which is not in this configuration")
        for name in ("encrypted", "kms_key_id", "customer_managed_key"):
            res.attrs[name] = Value(why, block.source(link))
    res.attrs["retention_days"] = Value(None, block.source(), default=True)  # manual snapshots never expire
    res.attrs["copy_regions"] = Value([], block.source(), default=True)
    shared = block.attrs.get("shared_accounts")
    public = shared if isinstance(shared, Unknown) else "all" in (shared or [])
    if public is False:
        public = next((a for a in shared or [] if isinstance(a, Unknown)), False)  # could be "all"
    res.attrs["public"] = Value(public, block.source("shared_accounts"), default=shared is None)
    res.attrs["policy"] = Value(None, block.source(), default=True)
    return res
