"""Read-only, twice over: every declared call is Describe/Get/List, and every client refuses anything else."""

from __future__ import annotations

import json

import boto3
import pytest

from scanner.sources.live.declared import allowed_operations
from scanner.sources.live.guard import is_allowed
from scanner.sources.live.iam_policy import iam_policy, required_actions
from scanner.sources.live.names import snake_case
from scanner.sources.live.registry import all_collectors

from .conftest import run_cli

READ = ("Describe", "Get", "List")


def declared():
    from scanner.sources.live.scope import SCOPE_CALLS

    return [(c, api) for c in all_collectors() for api in c.CALLS] + [(None, api) for api in SCOPE_CALLS]


def test_every_declared_operation_and_action_is_read_only() -> None:
    """The declaration itself is reviewed by name; the guard then allows exactly it."""
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


def test_the_guard_allows_exactly_the_declared_operations() -> None:
    assert is_allowed("s3", "GetBucketPolicy")
    assert is_allowed("ec2", "DescribeRegions")
    assert is_allowed("sts", "AssumeRole") and is_allowed("sts", "GetCallerIdentity")
    # Reads by name that are not declared: mint credentials, create identities, read data.
    for service, operation in SIDE_EFFECTING_READS + [
        ("s3", "GetObject"),
        ("ec2", "DescribeInstanceAttribute"),
    ]:
        assert not is_allowed(service, operation), (service, operation)
    assert not is_allowed("iam", "AssumeRole")
    assert not is_allowed("s3", "PutObject")
    assert allowed_operations() == {(a.service, a.operation) for _, a in declared()} | {
        ("sts", "GetCallerIdentity"),
        ("sts", "AssumeRole"),
        ("organizations", "ListAccounts"),  # --organization-role, by the identity that runs the scan
        ("organizations", "ListChildren"),  # --include-ou/--exclude-ou, by the same identity
    }
    assert not is_allowed("organizations", "DescribeAccount") and not is_allowed(
        "organizations", "CreateAccount"
    )


SIDE_EFFECTING_READS = [
    ("cognito-identity", "GetId"),
    ("sts", "GetFederationToken"),
    ("sts", "GetSessionToken"),
    ("ecr", "GetAuthorizationToken"),
]


def _count_sends(client) -> list[str]:
    """Every HTTP request the client is about to send (botocore's last hook before the wire)."""
    sent: list[str] = []
    client.meta.events.register("before-send.*.*", lambda request=None, **_: sent.append(request.url))
    return sent


@pytest.mark.parametrize(("service", "operation"), SIDE_EFFECTING_READS)
def test_side_effecting_reads_are_refused_on_every_door_before_a_request(aws, service, operation) -> None:
    from botocore import xform_name

    from scanner.sources.live.errors import ReadOnlyViolation
    from scanner.sources.live.session import ClientSettings, base_session, make_client

    session = base_session(None)
    guarded = make_client(session, service, "eu-west-1", ClientSettings())
    raw_inner = guarded._client  # the botocore client behind the proxy
    raw_sibling = session._session.client(service, region_name="eu-west-1")  # made around the proxy
    params = {"IdentityPoolId": "eu-west-1:x"} if operation == "GetId" else {}
    if operation == "GetFederationToken":
        params = {"Name": "someone"}
    for client in (guarded, raw_inner, raw_sibling):
        sent = _count_sends(client)
        with pytest.raises(ReadOnlyViolation, match=f"{service}[:.]"):
            getattr(client, xform_name(operation))(**params)
        assert sent == [], client
    # The same session still answers a declared call through the same hooks.
    sts = make_client(session, "sts", "eu-west-1", ClientSettings())
    sent = _count_sends(sts)
    assert sts.get_caller_identity()["Account"] == "123456789012"
    assert len(sent) == 1


