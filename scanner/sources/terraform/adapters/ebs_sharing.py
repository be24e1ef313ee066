"""Who may create volumes from an EBS snapshot, as far as the Terraform code can tell.

A snapshot is public when its create-volume permission holds the group ``all``. What code says:

- ``aws_snapshot_create_volume_permission`` is Terraform's only way to share a snapshot, one
  ``account_id`` at a time. A named account is not the public (whether it is an authorised one
  is the business of the principal checks); ``account_id = "all"`` asks for everyone; an
  ``account_id`` the code does not fix (a variable without a value) may be ``"all"``, so the
  snapshot's ``public`` is unknown, naming the permission.
- ``aws_ebs_snapshot_block_public_access`` with ``state = "block-all-sharing"`` makes AWS treat
  every snapshot of its region as private, whatever was shared: ``public`` is false, with the
  block as evidence, even when a permission asks for everyone.
- Without either, a snapshot is not public (``default=True``, set by the snapshot's adapter):
  a share made outside the code (console, CLI) is what the live scan and drift see.

A permission whose snapshot cannot be placed makes ``public`` unknown on its module's
snapshots when it could make one public (through ``TOUCHES``); one that names an account
changes nothing and is not placed.
"""

from __future__ import annotations

from typing import Any

from scanner.sources.terraform.adapters import companion, finalize
from scanner.sources.terraform.adapters.context import TOUCHES, AdapterContext
from scanner.sources.terraform.model import TfBlock
from scanner.state import Resource, Unknown, Value

SNAPSHOTS = ("aws_ebs_snapshot",)
PUBLIC_GROUP = "all"
BLOCK_ALL = "block-all-sharing"

TOUCHES["aws_snapshot_create_volume_permission"] = ("public",)


@companion("aws_snapshot_create_volume_permission")
def create_volume_permission(block: TfBlock, ctx: AdapterContext) -> None:
    account = block.attrs.get("account_id")
    if isinstance(account, str) and account != PUBLIC_GROUP:
        return  # shared with one named account: not public
    res = ctx.target(block.attrs.get("snapshot_id"), SNAPSHOTS, block)
    if res is None:
        return
    res.evidence.append(block.source())
    if res.attrs["public"].raw is True:
        return  # another permission already shares it with everyone
    if account == PUBLIC_GROUP:
        res.attrs["public"] = Value(True, block.source("account_id"))
    else:
        res.attrs["public"] = Value.unknown(
            f"{block.address} shares the snapshot with an account_id the code does not fix "
            f'(it could be "{PUBLIC_GROUP}")',
            block.source("account_id"),
        )


@finalize(*SNAPSHOTS)
def blocked_public_access(res: Resource, ctx: AdapterContext) -> None:
    """Snapshot block public access set to block all sharing, in the snapshot's region, keeps it private."""
    block = _block_all_sharing(ctx, res.region.raw)
    if block is not None:
        res.attrs["public"] = Value(False, block.source("state"))
        res.evidence.append(block.source())


def _block_all_sharing(ctx: AdapterContext, region: Any) -> TfBlock | None:
    if isinstance(region, Unknown):
        return None
    for block in ctx.blocks.values():
        if (
            block.mode == "managed"
            and block.type == "aws_ebs_snapshot_block_public_access"
            and block.region == region
            and block.attrs.get("state") == BLOCK_ALL
        ):
            return block
    return None
