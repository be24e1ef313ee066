"""``encrypted``, ``kms_key_id`` and ``customer_managed_key`` from what a service says, for the collectors.

The same three attributes as the Terraform adapters give: a store that is not encrypted
uses no customer-managed key; an encrypted one names its key, and whether that key is the
customer's is decided by the KMS facts after collection (:mod:`scanner.sources.live.keys`).
"""

from __future__ import annotations

from typing import Any

from scanner.sources.live.keys import key_value
from scanner.state import Resource, Value


def set_at_rest(
    res: Resource, encrypted: bool, key: str | None, *, encrypted_by_default: bool = False
) -> None:
    """Fill the at-rest attributes; ``encrypted_by_default`` marks encryption AWS applies whatever is asked."""
    res.attrs["encrypted"] = Value(encrypted, res.source, default=encrypted_by_default)
    res.set("kms_key_id", key if encrypted else None)
    res.attrs["customer_managed_key"] = key_value(res, key) if encrypted else Value(False, res.source)


def at_rest_values(res: Resource, encrypted: bool, key: str | None) -> dict[str, Any]:
    """The same three as a dict, for :meth:`Scan.fill` (a call that fails leaves them unknown)."""
    return {
        "encrypted": encrypted,
        "kms_key_id": key if encrypted else None,
        "customer_managed_key": key_value(res, key) if encrypted else Value(False, res.source),
    }
