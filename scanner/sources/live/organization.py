"""The accounts of an AWS Organization: ``organizations:ListAccounts``, filtered, as role ARNs to assume.

``--organization-role NAME`` lists the organisation's accounts with the scan's own
(base) credentials — the management account or a delegated administrator — and
scans each ACTIVE account through ``arn:<partition>:iam::<id>:role/NAME``.
Suspended accounts and accounts pending closure cannot be entered and are left
out (with a warning naming how many). ``--include-account`` / ``--exclude-account``
take account ids or shell-style patterns over account names (``prod-*``).

Like ``sts:AssumeRole``, ``organizations:ListAccounts`` is a call of the identity that
runs the scan, not of the scan role: it is allowed on the client (declared in
:mod:`~scanner.sources.live.declared`) but not part of ``--print-iam-policy``.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any

from scanner.sources.live.errors import UsageError
from scanner.util.safetext import clean

# An IAM role name with an optional path (``audit/privacy-scan``).
_ROLE = re.compile(r"^[\w+=,.@-]{1,64}$|^([\w+=,.@-]+/){1,20}[\w+=,.@-]{1,64}$")
_ACCOUNT = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class OrgAccount:
    id: str
    name: str
    status: str  # ACTIVE, SUSPENDED, PENDING_CLOSURE


def check_role_name(name: str) -> str:
    if not _ROLE.match(name or ""):
        raise UsageError(
            f"--organization-role {clean(name, 80)!r}: expected an IAM role name (e.g. privacy-scan or "
            "audit/privacy-scan), not an ARN"
        )
    return name


def role_arn(partition: str, account_id: str, role_name: str) -> str:
    return f"arn:{partition}:iam::{account_id}:role/{role_name}"


def list_accounts(client: Any) -> list[OrgAccount]:
    """Every account of the organisation (``ListAccounts``, all pages), sorted by id."""
    out: dict[str, OrgAccount] = {}
    try:
        for page in client.get_paginator("list_accounts").paginate():
            for item in page.get("Accounts") or []:
                account_id = str(item.get("Id") or "")
                if not _ACCOUNT.match(account_id):
                    continue
                status = str(item.get("Status") or item.get("State") or "ACTIVE").upper()
                out[account_id] = OrgAccount(account_id, str(item.get("Name") or ""), status)
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - one line naming the permission
        raise UsageError(_list_message(exc)) from None
    return [out[k] for k in sorted(out)]


def _list_message(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    if code == "AWSOrganizationsNotInUseException":
        return "--organization-role: these credentials' account is not in an AWS Organization"
    if code:
        return clean(
            f"--organization-role: cannot list the organisation's accounts (organizations:ListAccounts: {code}); "
            "run from the management account or a delegated administrator",
            300,
        )
    return clean(
        f"--organization-role: cannot list the organisation's accounts: {type(exc).__name__}: {exc}", 300
    )


def select(
    accounts: list[OrgAccount], include: list[str], exclude: list[str]
) -> tuple[list[OrgAccount], list[str]]:
    """The accounts to scan, and warnings (suspended accounts left out, filters that matched nothing)."""
    warnings: list[str] = []
    inactive = [a for a in accounts if a.status != "ACTIVE"]
    if inactive:
        ids = ", ".join(a.id for a in inactive[:5]) + (" …" if len(inactive) > 5 else "")
        warnings.append(f"{len(inactive)} suspended or closing account(s) not scanned ({ids})")
    chosen = [a for a in accounts if a.status == "ACTIVE"]
    if include:
        chosen = [a for a in chosen if any(_matches(a, p) for p in include)]
    chosen = [a for a in chosen if not any(_matches(a, p) for p in exclude)]
    for pattern in [*include, *exclude]:
        if not any(_matches(a, pattern) for a in accounts):
            warnings.append(f"account filter {clean(pattern, 80)!r} matches no account of the organisation")
    return chosen, warnings


def _matches(account: OrgAccount, pattern: str) -> bool:
    """An account id exactly, or a shell-style pattern over the account's name (case-sensitive)."""
    if _ACCOUNT.match(pattern):
        return account.id == pattern
    return fnmatch.fnmatchcase(account.name, pattern)
