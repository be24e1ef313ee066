"""Comparing one attribute's value in two states, after normalising what AWS rewrites.

The same setting comes back from AWS in another shape than Terraform wrote it: policy
statements reordered, single-element lists unwrapped, account ids turned into root ARNs,
KMS keys given by ARN instead of alias, lists of rules in another order. Normalising both
sides before comparing keeps the report to real drift. A value that is unknown on either
side is never a drift: the comparison says why it cannot tell.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from scanner.state import KIND_ATTRIBUTES, Kind, Value, first_unknown
from scanner.state.value import encode_raw

SAME = "same"
CHANGED = "changed"
CANNOT = "cannot"

POLICY_ATTRS = frozenset({"policy", "document"})
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_KMS_ARN = re.compile(r"^arn:aws[\w-]*:kms:[^:]*:\d*:(key|alias)/(.+)$")
_UPPER_ATTRS = frozenset({"protocol"})


@dataclass(frozen=True)
class Comparison:
    outcome: str  # same | changed | cannot
    reason: str = ""


@cache
def declared_types(kind: Kind, attr: str) -> frozenset[str]:
    """The type names the kinds contract declares for an attribute (``str | None`` -> {str, None}).

    Read from the contract's typed ``Attr``; empty when the attribute is not in the contract.
    """
    declared = KIND_ATTRIBUTES.get(kind, {}).get(attr)
    return declared.type_names() if declared is not None else frozenset()


def is_list_attr(kind: Kind, attr: str) -> bool:
    """List-valued attributes per the kinds contract: order does not matter and None equals []."""
    return "list" in declared_types(kind, attr)


# Keys inside list items that say where an item was read (a file line in code, ``ARN#ingress[0]``
# in the cloud): provenance, never part of the setting.
PROVENANCE_KEYS = frozenset({"source"})


def _sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, default=str)


def canonical_policy(doc: Any) -> Any:
    """A policy document in one canonical form: sorted keys and lists, singletons unwrapped, root ARNs."""
    if isinstance(doc, dict):
        return {k: _canonical_policy_value(k, v) for k, v in sorted(doc.items())}
    if isinstance(doc, list):
        items = [canonical_policy(v) for v in doc]
        if len(items) == 1:
            return items[0]
        return sorted(items, key=_sort_key)
    return doc


def _canonical_policy_value(key: str, value: Any) -> Any:
    if key in ("AWS",):
        values = value if isinstance(value, list) else [value]
        values = [
            f"arn:aws:iam::{v}:root" if isinstance(v, str) and _ACCOUNT_ID.match(v) else v for v in values
        ]
        return canonical_policy(values)
    if key == "Principal" and value == {"AWS": "*"}:
        return "*"
    return canonical_policy(value)


def kms_key_form(raw: str) -> tuple[str, str]:
    """("key"|"alias", id) for a key id, key ARN, alias name or alias ARN."""
    m = _KMS_ARN.match(raw)
    if m:
        return m.group(1), m.group(2)
    if raw.startswith("alias/"):
        return "alias", raw[len("alias/") :]
    return "key", raw


def normalise(kind: Kind, attr: str, raw: Any) -> Any:
    """The comparable form of an attribute value."""
    if attr in POLICY_ATTRS and isinstance(raw, (dict, list)):
        return canonical_policy(raw)
    if is_list_attr(kind, attr):
        if raw is None:
            return []
        if isinstance(raw, list):
            return sorted((normalise_plain(_without_provenance(v)) for v in raw), key=_sort_key)
    if attr in _UPPER_ATTRS and isinstance(raw, str):
        return raw.upper()
    return normalise_plain(raw)


def _without_provenance(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k not in PROVENANCE_KEYS}
    return item


def normalise_plain(raw: Any) -> Any:
    """Dicts with sorted keys; None-valued keys dropped (absent and null say the same)."""
    if isinstance(raw, dict):
        return {k: normalise_plain(v) for k, v in sorted(raw.items()) if v is not None}
    if isinstance(raw, list):
        return [normalise_plain(v) for v in raw]
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def _kms_default_policy(doc: Any) -> bool:
    """KMS's default key policy: the account root may do ``kms:*`` (access is then up to IAM)."""
    if not isinstance(doc, dict):
        return False
    statements = doc.get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list) or not statements:
        return False
    for st in statements:
        principal = (st.get("Principal") or {}) if isinstance(st, dict) else {}
        aws = principal.get("AWS") if isinstance(principal, dict) else None
        if not (
            st.get("Effect") == "Allow"
            and isinstance(aws, str)
            and re.fullmatch(r"arn:aws[\w-]*:iam::\d{12}:root", aws)
            and st.get("Action") in ("kms:*", ["kms:*"])
            and st.get("Resource") in ("*", ["*"])
            and not st.get("Condition")
        ):
            return False
    return True


