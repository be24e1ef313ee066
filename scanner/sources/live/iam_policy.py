"""The least-privilege IAM policy a live scan needs, generated from what the collectors declare.

Because every client refuses undeclared operations, this policy is exactly
what the code can call: it cannot drift. ``sts:AssumeRole`` is not in it; it
belongs to the identity that assumes the scan role, not to the role itself.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.sources.live.base import Api
from scanner.sources.live.declared import policy_calls


def declared_calls() -> list[Api]:
    """Every call a scan role must allow (see :mod:`scanner.sources.live.declared`)."""
    return policy_calls()


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
