"""AWS Backup: plans (longest retention, copy destinations, target vault keys) and vaults (key, policy).

A plan keeps recovery points as long as its longest rule (or copy) says; a rule
without ``DeleteAfterDays`` keeps them forever (``retention_days = None``). Copy
destinations are the regions in the destination vault ARNs. A plan is encrypted with
its target vaults' keys; a vault is public when its access policy allows everyone.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.knowledge.aws.arn import region as arn_region
from scanner.knowledge.aws.backup import vault_policy_public
from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.sources.live.keys import key_value
from scanner.state import Kind, Resource, Unknown, Value


class Backup(Collector):
    name = "backup"
    service = "backup"
    PRODUCES = (
        Wildcard(
            Kind.BACKUP,
            "aws_backup_vault",
            "arn:{partition}:backup:{region}:{account}:backup-vault:*",
            "vault",
        ),
        Wildcard(
            Kind.BACKUP, "aws_backup_plan", "arn:{partition}:backup:{region}:{account}:backup-plan:*", "plan"
        ),
    )
    CALLS = (
        Api("backup", "ListBackupPlans", "backup:ListBackupPlans"),
        Api("backup", "GetBackupPlan", "backup:GetBackupPlan"),
        Api("backup", "ListBackupVaults", "backup:ListBackupVaults"),
        Api("backup", "GetBackupVaultAccessPolicy", "backup:GetBackupVaultAccessPolicy"),
    )

    def collect(self, scan: Scan):
        vaults = scan.pages("ListBackupVaults", "BackupVaultList")
        keys: dict[str, str | None] = {}
        if not vaults.ok:
            arn = f"arn:{scan.partition}:backup:{scan.region}:{scan.account_id}:backup-vault:*"
            yield scan.placeholder(Kind.BACKUP, "aws_backup_vault", arn, vaults, subkind="vault")
        for vault in vaults.data or []:
            keys[vault["BackupVaultName"]] = vault.get("EncryptionKeyArn")
            yield self._vault(scan, vault)
        plans = scan.pages("ListBackupPlans", "BackupPlansList")
        if not plans.ok:
            arn = f"arn:{scan.partition}:backup:{scan.region}:{scan.account_id}:backup-plan:*"
            yield scan.placeholder(Kind.BACKUP, "aws_backup_plan", arn, plans, subkind="plan")
            return
        for item in plans.data:
            res = scan.resource(
                Kind.BACKUP, "aws_backup_plan", item["BackupPlanArn"], item.get("BackupPlanName"), "plan"
            )
            res.set("public", False, default=True)
            res.set("policy", None, default=True)
            plan = scan.call("GetBackupPlan", BackupPlanId=item["BackupPlanId"])
            scan.fill(
                res,
                plan,
                ("retention_days", "copy_regions", "encrypted", "customer_managed_key", "kms_key_id"),
                lambda d, r=res: _plan(d.get("BackupPlan") or {}, r, keys, vaults.ok),
            )
            yield res

    def _vault(self, scan: Scan, vault: dict[str, Any]) -> Resource:
        res = scan.resource(
            Kind.BACKUP, "aws_backup_vault", vault["BackupVaultArn"], vault["BackupVaultName"], "vault"
        )
        res.attrs["encrypted"] = default(True, res)
        key = vault.get("EncryptionKeyArn")
        res.set("kms_key_id", key)
        res.attrs["customer_managed_key"] = key_value(res, key)
        res.set(
            "retention_days",
            Unknown("a vault keeps each recovery point as long as the plan that made it says"),
        )
        res.set("copy_regions", [])
        policy = scan.call(
            "GetBackupVaultAccessPolicy",
            absent=("ResourceNotFoundException",),
            BackupVaultName=vault["BackupVaultName"],
        )
        scan.fill(res, policy, ("policy", "public"), _vault_policy)
        return res


def _vault_policy(data: dict[str, Any] | None) -> dict[str, Any]:
    text = (data or {}).get("Policy")
    if not text:
        return {"policy": None, "public": False}
    try:
        doc = json.loads(text)
    except ValueError:
        why = Unknown("the vault access policy is not valid JSON")
        return {"policy": why, "public": why}
    return {"policy": doc, "public": vault_policy_public(doc)}


def _plan(
    plan: dict[str, Any], res: Resource, keys: dict[str, str | None], vaults_known: bool
) -> dict[str, Any]:
    days: list[Any] = []
    regions: list[str] = []
    targets: list[Any] = []
    for rule in plan.get("Rules") or []:
        days.append((rule.get("Lifecycle") or {}).get("DeleteAfterDays"))
        targets.append(rule.get("TargetBackupVaultName"))
        for copy in rule.get("CopyActions") or []:
            days.append((copy.get("Lifecycle") or {}).get("DeleteAfterDays"))
            region = arn_region(copy.get("DestinationBackupVaultArn"))
            if region and region not in regions:
                regions.append(region)
    longest = None if any(d is None for d in days) or not days else max(days)
    vault_keys = [keys.get(t) for t in targets]
    if not vaults_known:
        cmk: Any = Value(Unknown("the plan's target vaults could not be listed"), res.source)
    elif not targets:
        cmk = False
    else:
        values = [key_value(res, k).raw for k in vault_keys]
        cmk = (
            False
            if any(v is False for v in values)
            else next((v for v in values if isinstance(v, Unknown)), True)
        )
        cmk = Value(cmk, res.source)
    single = vault_keys[0] if vault_keys and len(set(map(str, vault_keys))) == 1 else None
    return {
        "retention_days": longest,
        "copy_regions": regions,
        "encrypted": default(True, res),
        "customer_managed_key": cmk,
        "kms_key_id": single,
    }
