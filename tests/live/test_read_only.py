"""Read-only, twice over: every declared call is Describe/Get/List, and every client refuses anything else."""

from __future__ import annotations

import json

import pytest

from scanner.sources.live.guard import CREDENTIAL_CALLS, is_read_only
from scanner.sources.live.iam_policy import iam_policy, required_actions
from scanner.sources.live.names import snake_case
from scanner.sources.live.registry import all_collectors

from .conftest import run_cli

READ = ("Describe", "Get", "List")


def declared():
    from scanner.sources.live.scope import SCOPE_CALLS

    return [(c, api) for c in all_collectors() for api in c.CALLS] + [(None, api) for api in SCOPE_CALLS]


def test_every_declared_operation_and_action_is_read_only() -> None:
    for collector, api in declared():
        assert api.operation.startswith(READ), f"{collector}: {api.operation}"
        service, _, action = api.action.partition(":")
        # API Gateway's IAM actions are HTTP verbs: GET is its read-only one.
        assert service and (action.startswith(READ) or api.action == "apigateway:GET"), (
            f"{collector}: {api.action}"
        )


def test_declared_operations_exist_in_botocore_with_these_method_names() -> None:
    import botocore.session
    from botocore import xform_name

    session = botocore.session.get_session()
    for collector, api in declared():
        model = session.get_service_model(api.service)
        assert api.operation in model.operation_names, f"{collector}: {api.service}:{api.operation}"
        assert snake_case(api.operation) == xform_name(api.operation), api.operation


def test_the_iam_policy_is_generated_from_the_declarations() -> None:
    actions = {api.action for _, api in declared()}
    assert set(required_actions()) == actions | {"sts:GetCallerIdentity", "ec2:DescribeRegions"}
    policy = iam_policy()
    assert policy["Statement"][0]["Effect"] == "Allow"
    assert policy["Statement"][0]["Action"] == sorted(policy["Statement"][0]["Action"])


def test_print_iam_policy_prints_json_without_calling_aws() -> None:
    code, out, _ = run_cli("--print-iam-policy")
    assert code == 0
    doc = json.loads(out)
    assert doc["Version"] == "2012-10-17"
    assert "s3:GetBucketPolicy" in doc["Statement"][0]["Action"]
    assert not any(
        a.split(":")[1].startswith(("Put", "Create", "Delete")) for a in doc["Statement"][0]["Action"]
    )


def test_guard_allows_reads_and_the_two_sts_credential_calls_only() -> None:
    assert is_read_only("s3", "GetBucketPolicy")
    assert is_read_only("ec2", "DescribeRegions")
    assert is_read_only("sts", "AssumeRole")
    assert not is_read_only("iam", "AssumeRole")
    assert not is_read_only("s3", "PutObject")
    assert not is_read_only("s3", "DeleteBucket")
    assert {("sts", "AssumeRole"), ("sts", "GetCallerIdentity")} == CREDENTIAL_CALLS


def test_guarded_clients_refuse_a_write_before_it_is_sent(aws: str) -> None:
    from scanner.sources.live.errors import ReadOnlyViolation
    from scanner.sources.live.session import ClientSettings, base_session, make_client

    s3 = make_client(base_session(None), "s3", "eu-west-1", ClientSettings())
    with pytest.raises(ReadOnlyViolation, match="s3:PutObject"):
        s3.put_object(Bucket="anything", Key="k", Body=b"x")
    with pytest.raises(ReadOnlyViolation, match="s3:CreateBucket"):
        s3.create_bucket(Bucket="never-created")
    import boto3

    assert "never-created" not in [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]
    assert s3.list_buckets()["Buckets"] == []  # reads pass


def test_a_collector_cannot_call_what_it_did_not_declare(aws: str) -> None:
    from scanner.sources.live.base import Scan
    from scanner.sources.live.logs import Logs
    from scanner.sources.live.session import ClientSettings, open_accounts

    account = open_accounts(None, [], None, "eu-west-1", ClientSettings())[0]
    scan = Scan(account, "eu-west-1", Logs())
    with pytest.raises(RuntimeError, match="without declaring"):
        scan.call("DescribeMetricFilters")


def test_a_full_scan_calls_only_declared_operations(aws: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Record every operation any client sends during a scan of the whole scenario."""
    from scanner.sources.live import session as live_session

    from . import scenario

    scenario.build()
    seen: set[tuple[str, str]] = set()
    original = live_session.make_client

    def recording(*args, **kwargs):
        client = original(*args, **kwargs)
        service = client.meta.service_model.service_name

        def record(model=None, **_):
            seen.add((service, model.name))

        client.meta.events.register("before-call.*.*", record)
        return client

    monkeypatch.setattr(live_session, "make_client", recording)
    code, _, err = run_cli("--regions", "eu-west-1,us-east-1", "--format", "json", "--max-attempts", "2")
    assert code in (0, 1, 3), err
    allowed = {(a.service, a.operation) for _, a in declared()} | CREDENTIAL_CALLS
    # botocore names s3control's service model "s3control"; our declarations use the client name too.
    assert seen, "nothing was called"
    assert seen <= allowed, sorted(seen - allowed)
