"""Run live collectors in-process against whatever endpoint boto3 is pointed at (moto in these tests)."""

from __future__ import annotations

from typing import Any

from scanner.sources.live import links
from scanner.sources.live.base import Scan
from scanner.sources.live.registry import all_collectors
from scanner.sources.live.session import Account, ClientSettings, open_accounts
from scanner.state import Resource

REGION = "eu-west-1"
ACCOUNT = "123456789012"


def recorded_account(calls: list[dict[str, Any]]) -> Account:
    """An account whose clients answer from ``calls`` (botocore Stubber), for APIs moto does not serve."""
    from tests.live.test_recorded import RecordedSession

    return Account(RecordedSession(calls, REGION), ACCOUNT, ClientSettings(max_attempts=1))


def kms_calls(key_arn: str) -> list[dict[str, Any]]:
    """What the KMS collector asks about one customer-managed key, answered."""
    key_id = key_arn.rsplit("/", 1)[-1]
    meta = {"KeyId": key_id, "Arn": key_arn, "KeyManager": "CUSTOMER", "KeyState": "Enabled"}
    return [
        {
            "service": "kms",
            "operation": "ListKeys",
            "response": {"Keys": [{"KeyId": key_id, "KeyArn": key_arn}]},
        },
        {"service": "kms", "operation": "ListAliases", "response": {"Aliases": []}},
        {"service": "kms", "operation": "DescribeKey", "response": {"KeyMetadata": meta}},
        {"service": "kms", "operation": "GetKeyRotationStatus", "response": {"KeyRotationEnabled": True}},
        {"service": "kms", "operation": "GetKeyPolicy", "response": {"Policy": "{}"}},
    ]


def run_collectors(names: set[str], account: Account | None = None) -> tuple[list[Resource], Account]:
    """The resources the named collectors yield in ``REGION``, with the link step done (KMS keys decided)."""
    account = account or open_accounts(None, [], None, REGION, ClientSettings(max_attempts=1))[0]
    resources: list[Resource] = []
    for collector in all_collectors():
        if collector.name not in names:
            continue
        pending = [lambda c=collector: c.collect(Scan(account, REGION, c))]
        while pending:
            for item in pending.pop(0)():
                if isinstance(item, Resource):
                    resources.append(item)
                else:
                    pending.append(item)
    links.link(resources, account.account_id, account.facts, [REGION])
    return resources, account
