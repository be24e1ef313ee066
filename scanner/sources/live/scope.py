"""Which regions a scan covers: a list, ``all`` (the account's enabled regions), or the session's region."""

from __future__ import annotations

import re

from scanner.sources.live.base import Api
from scanner.sources.live.errors import UsageError

# What the scope itself calls (for --regions all), so the IAM policy includes it.
SCOPE_CALLS = (Api("ec2", "DescribeRegions", "ec2:DescribeRegions"),)

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


def parse_regions(text: str | None) -> list[str] | None:
    """``eu-west-1,us-east-1`` into a list; ``all`` into None (resolved per account); empty into []."""
    if text is None:
        return []
    if text.strip().lower() == "all":
        return None
    regions = [r.strip() for r in text.split(",") if r.strip()]
    bad = [r for r in regions if not _REGION.match(r)]
    if bad:
        raise UsageError(f"--regions: {', '.join(bad)} is not an AWS region code (e.g. eu-west-1)")
    return list(dict.fromkeys(regions))


def enabled_regions(account) -> list[str]:
    """The regions this account has enabled (``ec2:DescribeRegions`` lists only those by default)."""
    client = account.client("ec2", home_region(account))
    try:
        answer = client.describe_regions()
    except Exception as exc:  # noqa: BLE001
        raise UsageError(
            f"--regions all: cannot list the enabled regions (ec2:DescribeRegions): {exc}"
        ) from None
    return sorted(r["RegionName"] for r in answer.get("Regions", []))


def home_region(account) -> str:
    """Where global services (IAM, CloudFront, S3 listing, account settings) are called, once per account."""
    return {"aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}.get(account.partition, "us-east-1")
