"""Amazon Resource Names: ``arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE``.

AWS writes global resources (IAM, S3 buckets) with an empty region and S3 buckets also with
an empty account. A text that is not an ARN gives None everywhere, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# A region as AWS names them: two letters, one or more words, a number (eu-west-1, us-gov-east-1).
_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-\d+$")


@dataclass(frozen=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse(text: Any) -> Arn | None:
    """The parts of an ARN, or None when ``text`` is not one (too few parts, not ``arn:``)."""
    if not isinstance(text, str) or not text.startswith("arn:"):
        return None
    parts = text.split(":", 5)
    if len(parts) < 6 or not parts[1] or not parts[2]:
        return None
    return Arn(parts[1], parts[2], parts[3], parts[4], parts[5])


def region(text: Any) -> str | None:
    """The region an ARN names; None for a global ARN (IAM, S3), a malformed region or a non-ARN."""
    arn = parse(text)
    return arn.region if arn and _REGION.match(arn.region) else None


def account(text: Any) -> str | None:
    """The account id an ARN names; None when it names none (S3 buckets, AWS-owned) or is no ARN."""
    arn = parse(text)
    return arn.account if arn and arn.account else None
