"""Is a KMS key customer-managed? Decided after collection, from what the KMS collector saw.

Many services name only a key ARN, and only KMS knows whether it is an
AWS-managed key (``aws/rds``) or the customer's. Collectors put a pending
Unknown (``ref = "kms:<region>:<key>"``) into ``customer_managed_key``; the link
step replaces it with True/False from the KMS facts, or leaves a precise reason.
"""

from __future__ import annotations

from typing import Any

from scanner.state import Resource, Unknown, Value

KMS_REF = "kms:"


def key_value(res: Resource, key_id: Any, region: str | None = None) -> Value:
    """``customer_managed_key`` for a key argument: decided now when the name says it, else pending."""
    if not key_id:
        return Value(False, res.source, default=True)
    text = str(key_id)
    if text.startswith("alias/aws/") or ":alias/aws/" in text:
        return Value(False, res.source)
    where = region or (res.region.raw if isinstance(res.region.raw, str) else "")
    return Value(
        Unknown(f"cannot tell whether KMS key {text} is customer-managed", f"{KMS_REF}{where}|{text}"),
        res.source,
    )


def kms_facts_key(region: str) -> str:
    return f"kms:{region}"


def resolve(res: Resource, facts: dict[str, Any], account_id: str) -> None:
    """Replace pending key Unknowns in ``res`` with what KMS said about the key."""
    for name, value in list(res.attrs.items()):
        raw = value.raw
        if not (isinstance(raw, Unknown) and raw.ref and raw.ref.startswith(KMS_REF)):
            continue
        region, _, key = raw.ref[len(KMS_REF) :].partition("|")
        region = _arn_region(key) or region
        res.attrs[name] = Value(
            _decide(key, facts.get(kms_facts_key(region)), account_id, region), value.source
        )


def _decide(key: str, kms: dict[str, Any] | None, account_id: str, region: str) -> bool | Unknown:
    owner = _arn_account(key)
    if owner and owner != account_id:
        return True  # AWS-managed keys live in the caller's own account; a foreign key is a customer's
    if kms is None:
        return Unknown(
            f"cannot tell whether KMS key {key} is customer-managed: KMS was not scanned in {region}"
        )
    if kms.get("error"):
        return Unknown(f"cannot tell whether KMS key {key} is customer-managed: {kms['error']}")
    manager = kms["managers"].get(key) or kms["managers"].get(kms["aliases"].get(key, ""))
    if manager is None and key.startswith("alias/"):
        return not key.startswith("alias/aws/")
    if manager is None:
        return Unknown(f"KMS key {key} is not among this account's keys in {region}")
    return manager == "CUSTOMER"


def _arn_region(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[3] if arn.startswith("arn:") and len(parts) > 4 and parts[3] else None


def _arn_account(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[4] if arn.startswith("arn:") and len(parts) > 4 and parts[4] else None
