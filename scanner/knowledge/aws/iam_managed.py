"""AWS-managed IAM policies: which ARNs name one, and what the ones privacy-scan models grant.

AWS-managed policies live in the pseudo-account ``aws``: ``arn:PARTITION:iam::aws:policy/[PATH/]NAME``.
Their documents are not in anyone's configuration, so an attachment of one can be judged only
from what AWS documents the policy to grant. Only the policies below are modelled; any other
stays unknown to the checks that would need its document.
"""

from __future__ import annotations

from typing import Any

from scanner.knowledge.aws import arn

# What the AWS-managed policies that grant everything allow, written from AWS's documentation
# of them, abridged to what the checks read (every action, or every action but a few services).
DOCUMENTS: dict[str, dict[str, Any]] = {
    "AdministratorAccess": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    },
    "PowerUserAccess": {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
        ],
    },
}


def policy_name(text: Any) -> str | None:
    """The name of the AWS-managed policy an ARN names (any partition, any path), or None."""
    parsed = arn.parse(text)
    if parsed is None or parsed.service != "iam" or parsed.account != "aws":
        return None
    if not parsed.resource.startswith("policy/"):
        return None
    return parsed.resource.rsplit("/", 1)[-1]


def is_aws_managed(text: Any) -> bool:
    return policy_name(text) is not None


def document(text: Any) -> dict[str, Any] | None:
    """The modelled document of the AWS-managed policy ``text`` (an ARN) names, or None."""
    name = policy_name(text)
    return DOCUMENTS.get(name) if name else None


def document_by_name(name: Any) -> dict[str, Any] | None:
    """The modelled document of the AWS-managed policy called ``name`` (no ARN), or None."""
    return DOCUMENTS.get(name) if isinstance(name, str) else None
