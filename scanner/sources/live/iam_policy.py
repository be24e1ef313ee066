"""The least-privilege IAM policy a live scan needs, generated from what the collectors declare.

Because :meth:`Scan.call` refuses undeclared operations, this policy is exactly
what the code can call: it cannot drift. ``sts:AssumeRole`` is not in it; it
belongs to the identity that assumes the scan role, not to the role itself.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.sources.live.base import Api
from scanner.sources.live.registry import all_collectors
from scanner.sources.live.scope import SCOPE_CALLS


def declared_calls() -> list[Api]:
    """Every call a scan can make: the collectors', the scope's, and ``sts:GetCallerIdentity``."""
    calls = [api for c in all_collectors() for api in c.CALLS]
    return [*calls, *SCOPE_CALLS, Api("sts", "GetCallerIdentity", "sts:GetCallerIdentity")]


def required_actions() -> list[str]:
    return sorted({api.action for api in declared_calls()})


def iam_policy() -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PrivacyScanReadOnly",
                "Effect": "Allow",
                "Action": required_actions(),
                "Resource": "*",
            }
        ],
    }


def iam_policy_json() -> str:
    return json.dumps(iam_policy(), indent=2) + "\n"
