"""The collectors a live scan runs, one module per service; add new ones to ``_MODULES``."""

from __future__ import annotations

import importlib

from scanner.sources.live.base import Collector
from scanner.sources.live.errors import UsageError

_MODULES = (
    ("s3", "S3"),
    ("logs", "Logs"),
    ("rds", "Rds"),
    ("kms", "Kms"),
    ("cloudtrail", "CloudTrail"),
    ("dynamodb", "DynamoDb"),
    ("ebs", "Ebs"),
    ("efs", "Efs"),
    ("security_groups", "SecurityGroups"),
    ("elb", "LoadBalancers"),
    ("elb", "ClassicLoadBalancers"),
    ("cloudfront", "CloudFront"),
    ("apigateway", "RestApis"),
    ("apigateway", "HttpApis"),
    ("opensearch", "OpenSearch"),
    ("elasticache", "ElastiCache"),
    ("redshift", "Redshift"),
    ("messaging", "Sqs"),
    ("messaging", "Sns"),
    ("messaging", "Kinesis"),
    ("backup", "Backup"),
    ("iam", "Iam"),
)


def all_collectors() -> list[Collector]:
    out: list[Collector] = []
    for module, cls in _MODULES:
        out.append(getattr(importlib.import_module(f"scanner.sources.live.{module}"), cls)())
    return out


def parse_services(text: str | None) -> list[str] | None:
    """``--services s3,logs`` into collector names (None: all); a name that is no collector is a usage error."""
    if text is None:
        return None
    names = list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    known = {c.name for c in all_collectors()}
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise UsageError(
            f"--services: {', '.join(unknown) or 'empty'} is not a collector (one of {', '.join(sorted(known))})"
        )
    return names