_SNS_DEFAULT_ACTIONS = frozenset(
    {
        "SNS:GetTopicAttributes",
        "SNS:SetTopicAttributes",
        "SNS:AddPermission",
        "SNS:RemovePermission",
        "SNS:DeleteTopic",
        "SNS:Subscribe",
        "SNS:ListSubscriptionsByTopic",
        "SNS:Publish",
        "SNS:Receive",
    }
)


def _statements(doc: Any) -> list[Any]:
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    return (
        [statements] if isinstance(statements, dict) else statements if isinstance(statements, list) else []
    )


def _sns_default_policy(doc: Any) -> bool:
    """The policy SNS gives a topic created without one: the owner account may manage and use it.

    Every statement allows only topic actions to any principal on the condition that the
    request comes from the topic's own account (``AWS:SourceOwner``) — nobody outside it.
    """
    statements = _statements(doc)
    if not statements:
        return False
    for st in statements:
        if (
            not isinstance(st, dict)
            or st.get("Effect") != "Allow"
            or st.get("NotAction")
            or st.get("NotPrincipal")
        ):
            return False
        actions = st.get("Action")
        actions = [actions] if isinstance(actions, str) else actions
        if not _strings(actions) or not set(actions) <= _SNS_DEFAULT_ACTIONS:
            return False
        condition = st.get("Condition")
        equals = condition.get("StringEquals") if isinstance(condition, dict) else None
        owner = equals.get("AWS:SourceOwner") if isinstance(equals, dict) else None
        if not (isinstance(owner, str) and _ACCOUNT_ID.match(owner)) or set(condition) != {"StringEquals"}:
            return False
        resource = st.get("Resource")
        if not (isinstance(resource, str) and resource.startswith("arn:") and f":{owner}:" in resource):
            return False
    return True


_ANYWHERE = frozenset({"0.0.0.0/0", "::/0"})


def _strings(items: Any) -> bool:
    return isinstance(items, list) and all(isinstance(i, str) for i in items)


def _default_egress(rules: Any) -> bool:
    """The egress rule AWS gives every new security group: all traffic to anywhere."""
    if not isinstance(rules, list) or not rules:
        return False
    for rule in rules:
        if not isinstance(rule, dict) or str(rule.get("protocol")) != "-1":
            return False
        v4, v6 = rule.get("cidr_blocks") or [], rule.get("ipv6_cidr_blocks") or []
        if not (_strings(v4) and _strings(v6)):
            return False
        cidrs = set(v4) | set(v6)
        if not cidrs or not cidrs <= _ANYWHERE or rule.get("security_groups") or rule.get("prefix_list_ids"):
            return False
    return True


# What AWS puts in place when the code says nothing about an attribute (see ``_says_nothing``):
# the cloud then shows a concrete value that is no drift.
AWS_DEFAULT_SHAPES: dict[tuple[str, str], Callable[[Any], bool]] = {
    ("aws_kms_key", "policy"): _kms_default_policy,
    ("aws_sns_topic", "policy"): _sns_default_policy,
    ("aws_security_group", "egress"): _default_egress,
}


def _says_nothing(value: Value) -> bool:
    """The code leaves the attribute out: null, or an empty default the source filled in."""
    return value.raw is None or (value.default and value.raw in ([], {}))


def compare(
    kind: Kind,
    attr: str,
    before: Value,
    after: Value,
    before_label: str,
    after_label: str,
    resource_type: str = "",
) -> Comparison:
    """Whether the attribute drifted; unknown on either side gives CANNOT with the reason."""
    for label, value in ((before_label, before), (after_label, after)):
        unknown = first_unknown(value.raw)
        if unknown is not None:
            return Comparison(CANNOT, f"the {label} value is unknown: {unknown.reason}")
    shape = AWS_DEFAULT_SHAPES.get((resource_type, attr))
    if shape is not None and _says_nothing(before) and shape(after.raw):
        return Comparison(SAME)
    if attr == "kms_key_id" and isinstance(before.raw, str) and isinstance(after.raw, str):
        return _compare_kms(before.raw, after.raw)
    a = normalise(kind, attr, before.raw)
    b = normalise(kind, attr, after.raw)
    return Comparison(SAME if a == b else CHANGED)


def _compare_kms(before: str, after: str) -> Comparison:
    """Key ids compare with key ids and aliases with aliases; an alias against a key id cannot be told."""
    fa, ia = kms_key_form(before)
    fb, ib = kms_key_form(after)
    if fa == fb:
        return Comparison(SAME if ia == ib else CHANGED)
    return Comparison(
        CANNOT, f"one side names a KMS alias ({before if fa == 'alias' else after}), the other a key id"
    )


def shown(value: Value) -> Any:
    """The JSON-safe raw value for reports."""
    return encode_raw(value.raw)
