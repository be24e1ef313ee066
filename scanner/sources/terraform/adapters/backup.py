"""AWS Backup: plans, vaults and vault policies.

- a plan keeps recovery points as long as its longest rule says (``lifecycle.delete_after``,
  also for copies); a rule without ``delete_after`` keeps them forever (``retention_days`` None);
- ``copy_action.destination_vault_arn`` names the regions copies go to: the vault's provider
  region when the vault is in this configuration, else the region in a literal ARN, else unknown;
- a vault always encrypts (AWS-managed ``aws/backup`` key unless ``kms_key_arn``); a plan is
  encrypted with the key of its target vault;
- a vault is public when its access policy allows everyone.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import arn
from scanner.knowledge.aws.backup import vault_policy_public
from scanner.sources.terraform.adapters import companion, finalize, primary
from scanner.sources.terraform.adapters.context import AdapterContext, val
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.adapters.kms import find_block, key_is_customer_managed
from scanner.sources.terraform.adapters.s3 import nested
from scanner.sources.terraform.model import TfBlock
from scanner.state import Kind, Resource, Unknown, Value
from scanner.state.value import shown

VAULT = ("aws_backup_vault",)


def _resource(block: TfBlock, subkind: str) -> Resource:
    return Resource(
        kind=Kind.BACKUP,
        subkind=subkind,
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, "name") if block.attrs.get("name") is not None else None,
    )


def _longest(days: list[Any]) -> Any:
    """The longest retention: None (forever) wins, then an unknown, then the largest number."""
    if any(d is None for d in days):
        return None
    unknown = next((d for d in days if isinstance(d, Unknown)), None)
    return unknown if unknown is not None else max(days) if days else None


def _delete_after(node: dict) -> Any:
    life = nested(node, "lifecycle")
    return life[0].get("delete_after") if life else None


def _copy_region(raw: Any, by: TfBlock, ctx: AdapterContext) -> Any:
    vault = find_block(ctx, raw, VAULT, by)
    if vault is not None:
        return vault.region
    region = arn.region(raw)
    if region:
        return region
    why = raw.reason if isinstance(raw, Unknown) else f"{shown(raw, quote=True)} is not a vault ARN"
    return Unknown(f"the copy's destination vault cannot be placed: {why}")


@primary("aws_backup_plan")
def plan(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = _resource(block, "plan")
    days: list[Any] = []
    regions: list[Any] = []
    rules = nested(block.attrs, "rule")
    for rule in rules:
        days.append(_delete_after(rule))
        for copy in nested(rule, "copy_action"):
            days.append(_delete_after(copy))
            region = _copy_region(copy.get("destination_vault_arn"), block, ctx)
            if region not in regions:
                regions.append(region)
    if rules:
        res.attrs["retention_days"] = Value(_longest(days), block.source("rule"))
    elif isinstance(block.attrs.get("rule"), Unknown):  # dynamic rules over a value known at apply
        res.attrs["retention_days"] = Value(block.attrs["rule"], block.source("rule"))
    else:  # no rule (an empty dynamic block): the plan makes no recovery point, so keeps none
        res.attrs["retention_days"] = Value(0, block.source())
    res.attrs["copy_regions"] = Value(regions, block.source("rule"), default=not regions)
    res.attrs["public"] = Value(False, block.source(), default=True)
    res.attrs["policy"] = Value(None, block.source(), default=True)
    return res


@finalize("aws_backup_plan")
def plan_encryption(res: Resource, ctx: AdapterContext) -> None:
    """Recovery points are encrypted with the key of the vault the rule targets."""
    block = ctx.block_of[res.address]
    keys: list[Any] = []
    unknown: Unknown | None = None
    for rule in nested(block.attrs, "rule"):
        vault = find_block(ctx, rule.get("target_vault_name"), VAULT, block)
        if vault is None:
            if rule.get("target_vault_name") != "Default":
                unknown = Unknown("the target vault is not in this configuration")
            keys.append(None)
            continue
        keys.append(vault.attrs.get("kms_key_arn"))
        res.evidence.append(vault.source())
    res.attrs["encrypted"] = Value(True, block.source(), default=True)
    cmks = [key_is_customer_managed(k, ctx) for k in keys]
    if unknown is not None:
        cmk: Any = unknown
    elif any(c is False for c in cmks) or not cmks:
        cmk = False
    else:
        cmk = next((c for c in cmks if isinstance(c, Unknown)), True)
    res.attrs["customer_managed_key"] = Value(cmk, block.source("rule"), default=all(k is None for k in keys))
    res.attrs["kms_key_id"] = Value(
        keys[0] if len(set(map(str, keys))) == 1 and keys else None, block.source("rule")
    )


@primary("aws_backup_vault")
def vault(block: TfBlock, ctx: AdapterContext) -> Resource:
    res = _resource(block, "vault")
    key = val(block, "kms_key_arn")
    res.attrs["encrypted"] = Value(True, block.source(), default=True)
    res.attrs["kms_key_id"] = key
    res.attrs["customer_managed_key"] = Value(
        key_is_customer_managed(key.raw, ctx), key.source, default=key.raw is None
    )
    res.attrs["retention_days"] = Value.unknown(
        "a vault keeps each recovery point as long as the plan that made it says", block.source()
    )
    res.attrs["copy_regions"] = Value([], block.source(), default=True)
    res.attrs["policy"] = Value(None, block.source(), default=True)
    res.attrs["public"] = Value(False, block.source(), default=True)
    return res


@companion("aws_backup_vault_policy")
def vault_policy(block: TfBlock, ctx: AdapterContext) -> None:
    res = ctx.target(block.attrs.get("backup_vault_name"), VAULT, block)
    if res is None:
        return
    res.evidence.append(block.source())
    policy = policy_value(block.attrs.get("policy"), block.source("policy"), ctx)
    res.attrs["policy"] = policy
    if not policy.known:
        res.attrs["public"] = Value(policy.raw, policy.source)
        return
    res.attrs["public"] = Value(vault_policy_public(policy.raw), policy.source)
