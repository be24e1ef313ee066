"""Which accounts a scan enters: the caller's own, one per ``--role-arn``, or every account of the Organization."""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.sources.live import organization
from scanner.sources.live.errors import UsageError
from scanner.sources.live.session import (
    CREDENTIAL_ATTEMPTS,
    ClientSettings,
    base_session,
    make_client,
    partition_of,
)


@dataclass
class Targets:
    role_arns: list[str]  # empty: the caller's own account
    warnings: list[str] = field(default_factory=list)


def organization_targets(
    profile: str | None,
    role_name: str,
    include: list[str],
    exclude: list[str],
    home_region: str,
    settings: ClientSettings,
    include_ous: list[str] = (),
    exclude_ous: list[str] = (),
) -> Targets:
    """One role ARN per ACTIVE account of the organisation that passes the filters."""
    organization.check_role_name(role_name)
    partition = partition_of(home_region)
    org_region = {"aws-cn": "cn-northwest-1", "aws-us-gov": "us-gov-west-1"}.get(partition, "us-east-1")
    client = make_client(
        base_session(profile), "organizations", org_region, settings, max_attempts=CREDENTIAL_ATTEMPTS
    )
    accounts = organization.list_accounts(client)
    units, ou_warnings = organization.ou_filter(client, list(include_ous), list(exclude_ous))
    chosen, warnings = organization.select(accounts, include, exclude, units)
    warnings += ou_warnings
    if not chosen:
        raise UsageError("--organization-role: no active account of the organisation is left to scan")
    return Targets([organization.role_arn(partition, a.id, role_name) for a in chosen], warnings)


def arn_account(role_arn: str) -> str:
    """The account id in a role ARN (an organisation scan plans its units before entering accounts)."""
    parts = role_arn.split(":")
    if len(parts) < 6 or not (parts[4].isdigit() and len(parts[4]) == 12):
        raise UsageError(f"--role-arn {role_arn[:100]!r}: expected arn:aws:iam::<12-digit account>:role/NAME")
    return parts[4]
