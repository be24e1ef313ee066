"""CloudWatch Logs log groups, as the Terraform adapter reads ``aws_cloudwatch_log_group``.

Log data is always encrypted at rest (a service key when no KMS key is set), and
a group without ``retentionInDays`` never expires (``retention_days = None``).
"""

from __future__ import annotations

from scanner.knowledge.aws.kms import any_key_is_customer_managed
from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.state import Kind, Value


class Logs(Collector):
    name = "logs"
    service = "logs"
    PRODUCES = (
        Wildcard(
            Kind.LOG_STORE, "aws_cloudwatch_log_group", "arn:{partition}:logs:{region}:{account}:log-group:*"
        ),
    )
    CALLS = (Api("logs", "DescribeLogGroups", "logs:DescribeLogGroups"),)

    def collect(self, scan: Scan):
        listing = scan.pages("DescribeLogGroups", "logGroups")
        if not listing.ok:
            arn = f"arn:{scan.partition}:logs:{scan.region}:{scan.account_id}:log-group:*"
            yield scan.placeholder(Kind.LOG_STORE, "aws_cloudwatch_log_group", arn, listing)
            return
        for group in listing.data:
            name = group["logGroupName"]
            arn = group.get("logGroupArn") or group.get("arn", "").removesuffix(":*")
            if not arn:
                arn = f"arn:{scan.partition}:logs:{scan.region}:{scan.account_id}:log-group:{name}"
            res = scan.resource(Kind.LOG_STORE, "aws_cloudwatch_log_group", arn, name)
            res.set("name", name)
            res.attrs["encrypted"] = default(True, res)
            key = group.get("kmsKeyId")
            res.set("kms_key_id", key)
            cmk = key is not None and any_key_is_customer_managed("logs")
            res.attrs["customer_managed_key"] = Value(cmk, res.source, default=key is None)
            res.set("retention_days", group.get("retentionInDays") or None)
            yield res
