"""KMS keys: which key a name stands for, and whether it is the customer's or AWS's.

AWS reserves alias names beginning with ``alias/aws/`` for its AWS-managed keys (``aws/s3``,
``aws/rds`` …); a customer cannot create one. Any other alias is a customer's alias of a
customer-managed key. A bare key id or key ARN does not say who manages the key: only KMS
(``DescribeKey``'s ``KeyManager``) knows. AWS-managed keys live in the account that uses
them, so a key of another account is always a customer's. CloudWatch Logs and CloudTrail
accept only customer-managed keys, so any key they name is one.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import arn

AWS_ALIAS_PREFIX = "alias/aws/"
CUSTOMER = "CUSTOMER"  # DescribeKey's KeyManager for a customer-managed key ("AWS" otherwise)
# Services whose resources accept only customer-managed keys (their AWS-owned key is implicit).
ONLY_CUSTOMER_KEYS = frozenset({"logs", "cloudtrail"})


def names_aws_managed_alias(text: Any) -> bool:
    """Whether ``text`` is an ``alias/aws/...`` name or an alias ARN naming one."""
    return isinstance(text, str) and (text.startswith(AWS_ALIAS_PREFIX) or f":{AWS_ALIAS_PREFIX}" in text)


def customer_managed_by_name(text: str) -> bool | None:
    """What a key's name alone tells: False for ``alias/aws/*``, True for another alias, None for a key id/ARN."""
    if names_aws_managed_alias(text):
        return False
    if text.startswith("alias/") or ":alias/" in text:
        return True
    return None


def customer_managed_by_manager(manager: Any) -> bool:
    """DescribeKey's ``KeyManager``: ``CUSTOMER`` or ``AWS``."""
    return manager == CUSTOMER


def key_of_other_account(key: str, account_id: str) -> bool:
    """Whether a key ARN names another account than ``account_id`` (then it is a customer's key)."""
    owner = arn.account(key)
    return bool(owner) and owner != account_id


def any_key_is_customer_managed(service: str) -> bool:
    """Whether every key ``service`` accepts is customer-managed (CloudWatch Logs, CloudTrail)."""
    return service in ONLY_CUSTOMER_KEYS
