"""KMS keys: customer-managed keys become KEY resources; every key's manager is kept for the link step.

Only customer-managed keys are resources (Terraform can create only those), but
the AWS-managed ones (``aws/rds``, ``aws/s3`` …) are remembered too, so that a
database naming a key ARN can be told apart: AWS-managed or the customer's.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.sources.live.base import Api, Collector, Scan, Wildcard
from scanner.sources.live.keys import kms_facts_key
from scanner.state import Kind, Unknown


class Kms(Collector):
    name = "kms"
    service = "kms"
    PRODUCES = (Wildcard(Kind.KEY, "aws_kms_key", "arn:{partition}:kms:{region}:{account}:key/*"),)
    CALLS = (
        Api("kms", "ListKeys", "kms:ListKeys"),
        Api("kms", "ListAliases", "kms:ListAliases"),
        Api("kms", "DescribeKey", "kms:DescribeKey"),
        Api("kms", "GetKeyRotationStatus", "kms:GetKeyRotationStatus"),
        Api("kms", "GetKeyPolicy", "kms:GetKeyPolicy"),
    )

    def collect(self, scan: Scan):
        listing = scan.pages("ListKeys", "Keys")
        if not listing.ok:
            scan.account.put_fact(kms_facts_key(scan.region), {"error": listing.error.reason})
            arn = f"arn:{scan.partition}:kms:{scan.region}:{scan.account_id}:key/*"
            yield scan.placeholder(Kind.KEY, "aws_kms_key", arn, listing)
            return
        aliases: dict[str, str] = {}
        alias_listing = scan.pages("ListAliases", "Aliases")
        for alias in alias_listing.data or []:
            if alias.get("TargetKeyId"):
                aliases[alias["AliasName"]] = alias["TargetKeyId"]
                if alias.get("AliasArn"):
                    aliases[alias["AliasArn"]] = alias["TargetKeyId"]
        managers: dict[str, str] = {}
        for key in listing.data:
            described = scan.call("DescribeKey", KeyId=key["KeyId"])
            if not described.ok:
                continue  # its manager stays unknown; the link step says so for keys that use it
            meta = described.data["KeyMetadata"]
            managers[meta["KeyId"]] = managers[meta["Arn"]] = meta.get("KeyManager", "CUSTOMER")
            if meta.get("KeyManager") == "CUSTOMER" and meta.get("KeyState") != "PendingDeletion":
                yield self._key(scan, meta)
        for alias, target in aliases.items():
            if target in managers:
                managers[alias] = managers[target]
        scan.account.put_fact(
            kms_facts_key(scan.region), {"error": None, "managers": managers, "aliases": aliases}
        )

    @staticmethod
    def _key(scan: Scan, meta: dict[str, Any]):
        res = scan.resource(Kind.KEY, "aws_kms_key", meta["Arn"], meta.get("Description") or meta["KeyId"])
        res.set("key_spec", meta.get("KeySpec", "SYMMETRIC_DEFAULT"))
        if meta.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT":
            rotation = scan.call("GetKeyRotationStatus", KeyId=meta["KeyId"])
            scan.fill(
                res,
                rotation,
                ("rotation_enabled",),
                lambda d: {"rotation_enabled": bool(d.get("KeyRotationEnabled"))},
            )
        else:
            res.set("rotation_enabled", False)  # asymmetric and HMAC keys cannot rotate automatically
        policy = scan.call("GetKeyPolicy", KeyId=meta["KeyId"], PolicyName="default")
        scan.fill(res, policy, ("policy",), _policy)
        multi = bool(meta.get("MultiRegion"))
        res.set("multi_region", multi)
        replicas = (meta.get("MultiRegionConfiguration") or {}).get("ReplicaKeys") or []
        res.set("replica_regions", [r["Region"] for r in replicas if r.get("Region")])
        return res


def _policy(data: dict | None) -> dict[str, Any]:
    text = (data or {}).get("Policy")
    if not text:
        return {"policy": None}
    try:
        return {"policy": json.loads(text)}
    except ValueError:
        return {"policy": Unknown("the key policy is not valid JSON")}
