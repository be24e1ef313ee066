"""EBS volumes and snapshots, and the account's encryption-by-default setting.

AWS defaults applied when the code says nothing (flagged ``default=True``): a volume is not
encrypted, unless ``aws_ebs_encryption_by_default`` with ``enabled = true`` is in this
configuration for the volume's region (the account setting itself cannot be seen from code,
so without that resource a volume is treated as not encrypted). A snapshot is encrypted as
its volume, is kept until deleted, and is not public (Terraform cannot share with "all").
"""

from __future__ import annotations

from typing import Any

from scanner.sources.terraform.adapters import finalize, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.kms import find_block, key_is_customer_managed
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value


def _by_default(ctx: AdapterContext, region: Any) -> tuple[Any, Any]:
    """(encryption by default on?, default key) for ``region`` from resources in this configuration."""
    enabled: Any = False
    key: Any = None
    for block in ctx.blocks.values():
        if block.mode != "managed" or block.region != region:
            continue
        if block.type == "aws_ebs_encryption_by_default":
            flag = block.attrs.get("enabled", True)
            enabled = flag if flag is not None else True
        elif block.type == "aws_ebs_default_kms_key":
            key = block.attrs.get("key_arn")
    return enabled, key


@primary("aws_ebs_volume")
def volume(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = Resource(
        kind=Kind.VOLUME,
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
    )
    key = val(block, "kms_key_id")
    res.attrs["encrypted"] = val(block, "encrypted", False)
    res.attrs["kms_key_id"] = key
    res.attrs["customer_managed_key"] = Value(
        key_is_customer_managed(key.raw, ctx), key.source, default=key.raw is None
    )
    return res


@finalize("aws_ebs_volume")
def account_default(res: Resource, ctx: AdapterContext) -> None:
    """A volume that does not say is encrypted when this configuration turns encryption by default on."""
    if not res.attrs["encrypted"].default:
        return
    enabled, key = _by_default(ctx, res.region.raw)
    if enabled is True or isinstance(enabled, Unknown):
        res.attrs["encrypted"] = Value(enabled, res.source, default=True)
        if res.attrs["kms_key_id"].raw is None and key is not None:
            res.attrs["kms_key_id"] = Value(key, res.source, default=True)
            res.attrs["customer_managed_key"] = Value(
                key_is_customer_managed(key, ctx), res.source, default=True
            )


@primary("aws_ebs_snapshot")
def snapshot(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = Resource(
        kind=Kind.BACKUP,
        subkind="snapshot",
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
    )
    vol = find_block(ctx, block.attrs.get("volume_id"), ("aws_ebs_volume",), block)
    if vol is not None:
        enc = vol.attrs.get("encrypted")
        if enc is None:
            enc, _ = _by_default(ctx, vol.region)
        key = vol.attrs.get("kms_key_id")
        res.attrs["encrypted"] = Value(
            enc, vol.source("encrypted"), default=vol.attrs.get("encrypted") is None
        )
        res.attrs["kms_key_id"] = Value(key, vol.source("kms_key_id"))
        res.attrs["customer_managed_key"] = Value(key_is_customer_managed(key, ctx), vol.source("kms_key_id"))
        res.evidence.append(vol.source())
    else:
        why = Unknown("a snapshot is encrypted as its volume, which is not in this configuration")
        for name in ("encrypted", "kms_key_id", "customer_managed_key"):
            res.attrs[name] = Value(why, block.source("volume_id"))
    res.attrs["retention_days"] = Value(None, block.source(), default=True)
    res.attrs["copy_regions"] = Value([], block.source(), default=True)
    res.attrs["public"] = Value(False, block.source(), default=True)
    res.attrs["policy"] = Value(None, block.source(), default=True)
    return res