def test_resources_and_presigned_urls_are_refused(aws) -> None:
    from scanner.sources.live.errors import ReadOnlyViolation
    from scanner.sources.live.session import ClientSettings, base_session, make_client

    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="kept", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    session = base_session(None)
    with pytest.raises(ReadOnlyViolation, match="resources are refused"):
        session.resource("s3")
    s3 = make_client(session, "s3", "eu-west-1", ClientSettings())
    params = {"Bucket": "kept", "Key": "k"}
    with pytest.raises(ReadOnlyViolation, match="presign"):
        s3.generate_presigned_url("put_object", Params=params)
    with pytest.raises(ReadOnlyViolation, match="presign"):
        s3.generate_presigned_post("kept", "k")
    # Behind the proxy, and on a client made from the raw session, the signer refuses too,
    # even for a declared read: a presigned URL is a credential for whoever holds it.
    for raw in (s3._client, session._session.client("s3", region_name="eu-west-1")):
        with pytest.raises(ReadOnlyViolation, match="presign"):
            raw.generate_presigned_url("get_bucket_policy", Params={"Bucket": "kept"})
        with pytest.raises(ReadOnlyViolation, match="presign"):
            raw.generate_presigned_post("kept", "k")
    with pytest.raises(ReadOnlyViolation):
        s3.get_waiter("bucket_exists")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["kept"]


def test_guarded_clients_refuse_a_write_before_it_is_sent(aws: str) -> None:
    from scanner.sources.live.errors import ReadOnlyViolation
    from scanner.sources.live.session import ClientSettings, base_session, make_client

    s3 = make_client(base_session(None), "s3", "eu-west-1", ClientSettings())
    sent = _count_sends(s3)
    with pytest.raises(ReadOnlyViolation, match="s3:PutObject"):
        s3.put_object(Bucket="anything", Key="k", Body=b"x")
    with pytest.raises(ReadOnlyViolation, match="s3:CreateBucket"):
        s3._client.create_bucket(Bucket="never-created")
    assert sent == []
    assert "never-created" not in [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]
    assert s3.list_buckets()["Buckets"] == []  # reads pass


def test_every_operation_named_in_a_collector_module_is_declared_there() -> None:
    """Static: a call on a path no scenario reaches is still declared (or the module names no operation)."""
    import ast
    import importlib
    import inspect

    import botocore.session

    from scanner.sources.live.registry import all_collectors

    core = botocore.session.get_session()
    by_module: dict[str, list] = {}
    for collector in all_collectors():
        by_module.setdefault(type(collector).__module__, []).append(collector)
    for module_name, collectors in by_module.items():
        declared_here = {(a.service, a.operation) for c in collectors for a in c.CALLS}
        services = {s for s, _ in declared_here} | {c.service for c in collectors}
        operations = {s: set(core.get_service_model(s).operation_names) for s in services}
        tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named = [s for s, names in operations.items() if node.value in names]
                if named:
                    assert any((s, node.value) in declared_here for s in named), (module_name, node.value)


def test_a_collector_cannot_call_what_it_did_not_declare(aws: str) -> None:
    from scanner.sources.live.base import Scan
    from scanner.sources.live.logs import Logs
    from scanner.sources.live.session import ClientSettings, open_accounts

    account = open_accounts(None, [], None, "eu-west-1", ClientSettings())[0]
    scan = Scan(account, "eu-west-1", Logs())
    with pytest.raises(RuntimeError, match="without declaring"):
        scan.call("DescribeMetricFilters")


def test_a_full_scan_calls_only_declared_operations(scenario_scan) -> None:
    """Every operation any client sent during the scan of the whole scenario (conftest.scenario_scan)."""
    code, out, err = scenario_scan.code, scenario_scan.out, scenario_scan.err
    assert code in (0, 1, 3), err
    # Every resource type a collector yields has its stand-in (what a crash or the deadline leaves).
    produced = {w.resource_type for c in all_collectors() for w in c.PRODUCES}
    found = {f["resource_type"] for f in json.loads(out)["findings"]}
    assert len(found) > 20 and found <= produced, sorted(found - produced)
    allowed = allowed_operations()
    seen = scenario_scan.operations
    # botocore names s3control's service model "s3control"; our declarations use the client name too.
    assert seen, "nothing was called"
    assert seen <= allowed, sorted(seen - allowed)
