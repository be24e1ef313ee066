"""Is a KMS key customer-managed? Decided after collection, from what the KMS collector saw.

Many services name only a key ARN, and only KMS knows whether it is an
AWS-managed key (``aws/rds``) or the customer's. Collectors put a pending
Unknown (``ref = "kms:<region>:<key>"``) into ``customer_managed_key``; the link
step replaces it with True/False from the KMS facts, or leaves a precise reason.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import kms as kms_rules
from scanner.knowledge.aws.arn import region as arn_region
from scanner.state import Resource, Unknown, Value

KMS_REF = "kms:"


def key_value(res: Resource, key_id: Any, region: str | None = None) -> Value:
    """``customer_managed_key`` for a key argument: decided now when the name says it, else pending."""
    if not key_id:
        return Value(False, res.source, default=True)
    text = str(key_id)
    if kms_rules.names_aws_managed_alias(text):
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
        region = arn_region(key) or region
        res.attrs[name] = Value(
            _decide(key, facts.get(kms_facts_key(region)), account_id, region), value.source
        )


def _decide(key: str, kms: dict[str, Any] | None, account_id: str, region: str) -> bool | Unknown:
    if kms_rules.key_of_other_account(key, account_id):
        return True
    if kms is None:
        return Unknown(
            f"cannot tell whether KMS key {key} is customer-managed: KMS was not scanned in {region}"
        )
    if kms.get("error"):
        return Unknown(f"cannot tell whether KMS key {key} is customer-managed: {kms['error']}")
    manager = kms["managers"].get(key) or kms["managers"].get(kms["aliases"].get(key, ""))
    if manager is None:
        by_name = kms_rules.customer_managed_by_name(key)
        if by_name is not None and not key.startswith("arn:"):
            return by_name
        return Unknown(f"KMS key {key} is not among this account's keys in {region}")
    return kms_rules.customer_managed_by_manager(manager)
