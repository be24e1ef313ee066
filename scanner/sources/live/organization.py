"""The accounts of an AWS Organization: ``organizations:ListAccounts``, filtered, as role ARNs to assume.

``--organization-role NAME`` lists the organisation's accounts with the scan's own
(base) credentials — the management account or a delegated administrator — and
scans each ACTIVE account through ``arn:<partition>:iam::<id>:role/NAME``.
Suspended accounts and accounts pending closure cannot be entered and are left
out (with a warning naming how many). ``--include-account`` / ``--exclude-account``
take account ids or shell-style patterns over account names (``prod-*``).
``--include-ou`` / ``--exclude-ou`` take organizational unit ids (or the root's id): an
account counts as under an OU when it sits in it at any depth. The tree below each
listed OU is walked down with ``organizations:ListChildren`` (its child OUs and its
accounts: two calls, plus pages, per OU of the subtree), never up from each account
(``ListParents`` per account and level would cost as many calls as the organisation
has accounts, times its depth).

Like ``sts:AssumeRole``, ``organizations:ListAccounts`` and ``ListChildren`` are calls of
the identity that runs the scan, not of the scan role: they are allowed on the client (declared in
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
# An organizational unit id, or the organisation's root id (everything).
_OU = re.compile(r"^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$|^r-[0-9a-z]{4,32}$")
# Bounds on the walk: AWS allows five levels of OUs below the root, and 2,000 OUs in all.
_MAX_DEPTH = 6
_MAX_UNITS = 5000


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


def check_ou_ids(ids: list[str], flag: str) -> list[str]:
    for ou in ids:
        if not _OU.match(ou):
            raise UsageError(
                f"{flag} {clean(ou, 80)!r}: expected an organizational unit id (ou-ab12-cd34ef56) "
                "or the root's id (r-ab12)"
            )
    return list(dict.fromkeys(ids))


def accounts_under(client: Any, units: list[str], flag: str) -> tuple[set[str], list[str]]:
    """The ids of every account in ``units`` at any depth, and warnings for units that hold none.

    A unit that does not exist, or a denied call, is a usage error naming the unit: a filter
    that silently matched nothing would scan the wrong accounts.
    """
    found: set[str] = set()
    warnings: list[str] = []
    seen: set[str] = set()
    for unit in units:
        inside: set[str] = set()
        level = [unit]
        for _ in range(_MAX_DEPTH):
            if not level:
                break
            below: list[str] = []
            for parent in level:
                if parent in seen:
                    continue
                seen.add(parent)
                if len(seen) > _MAX_UNITS:
                    raise UsageError(f"{flag}: more than {_MAX_UNITS} organizational units below {unit}")
                inside.update(a for a in _children(client, parent, "ACCOUNT", flag) if _ACCOUNT.match(a))
                below.extend(
                    o for o in _children(client, parent, "ORGANIZATIONAL_UNIT", flag) if _OU.match(o)
                )
            level = below
        if not inside:
            warnings.append(f"{flag} {unit} holds no account")
        found |= inside
    return found, warnings


def ou_filter(client: Any, include_ous: list[str], exclude_ous: list[str]) -> tuple[OuFilter, list[str]]:
    """The accounts under ``--include-ou`` (None when not given) and ``--exclude-ou``, and warnings."""
    warnings: list[str] = []
    inside = None
    if include_ous:
        found, notes = accounts_under(client, check_ou_ids(include_ous, "--include-ou"), "--include-ou")
        inside, warnings = frozenset(found), warnings + notes
    outside: set[str] = set()
    if exclude_ous:
        outside, notes = accounts_under(client, check_ou_ids(exclude_ous, "--exclude-ou"), "--exclude-ou")
        warnings += notes
    return OuFilter(inside, frozenset(outside)), warnings


def _children(client: Any, parent: str, kind: str, flag: str) -> list[str]:
    """The ids of ``parent``'s direct children of one kind (``ListChildren``, all pages)."""
    out: list[str] = []
    try:
        for page in client.get_paginator("list_children").paginate(ParentId=parent, ChildType=kind):
            out.extend(str(c.get("Id") or "") for c in page.get("Children") or [])
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - one line naming the unit and the permission
        response = getattr(exc, "response", None)
        code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
        if code in ("ParentNotFoundException", "ChildNotFoundException"):
            raise UsageError(f"{flag} {parent}: no such organizational unit in this organisation") from None
        raise UsageError(
            clean(
                f"{flag} {parent}: cannot list what it holds (organizations:ListChildren: "
                f"{code or type(exc).__name__})",
                300,
            )
        ) from None
    return out


@dataclass(frozen=True)
class OuFilter:
    """Which accounts the OU filters let through, as account ids found under the listed OUs."""

    inside: frozenset[str] | None = None  # accounts under an --include-ou (None: no OU filter)
    outside: frozenset[str] = frozenset()  # accounts under an --exclude-ou


def select(
    accounts: list[OrgAccount],
    include: list[str],
    exclude: list[str],
    units: OuFilter | None = None,
) -> tuple[list[OrgAccount], list[str]]:
    """The accounts to scan, and warnings (suspended accounts left out, filters that matched nothing).

    Filters combine: an account is scanned when it is ACTIVE, matches an ``include`` (if
    any), is under an included OU (if any), and matches no ``exclude`` and no excluded OU.
    """
    units = units or OuFilter()
    warnings: list[str] = []
    inactive = [a for a in accounts if a.status != "ACTIVE"]
    if inactive:
        ids = ", ".join(a.id for a in inactive[:5]) + (" …" if len(inactive) > 5 else "")
        warnings.append(f"{len(inactive)} suspended or closing account(s) not scanned ({ids})")
    chosen = [a for a in accounts if a.status == "ACTIVE"]
    if include:
        chosen = [a for a in chosen if any(_matches(a, p) for p in include)]
    if units.inside is not None:
        chosen = [a for a in chosen if a.id in units.inside]
    chosen = [a for a in chosen if not any(_matches(a, p) for p in exclude) and a.id not in units.outside]
    for pattern in [*include, *exclude]:
        if not any(_matches(a, pattern) for a in accounts):
            warnings.append(f"account filter {clean(pattern, 80)!r} matches no account of the organisation")
    return chosen, warnings


def _matches(account: OrgAccount, pattern: str) -> bool:
    """An account id exactly, or a shell-style pattern over the account's name (case-sensitive)."""
    if _ACCOUNT.match(pattern):
        return account.id == pattern
    return fnmatch.fnmatchcase(account.name, pattern)
