"""CloudWatch Logs subscription filters: log events streamed to a destination, as the adapter reads them.

An ENDPOINT (subkind ``log_subscription``) in the region of its destination (a Kinesis stream,
Firehose, Lambda function or a logs destination); delivery stays inside AWS over TLS. Filters
are listed per log group, so this is one call per group.
"""

from __future__ import annotations

from scanner.sources.live.base import Api, Collector, Scan, Wildcard, default
from scanner.sources.live.copies import destination_region
from scanner.state import Kind

_TYPE = "aws_cloudwatch_log_subscription_filter"


class LogSubscriptions(Collector):
    name = "log_subscriptions"
    service = "logs"
    PRODUCES = (
        Wildcard(
            Kind.ENDPOINT,
            _TYPE,
            "arn:{partition}:logs:{region}:{account}:log-group:*:subscription-filter:*",
            "log_subscription",
        ),
    )
    CALLS = (
        Api("logs", "DescribeLogGroups", "logs:DescribeLogGroups"),
        Api("logs", "DescribeSubscriptionFilters", "logs:DescribeSubscriptionFilters"),
    )

    def collect(self, scan: Scan):
        groups = scan.pages("DescribeLogGroups", "logGroups")
        wildcard = (
            f"arn:{scan.partition}:logs:{scan.region}:{scan.account_id}:log-group:*:subscription-filter:*"
        )
        if not groups.ok:
            yield scan.placeholder(Kind.ENDPOINT, _TYPE, wildcard, groups, subkind="log_subscription")
            return
        for group in groups.data:
            name = group["logGroupName"]
            filters = scan.pages("DescribeSubscriptionFilters", "subscriptionFilters", logGroupName=name)
            base = f"arn:{scan.partition}:logs:{scan.region}:{scan.account_id}:log-group:{name}"
            if not filters.ok:
                yield scan.placeholder(
                    Kind.ENDPOINT, _TYPE, f"{base}:subscription-filter:*", filters, subkind="log_subscription"
                )
                continue
            for item in filters.data:
                arn = f"{base}:subscription-filter:{item['filterName']}"
                res = scan.resource(
                    Kind.ENDPOINT, _TYPE, arn, f"{name}:{item['filterName']}", "log_subscription"
                )
                res.attrs["plaintext_allowed"] = default(False, res)  # delivered inside AWS over TLS
                res.region = destination_region(res, item.get("destinationArn"))
                yield res
