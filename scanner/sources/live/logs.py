"""CloudWatch Logs: log groups and their subscription filters, as the adapters read them.

Log data is always encrypted at rest (a service key when no KMS key is set), and
a group without ``retentionInDays`` never expires (``retention_days = None``).

A subscription filter (``aws_cloudwatch_log_subscription_filter``) streams a group's events
to a destination: an ENDPOINT (subkind ``log_subscription``) in the destination's region,
delivered inside AWS over TLS. AWS answers filters only per group (no call lists a region's
filters), so the groups are listed once here and each group's filters are read from that
one listing, one follow-up task per group.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.knowledge.aws.kms import any_key_is_customer_managed
from scanner.sources.live.base import Api, Listing, Scan, Wildcard, default
from scanner.sources.live.copies import destination_region
from scanner.state import Kind, Resource, Value

_GROUP = "aws_cloudwatch_log_group"
_FILTER = "aws_cloudwatch_log_subscription_filter"
_SUBKIND = "log_subscription"


class Logs(Listing):
    name = "logs"
    service = "logs"
    PRODUCES = (
        Wildcard(Kind.LOG_STORE, _GROUP, "arn:{partition}:logs:{region}:{account}:log-group:*"),
        Wildcard(
            Kind.ENDPOINT,
            _FILTER,
            "arn:{partition}:logs:{region}:{account}:log-group:*:subscription-filter:*",
            _SUBKIND,
        ),
    )
    CALLS = (
        Api("logs", "DescribeLogGroups", "logs:DescribeLogGroups"),
        Api("logs", "DescribeSubscriptionFilters", "logs:DescribeSubscriptionFilters"),
    )

    LISTING = ("DescribeLogGroups", "logGroups")  # a failed listing hides the filters too

    def read(self, scan: Scan, group: dict):
        name = group["logGroupName"]
        yield _group(scan, name, group)
        yield lambda: _filters(scan, name)


def _group(scan: Scan, name: str, group: dict) -> Resource:
    arn = group.get("logGroupArn") or group.get("arn", "").removesuffix(":*")
    if not arn:
        arn = f"arn:{scan.partition}:logs:{scan.region}:{scan.account_id}:log-group:{name}"
    res = scan.resource(Kind.LOG_STORE, _GROUP, arn, name)
    res.set("name", name)
    res.attrs["encrypted"] = default(True, res)
    key = group.get("kmsKeyId")
    res.set("kms_key_id", key)
    cmk = key is not None and any_key_is_customer_managed("logs")
    res.attrs["customer_managed_key"] = Value(cmk, res.source, default=key is None)
    res.set("retention_days", group.get("retentionInDays") or None)
    return res


def _filters(scan: Scan, name: str) -> Iterator[Resource]:
    """The subscription filters of log group ``name``; on error one stand-in for all of them."""
    filters = scan.pages("DescribeSubscriptionFilters", "subscriptionFilters", logGroupName=name)
    base = f"arn:{scan.partition}:logs:{scan.region}:{scan.account_id}:log-group:{name}"
    if not filters.ok:
        yield scan.placeholder(Kind.ENDPOINT, _FILTER, f"{base}:subscription-filter:*", filters, _SUBKIND)
        return
    for item in filters.data:
        arn = f"{base}:subscription-filter:{item['filterName']}"
        res = scan.resource(Kind.ENDPOINT, _FILTER, arn, f"{name}:{item['filterName']}", _SUBKIND)
        res.attrs["plaintext_allowed"] = default(False, res)  # delivered inside AWS over TLS
        res.region = destination_region(res, item.get("destinationArn"))
        yield res
