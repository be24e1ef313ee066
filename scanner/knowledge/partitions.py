"""Which AWS partition a region belongs to, and the DNS names that partition uses.

``data.aws_partition`` and ``data.aws_region`` answer from the provider's region alone, so a
static scan can answer them too: a bucket policy written around
``arn:${data.aws_partition.current.partition}:s3:::name`` is then read whole. Regions this
table does not know give None: the caller says so instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.knowledge.regions import AWS_REGION_COUNTRY


@dataclass(frozen=True)
class Partition:
    """One AWS partition: its name as ARNs spell it and its DNS suffixes."""

    name: str
    dns_suffix: str
    reverse_dns_prefix: str


_COMMERCIAL = Partition("aws", "amazonaws.com", "com.amazonaws")
_CHINA = Partition("aws-cn", "amazonaws.com.cn", "cn.com.amazonaws")
_GOVCLOUD = Partition("aws-us-gov", "amazonaws.com", "com.amazonaws")


def partition_of(region: str) -> Partition | None:
    """The partition of a region this scanner knows (see ``AWS_REGION_COUNTRY``), else None."""
    if region not in AWS_REGION_COUNTRY:
        return None
    if region.startswith("cn-"):
        return _CHINA
    if region.startswith("us-gov-"):
        return _GOVCLOUD
    if region.startswith("eusc-"):
        return None  # the European Sovereign Cloud: its own partition, not yet listed here
    return _COMMERCIAL
