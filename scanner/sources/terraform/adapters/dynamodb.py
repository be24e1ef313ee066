"""DynamoDB tables (with global-table replicas) and DAX clusters.

AWS defaults applied when the code says nothing (flagged ``default=True``):
- a table is always encrypted (AWS owned key); ``server_side_encryption { enabled = true }``
  without ``kms_key_arn`` uses the AWS-managed ``aws/dynamodb`` key; only a key ARN is customer-managed;
- no point-in-time recovery (no continuous backups), no TTL, no replicas;
- the DynamoDB endpoint also accepts plain HTTP, so TLS is not enforced by the service;
  it requires TLS 1.2 where TLS is used;
- a DAX cluster is not encrypted at rest and its endpoint is plain text
  (``cluster_endpoint_encryption_type`` NONE) unless asked.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.terraform.adapters import companion, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.adapters.kms import key_is_customer_managed
from scanner.sources.terraform.adapters.s3 import nested
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value


def _resource(block: TfBlock, subkind: str, identity: str) -> Resource:
    res = Resource(
        kind=Kind.DATABASE,
        subkind=subkind,
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, identity) if block.attrs.get(identity) is not None else None,
    )
    res.attrs["policy"] = Value(None, block.source(), default=True)
    return res


@primary("aws_dynamodb_table")
def table(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = _resource(block, "key_value", "name")
    src = block.source()
    res.attrs["engine"] = Value("dynamodb", src, default=True)
    res.attrs["encrypted"] = Value(True, src, default=True)
    sse = nested(block.attrs, "server_side_encryption")
    enabled = sse[0].get("enabled") if sse else None
    key = sse[0].get("kms_key_arn") if sse else None
    sse_src = block.source("server_side_encryption")
    res.attrs["kms_key_id"] = Value(key, sse_src, default=not sse)
    if isinstance(enabled, Unknown):
        cmk: Any = enabled
    elif enabled is True:
        cmk = key_is_customer_managed(key, ctx)
    else:
        cmk = False
    res.attrs["customer_managed_key"] = Value(cmk, sse_src, default=not sse)
    res.attrs["publicly_accessible"] = Value(False, src, default=True)
    res.attrs["tls_enforced"] = Value(False, src, default=True)
    res.attrs["min_tls_version"] = Value("1.2", src, default=True)
    pitr = nested(block.attrs, "point_in_time_recovery")
    pitr_on = pitr[0].get("enabled") if pitr else False
    if isinstance(pitr_on, Unknown):
        res.attrs["backup_retention_days"] = Value(pitr_on, block.source("point_in_time_recovery"))
    elif pitr_on:
        days = pitr[0].get("recovery_period_in_days")
        res.attrs["backup_retention_days"] = Value(
            days if days is not None else 35, block.source("point_in_time_recovery"), default=days is None
        )
    else:
        res.attrs["backup_retention_days"] = Value(0, block.source(), default=not pitr)
    replicas = nested(block.attrs, "replica")
    regions = [r.get("region_name") for r in replicas]
    res.attrs["replica_regions"] = Value(regions, block.source("replica"), default=not replicas)
    res.attrs["audit_logging"] = Value(False, src, default=True)
    res.attrs["query_logging"] = Value(False, src, default=True)
    ttl = nested(block.attrs, "ttl")
    ttl_on = ttl[0].get("enabled", True) if ttl else False
    res.attrs["ttl_enabled"] = Value(ttl_on, block.source("ttl"), default=not ttl)
    return res


@primary("aws_dax_cluster")
def dax(block: TfBlock, ctx: AdapterContext) -> Resource:
    """DynamoDB Accelerator: a cache of table items, encrypted only when asked (AWS owned key only)."""
    res = _resource(block, "cache", "cluster_name")
    src = block.source()
    res.attrs["engine"] = Value("dax", src, default=True)
    sse = nested(block.attrs, "server_side_encryption")
    enabled = sse[0].get("enabled", False) if sse else False
    res.attrs["encrypted"] = Value(enabled, block.source("server_side_encryption"), default=not sse)
    res.attrs["customer_managed_key"] = Value(False, src, default=True)  # DAX offers no customer key
    res.attrs["kms_key_id"] = Value(None, src, default=True)
    mode = block.attrs.get("cluster_endpoint_encryption_type")
    tls = mode if isinstance(mode, Unknown) else mode == "TLS"
    res.attrs["tls_enforced"] = Value(
        tls, block.source("cluster_endpoint_encryption_type"), default=mode is None
    )
    res.attrs["min_tls_version"] = Value(None, src, default=True)
    res.attrs["publicly_accessible"] = Value(False, src, default=True)
    res.attrs["backup_retention_days"] = Value(0, src, default=True)
    res.attrs["replica_regions"] = Value([], src, default=True)
    res.attrs["audit_logging"] = Value(False, src, default=True)
    res.attrs["query_logging"] = Value(False, src, default=True)
    res.attrs["ttl_enabled"] = Value(
        True, src, default=True
    )  # cached items expire (item TTL, 5 minutes by default)
    return res


@companion("aws_dynamodb_resource_policy")
def resource_policy(block: TfBlock, ctx: AdapterContext) -> None:
    """A table's resource policy (``resource_arn`` = the table's ARN)."""
    res = ctx.target(block.attrs.get("resource_arn"), ("aws_dynamodb_table",), block)
    if res is not None:
        res.evidence.append(block.source())
        res.attrs["policy"] = policy_value(block.attrs.get("policy"), block.source("policy"), ctx)
