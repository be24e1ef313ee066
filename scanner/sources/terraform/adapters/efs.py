"""EFS file systems, their file system policy and replication.

AWS defaults applied when the code says nothing (flagged ``default=True``): not encrypted
(``encrypted`` false); with ``encrypted = true`` and no key, the AWS-managed ``aws/elasticfilesystem``
key; no file system policy (access through IAM and mount-target security groups only); no replica.
"""

from __future__ import annotations

from scanner.knowledge.aws import arn
from scanner.sources.terraform.adapters import companion, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.adapters.kms import key_is_customer_managed
from scanner.sources.terraform.adapters.s3 import nested
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value

FS = ("aws_efs_file_system",)


@primary("aws_efs_file_system")
def file_system(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = Resource(
        kind=Kind.FILE_SYSTEM,
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, "creation_token") if block.attrs.get("creation_token") is not None else None,
    )
    key = val(block, "kms_key_id")
    res.attrs["encrypted"] = val(block, "encrypted", False)
    res.attrs["kms_key_id"] = key
    res.attrs["customer_managed_key"] = Value(
        key_is_customer_managed(key.raw, ctx), key.source, default=key.raw is None
    )
    res.attrs["policy"] = Value(None, block.source(), default=True)
    res.attrs["replica_regions"] = Value([], block.source(), default=True)
    return res


@companion("aws_efs_file_system_policy")
def fs_policy(block: TfBlock, ctx: AdapterContext) -> None:
    res = ctx.target(block.attrs.get("file_system_id"), FS, block)
    if res is not None:
        res.evidence.append(block.source())
        res.attrs["policy"] = policy_value(block.attrs.get("policy"), block.source("policy"), ctx)


@companion("aws_efs_replication_configuration")
def replication(block: TfBlock, ctx: AdapterContext) -> None:
    """A replica file system in ``destination.region`` (or the provider's region when it is not given)."""
    res = ctx.target(block.attrs.get("source_file_system_id"), FS, block)
    if res is None:
        return
    res.evidence.append(block.source())
    regions = []
    for dest in nested(block.attrs, "destination"):
        region = dest.get("region")
        if region is None and dest.get("file_system_id") is not None:
            region = arn.region(dest.get("file_system_id")) or Unknown(
                "the destination file system's region is not given"
            )
        regions.append(region if region is not None else block.region)
    res.attrs["replica_regions"] = Value(regions, block.source("destination"))
