"""Every AWS operation privacy-scan may call: the one list the guard, the IAM policy and the tests share.

Each collector declares its own calls in ``CALLS``; calls made outside a collector
(listing regions, who am I, assuming a role) are declared here. The union is
what a guarded client lets through — nothing else, not even another Describe*,
because "read-only" by name is not read-only in fact (``sts:GetSessionToken`` and
``ecr:GetAuthorizationToken`` mint credentials, ``cognito-identity:GetId`` creates
an identity). A new call is added by declaring it, which also puts it into the
policy ``--print-iam-policy`` prints.

This module imports no boto3: ``--print-iam-policy`` stays offline and fast.
"""

from __future__ import annotations

from functools import cache

from scanner.sources.live.base import Api
from scanner.sources.live.scope import SCOPE_CALLS

# Who the credentials belong to (every scan asks, once per account).
IDENTITY_CALLS = (Api("sts", "GetCallerIdentity", "sts:GetCallerIdentity"),)

# Obtaining the credentials of a role to scan. Allowed on the client, but not part of
# the scan role's policy: it belongs to the identity that assumes the role.
CREDENTIAL_CALLS = (Api("sts", "AssumeRole", "sts:AssumeRole"),)

# Listing the accounts of an AWS Organization (``--organization-role``). Like AssumeRole,
# a call of the identity that runs the scan (the management account or a delegated
# administrator), not of the scan role: allowed on the client, not in the scan role's policy.
ORGANIZATION_CALLS = (
    Api("organizations", "ListAccounts", "organizations:ListAccounts"),
    # --include-ou / --exclude-ou: the accounts and child OUs of each OU below the listed ones.
    Api("organizations", "ListChildren", "organizations:ListChildren"),
)


def launcher_calls() -> list[Api]:
    """The calls of the identity that launches the scan (assumes the roles, lists the organisation)."""
    return [*CREDENTIAL_CALLS, *ORGANIZATION_CALLS]


def policy_calls() -> list[Api]:
    """The calls the scan role needs: the collectors', the scope's and the identity call."""
    from scanner.sources.live.registry import all_collectors

    collectors = [api for c in all_collectors() for api in c.CALLS]
    return [*collectors, *SCOPE_CALLS, *IDENTITY_CALLS]


@cache
def allowed_operations() -> frozenset[tuple[str, str]]:
    """(boto3 service name, botocore operation name) of every call any client may send."""
    return frozenset((api.service, api.operation) for api in [*policy_calls(), *launcher_calls()])
