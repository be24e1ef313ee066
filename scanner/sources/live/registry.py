"""The collectors a live scan runs, one module per service; add new ones to ``_MODULES``."""

from __future__ import annotations

import importlib

from scanner.sources.live.base import Collector

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
