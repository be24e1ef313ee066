"""Code vs cloud on states built by hand from the scenario: each kind of drift, and what it touches."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.drift.compare import is_placeholder
from scanner.drift.run import code_vs_cloud
from scanner.drift.tfstate import load_tfstate
from scanner.promises import PromiseSet
from scanner.state import Kind, Resource, Source, State, Unknown, Value
from tests.drift.conftest import ACCOUNT, as_cloud, code_state

PUBLIC_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::acme-exports/*",
        }
    ],
}


def rows(report) -> list[tuple]:
    out = []
    for item in report.items:
        if item.changes:
            out.extend(
                (
                    item.status,
                    item.resource_type,
                    item.identity,
                    c.attribute,
                    c.before,
                    c.after,
                    tuple(c.promises),
                )
                for c in item.changes
            )
        else:
            out.append((item.status, item.resource_type, item.identity, tuple(item.promises)))
    return out


def test_no_drift_when_the_cloud_is_the_code(promise_set: PromiseSet) -> None:
    code = code_state()
    report = code_vs_cloud(code, as_cloud(code), promise_set)
    assert rows(report) == [
        ("unmatched", "aws_s3_bucket", None, ()),  # bucket_prefix: the name is not in the code
    ]
    assert report.exit_code() == 0


def drifted(res: Resource) -> Resource | None:
    name = res.identity.raw
    if name == "acme-exports":  # made public by hand
        res.attrs["public_access_block"] = Value(None, res.source)
        res.attrs["policy"] = Value(PUBLIC_POLICY, res.source)
    if name == "acme-customer-data":  # encryption dropped back to SSE-S3
        res.attrs["customer_managed_key"] = Value(False, res.source)
        res.attrs["kms_key_id"] = Value(None, res.source)
    if name == "/acme/app":  # retention raised by hand
        res.attrs["retention_days"] = Value(365, res.source)
    if name == "acme-customers":  # database deleted
        return None
    return res


def hand_made_bucket() -> Resource:
    src = Source(arn="arn:aws:s3:::acme-manual-upload", region="eu-west-1")
    res = Resource(Kind.OBJECT_STORE, src.arn, "aws_s3_bucket", src, Value("eu-west-1", src),
                   identity=Value("acme-manual-upload", src), account=ACCOUNT)  # fmt: skip
    for attr, raw in {"encrypted": True, "customer_managed_key": False, "kms_key_id": None, "policy": None,
                      "public_acl": False, "public_access_block": None, "account_public_access_block": None,
                      "versioning": False, "lifecycle_rules": [], "replication_destinations": [],
                      "access_logging": False, "name": "acme-manual-upload"}.items():  # fmt: skip
        res.set(attr, raw)
    return res


def test_each_kind_of_drift_is_named_with_its_promise(promise_set: PromiseSet) -> None:
    code = code_state()
    cloud = as_cloud(code, drifted)
    cloud.resources.append(hand_made_bucket())
    report = code_vs_cloud(code, cloud, promise_set)
    assert rows(report) == [
        ("changed", "aws_cloudwatch_log_group", "/acme/app", "retention_days", 30, 365, ("logs-90",)),
        ("changed", "aws_s3_bucket", "acme-customer-data", "customer_managed_key", True, False, ("at-rest",)),
        ("changed", "aws_s3_bucket", "acme-customer-data", "kms_key_id", "alias/acme-data", None, ()),
        ("changed", "aws_s3_bucket", "acme-exports", "policy", None, PUBLIC_POLICY, ("need-to-know", "tls")),
        ("changed", "aws_s3_bucket", "acme-exports", "public_access_block",
         {"block_public_acls": True, "block_public_policy": True, "ignore_public_acls": True,
          "restrict_public_buckets": True}, None, ("need-to-know",)),
        ("unmanaged", "aws_s3_bucket", "acme-manual-upload", ("at-rest", "data-35", "eea", "need-to-know", "tls")),
        ("missing", "aws_db_instance", "acme-customers", ("at-rest", "data-35", "eea", "need-to-know", "tls")),
        ("unmatched", "aws_s3_bucket", None, ()),
    ]  # fmt: skip
    by_attr = {c.attribute: c for i in report.items for c in i.changes}
    [retention] = by_attr["retention_days"].effects
    assert (retention.check_id, retention.promise_id, retention.before, retention.after) == (
        "aws-logs-retention", "logs-90", "pass", "fail")  # fmt: skip
    assert [(e.check_id, e.before, e.after) for e in by_attr["public_access_block"].effects] == [
        ("aws-s3-not-public", "pass", "fail")
    ]
    assert by_attr["customer_managed_key"].where.startswith("fixtures/drift/app/main.tf:")
    unmanaged = next(i for i in report.items if i.status == "unmanaged")
    assert unmanaged.after_address == "arn:aws:s3:::acme-manual-upload" and unmanaged.file is None
    assert report.exit_code() == 1


def test_a_change_no_promised_check_reads_does_not_fail(promise_set: PromiseSet) -> None:
    # Access logging is read by activity-logging and logging-minimisation checks, neither promised here.
    def logging_turned_on(res: Resource) -> Resource:
        if res.identity.raw == "acme-exports":
            res.attrs["access_logging"] = Value(True, res.source)
        return res

    code = code_state()
    report = code_vs_cloud(code, as_cloud(code, logging_turned_on), promise_set)
    [item] = [i for i in report.items if i.status == "changed"]
    assert [(c.attribute, c.controls, c.promises) for c in item.changes] == [("access_logging", [], [])]
    assert report.exit_code() == 0


def test_no_key_in_code_is_the_service_default_key(promise_set: PromiseSet) -> None:
    aws_managed = "arn:aws:kms:eu-west-1:123456789012:key/aws-rds-default"

    def key(managed: object):
        def edit(res: Resource) -> Resource:
            if res.identity.raw == "/acme/audit":
                res.attrs["kms_key_id"] = Value(aws_managed, res.source)
                res.attrs["customer_managed_key"] = Value(managed, res.source)
            return res

        return edit

    code = code_state()
    assert [i.status for i in code_vs_cloud(code, as_cloud(code, key(False)), promise_set).items] == [
        "unmatched"
    ]
    unknown = code_vs_cloud(code, as_cloud(code, key(Unknown("KMS was not scanned"))), promise_set)
    assert [i.status for i in unknown.items] == ["unmatched"]
    assert [n.reason for n in unknown.not_compared if n.attribute == "kms_key_id"] == [
        "cannot compare: the code names no key (the service's default); whether the cloud's "
        f"{aws_managed} is that default is unknown: KMS was not scanned"
    ]
    changed = code_vs_cloud(code, as_cloud(code, key(True)), promise_set)
    [item] = [i for i in changed.items if i.status == "changed"]
    assert [(c.attribute, c.promises) for c in item.changes] == [
        ("customer_managed_key", ["at-rest"]),
        ("kms_key_id", []),
    ]


def test_unknown_in_code_is_not_drift_but_said_in_verbose(promise_set: PromiseSet) -> None:
    code = code_state()
    cloud = as_cloud(code, drifted)
    for res in code.resources:
        if res.identity is not None and res.identity.raw == "/acme/app":
            res.attrs["retention_days"] = Value.unknown("var.log_days has no value", res.source)
    report = code_vs_cloud(code, cloud, promise_set)
    assert ("/acme/app", "retention_days") not in {
        (i.identity, c.attribute) for i in report.items for c in i.changes
    }
    assert any(
        n.resource == "aws_cloudwatch_log_group /acme/app"
        and n.attribute == "retention_days"
        and n.reason == "cannot compare: the code value is unknown: var.log_days has no value"
        for n in report.not_compared
    )


def test_region_of_a_global_bucket_is_compared(promise_set: PromiseSet) -> None:
    def moved(res: Resource) -> Resource:
        if res.identity.raw == "acme-exports":
            res.region = Value("us-east-1", res.source)
        return res

    code = code_state()
    report = code_vs_cloud(code, as_cloud(code, moved), promise_set)
    [item] = [i for i in report.items if i.status == "changed"]
    [change] = item.changes
    assert (item.identity, item.region, change.attribute, change.before, change.after, change.promises) == (
        "acme-exports", "us-east-1", "region", "eu-west-1", "us-east-1", ["eea"])  # fmt: skip


def test_tfstate_matches_what_the_code_cannot_name(promise_set: PromiseSet, tmp_path: Path) -> None:
    code = code_state()
    cloud = as_cloud(code)
    scratch = hand_made_bucket()
    scratch.address = "arn:aws:s3:::acme-scratch-20240101"
    scratch.identity = Value("acme-scratch-20240101", scratch.source)
    cloud.resources.append(scratch)
    without = code_vs_cloud(code, cloud, promise_set)
    assert [(i.status, i.identity, i.reason) for i in without.items] == [
        ("unmatched", None, "identity unknown: its name is unknown: the name is generated from bucket_prefix 'acme-scratch-'"),
        ("unmatched", "acme-scratch-20240101",
         "may be aws_s3_bucket.scratch, whose name the code does not give (use --tfstate)"),
    ]  # fmt: skip
    assert without.exit_code() == 0
    tfstate = tmp_path / "terraform.tfstate"
    tfstate.write_text(json.dumps({"version": 4, "resources": [
        {"mode": "managed", "type": "aws_s3_bucket", "name": "scratch", "instances": [
            {"attributes": {"id": "acme-scratch-20240101", "arn": "arn:aws:s3:::acme-scratch-20240101",
                            "bucket": "acme-scratch-20240101"}}]}]}))  # fmt: skip
    report = code_vs_cloud(code, cloud, promise_set, tfstate=load_tfstate(tfstate))
    # Matched by ARN now; the hand-made twin has no PAB resource while the code's default blocks all.
    [item] = report.items
    assert (item.status, item.identity, item.before_address) == (
        "changed",
        "acme-scratch-20240101",
        "aws_s3_bucket.scratch",
    )
    assert [c.attribute for c in item.changes] == ["public_access_block"]


def test_a_failed_listing_makes_missing_unmatched(promise_set: PromiseSet) -> None:
    code = code_state()
    cloud = as_cloud(code, lambda r: None if r.resource_type == "aws_db_instance" else r)
    src = Source(arn="arn:aws:rds:eu-west-1:123456789012:db:*", region="eu-west-1")
    placeholder = Resource(
        Kind.DATABASE, src.arn, "aws_db_instance", src, Value("eu-west-1", src), account=ACCOUNT
    )
    reason = "rds:DescribeDBInstances denied (AccessDenied): grant rds:DescribeDBInstances"
    placeholder.attrs = {"encrypted": Value(Unknown(reason), src)}
    assert is_placeholder(placeholder)
    cloud.resources.append(placeholder)
    report = code_vs_cloud(code, cloud, promise_set)
    db = next(i for i in report.items if i.resource_type == "aws_db_instance")
    assert (db.status, db.reason) == ("unmatched", f"cannot tell whether it exists: {reason}")


def test_ambiguous_names_across_accounts_are_unmatched(promise_set: PromiseSet) -> None:
    code = code_state()
    cloud = as_cloud(code)
    twin = State.from_dict(json.loads(json.dumps(as_cloud(code).to_dict())))
    for res in twin.resources:
        res.account = "999999999999"
    cloud.resources.extend(r for r in twin.resources if r.resource_type == "aws_cloudwatch_log_group")
    report = code_vs_cloud(code, cloud, promise_set)
    reasons = {i.identity: i.reason for i in report.items if i.resource_type == "aws_cloudwatch_log_group"}
    assert reasons == {
        "/acme/app": "ambiguous: 2 cloud resources are named /acme/app (123456789012/eu-west-1, 999999999999/eu-west-1)",
        "/acme/audit": "ambiguous: 2 cloud resources are named /acme/audit (123456789012/eu-west-1, 999999999999/eu-west-1)",
    }


def test_ignore_patterns(promise_set: PromiseSet) -> None:
    code = code_state()
    cloud = as_cloud(code, drifted)
    cloud.resources.append(hand_made_bucket())
    report = code_vs_cloud(
        code, cloud, promise_set, ignore=["aws_s3_bucket.acme-manual-*", "aws_db_instance.*"]
    )
    assert {i.identity for i in report.items} == {"/acme/app", "acme-customer-data", "acme-exports", None}


def test_code_in_a_region_the_scan_did_not_cover_is_not_missing(promise_set: PromiseSet) -> None:
    code = code_state()
    cloud = as_cloud(code, lambda r: None if r.resource_type == "aws_cloudwatch_log_group" else r)
    report = code_vs_cloud(code, cloud, promise_set, scanned_regions={"us-east-1"})
    reasons = {(i.status, i.identity, i.reason) for i in report.items if i.resource_type != "aws_s3_bucket"}
    # Buckets are global and matched anyway; the regional resources were not looked for.
    assert reasons == {
        ("unmatched", "/acme/app", "its region eu-west-1 is not in the cloud scan (us-east-1)"),
        ("unmatched", "/acme/audit", "its region eu-west-1 is not in the cloud scan (us-east-1)"),
        ("unmatched", "acme-customers", "its region eu-west-1 is not in the cloud scan (us-east-1)"),
        ("unmatched", "acme-data", "its region eu-west-1 is not in the cloud scan (us-east-1)"),
    }
    assert report.exit_code() == 0


def listener(identity, policy: str, tls: str, source: Source) -> Resource:
    res = Resource(Kind.ENDPOINT, source.arn or "aws_lb_listener.https", "aws_lb_listener", source,
                   Value("eu-west-1", source), subkind="listener",
                   identity=Value(identity, source) if identity is not None else None)  # fmt: skip
    for attr, raw in {"protocol": "HTTPS", "redirects_to_https": False, "tls_policy": policy,
                      "min_tls_version": tls, "plaintext_allowed": False, "access_logging": True,
                      "internet_facing": True}.items():  # fmt: skip
        res.set(attr, raw)
    return res


def test_a_lowered_tls_policy_on_a_listener_matched_by_load_balancer_and_port(
    promise_set: PromiseSet,
) -> None:
    code_src = Source(file="lb.tf", line=10)
    cloud_src = Source(arn="arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/abc/def",
                       region="eu-west-1")  # fmt: skip
    code = State([listener("web:443", "ELBSecurityPolicy-TLS13-1-2-2021-06", "1.2", code_src)])
    cloud = State(
        [listener({"load_balancer": "web", "port": 443}, "ELBSecurityPolicy-2016-08", "1.0", cloud_src)]
    )
    report = code_vs_cloud(code, cloud, promise_set)
    [item] = report.items
    assert (item.status, item.identity, item.before_address, item.after_address) == (
        "changed", "web:443", "aws_lb_listener.https", cloud_src.arn)  # fmt: skip
    changes = {c.attribute: (c.before, c.after, c.promises) for c in item.changes}
    assert changes["min_tls_version"] == ("1.2", "1.0", ["tls"])
    assert changes["tls_policy"][2] == ["tls"]
    assert report.exit_code() == 1
    # Without a name on either side (today's sources), listeners wait for --tfstate.
    code.resources[0].identity = None
    cloud.resources[0].identity = None
    statuses = [(i.status, i.reason) for i in code_vs_cloud(code, cloud, promise_set).items]
    assert statuses == [
        ("unmatched", "may be aws_lb_listener.https, whose name the code does not give (use --tfstate)"),
        ("unmatched", "identity unknown: the source gives no load balancer name and port for it"),
    ]


def test_regions_of_a_saved_state_do_not_count_global_buckets() -> None:
    from scanner.drift.run import regions_in

    def moved(res: Resource) -> Resource | None:
        if res.resource_type == "aws_s3_bucket":
            res.region = Value("us-east-1", res.source)
        return res

    assert regions_in(as_cloud(code_state(), moved)) == {"eu-west-1"}


def test_a_failed_global_bucket_listing_makes_every_bucket_unmatched(promise_set: PromiseSet) -> None:
    code = code_state()
    cloud = as_cloud(code, lambda r: None if r.resource_type == "aws_s3_bucket" else r)
    src = Source(arn="arn:aws:s3:::*", region="us-east-1")  # listed from the home region
    placeholder = Resource(
        Kind.OBJECT_STORE, src.arn, "aws_s3_bucket", src, Value("us-east-1", src), account=ACCOUNT
    )
    placeholder.attrs = {"policy": Value(Unknown("s3:ListAllMyBuckets denied (AccessDenied)"), src)}
    cloud.resources.append(placeholder)
    report = code_vs_cloud(code, cloud, promise_set)
    assert sorted((i.status, i.identity or "", i.reason) for i in report.items) == [
        ("unmatched", "", "identity unknown: its name is unknown: the name is generated from bucket_prefix 'acme-scratch-'"),
        ("unmatched", "acme-customer-data", "cannot tell whether it exists: s3:ListAllMyBuckets denied (AccessDenied)"),
        ("unmatched", "acme-exports", "cannot tell whether it exists: s3:ListAllMyBuckets denied (AccessDenied)"),
    ]  # fmt: skip
    assert report.exit_code() == 0


def test_iam_policies_in_code_match_those_a_scan_reads_from_the_global_endpoint(
    promise_set: PromiseSet,
) -> None:
    """IAM is global: a live scan gives its policies us-east-1, code gives them the provider's region."""
    from scanner.sources.live.iam import INLINE_TYPES

    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    types = [*INLINE_TYPES.values(), "aws_iam_policy"]

    def policy(rtype: str, region: str, address: str) -> Resource:
        res = Resource(
            kind=Kind.POLICY,
            subkind="identity",
            address=address,
            resource_type=rtype,
            source=Source(file="iam.tf", line=1)
            if region == "eu-west-1"
            else Source(arn=address, region=region),
            region=Value(region),
            identity=Value("app-read"),
            account=None if region == "eu-west-1" else ACCOUNT,
        )
        res.set("document", document)
        res.set("attached_to", ["role/app"])
        return res

    code = State(resources=[policy(t, "eu-west-1", f"{t}.app") for t in types])
    cloud = State(resources=[policy(t, "us-east-1", f"arn:aws:iam::{ACCOUNT}:{t}/app-read") for t in types])
    report = code_vs_cloud(code, cloud, promise_set, scanned_regions={"eu-west-1"})
    assert rows(report) == []
