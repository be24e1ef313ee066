"""AWS Backup: whether a vault's access policy opens the vault to everyone.

A vault access policy is a resource policy like any other: public when an Allow statement
is open to everyone without a condition that restricts the caller (see
:func:`scanner.knowledge.aws.iam.public_statements`). No policy: only the account's own
IAM grants reach the vault.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws.iam import public_statements
from scanner.state import Unknown


def vault_policy_public(document: Any) -> bool | Unknown:
    """True when an Allow statement is open to everyone; an Unknown when an unknown part could make one."""
    if document is None:
        return False
    found, unknown = public_statements(document)
    return True if found else (unknown or False)
