"""Comparing values: what AWS rewrites is not drift; unknown is never drift."""

from __future__ import annotations

import json

from scanner.drift.values import (
    CANNOT,
    CHANGED,
    SAME,
    canonical_policy,
    compare,
    declared_types,
    kms_key_form,
)
from scanner.state import Kind, Value


def cmp(attr: str, a, b, kind: Kind = Kind.OBJECT_STORE) -> str:
    return compare(kind, attr, Value(a), Value(b), "code", "cloud").outcome


def test_policy_in_aws_form_equals_policy_as_written() -> None:
    written = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": ["s3:*"], "Resource": ["b", "a"],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": "s3:GetObject", "Resource": "a"},
        ],
    }  # fmt: skip
    returned = {
        "Statement": [
            {"Resource": "a", "Action": "s3:GetObject", "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::111122223333:root"}},
            {"Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Resource": ["a", "b"], "Effect": "Deny",
             "Principal": "*", "Action": "s3:*"},
        ],
        "Version": "2012-10-17",
    }  # fmt: skip
    assert canonical_policy(written) == canonical_policy(returned)
    assert cmp("policy", written, returned) == SAME


def test_a_policy_opened_to_everyone_is_changed() -> None:
    closed = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*"}]}
    opened = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*"}]}
    assert cmp("policy", closed, opened) == CHANGED
    assert cmp("policy", None, opened) == CHANGED


def test_lists_compare_without_order_and_none_is_empty() -> None:
    rules = [{"id": "a", "expiration_days": 30}, {"id": "b", "expiration_days": 7}]
    assert cmp("lifecycle_rules", rules, list(reversed(rules))) == SAME
    assert cmp("replication_destinations", None, []) == SAME
    assert cmp("lifecycle_rules", rules, rules[:1]) == CHANGED


def test_absent_and_null_keys_are_the_same() -> None:
    assert cmp("lifecycle_rules", [{"id": "a", "prefix": None}], [{"id": "a"}]) == SAME


def test_numbers_and_protocol_case() -> None:
    assert cmp("retention_days", 30, 30.0, Kind.LOG_STORE) == SAME
    assert cmp("retention_days", 30, None, Kind.LOG_STORE) == CHANGED
    assert cmp("protocol", "https", "HTTPS", Kind.ENDPOINT) == SAME


def test_unknown_on_either_side_cannot_be_compared_and_says_why() -> None:
    result = compare(
        Kind.LOG_STORE, "retention_days", Value.unknown("var.days has no value"), Value(30), "code", "cloud"
    )
    assert (result.outcome, result.reason) == (CANNOT, "the code value is unknown: var.days has no value")
    nested = Value({"block_public_acls": Value.unknown("x").raw})
    result = compare(Kind.OBJECT_STORE, "public_access_block", Value(None), nested, "code", "cloud")
    assert result.outcome == CANNOT and result.reason.startswith("the cloud value is unknown")


def test_kms_keys_compare_by_form() -> None:
    arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab"
    assert kms_key_form(arn) == ("key", "1234abcd-12ab")
    assert kms_key_form("alias/data") == ("alias", "data")
    assert cmp("kms_key_id", arn, "1234abcd-12ab") == SAME
    assert cmp("kms_key_id", arn, "ffff") == CHANGED
    assert cmp("kms_key_id", "alias/data", "arn:aws:kms:eu-west-1:111122223333:alias/data") == SAME
    assert cmp("kms_key_id", "alias/data", arn) == CANNOT
    assert cmp("kms_key_id", "alias/data", None) == CHANGED


def test_the_default_kms_key_policy_is_what_no_policy_in_code_means() -> None:
    default = {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                       "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}],
    }  # fmt: skip
    code = Value(None, default=True)
    same = compare(Kind.KEY, "policy", code, Value(default), "code", "cloud", "aws_kms_key")
    assert same.outcome == SAME
    opened = {
        **default,
        "Statement": [*default["Statement"], {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt"}],
    }
    assert compare(Kind.KEY, "policy", code, Value(opened), "code", "cloud", "aws_kms_key").outcome == CHANGED
    # ``policy = null`` is the same as leaving it out (Terraform passes no policy either way).
    assert (
        compare(Kind.KEY, "policy", Value(None), Value(default), "code", "cloud", "aws_kms_key").outcome
        == SAME
    )
    # An empty policy written out is not "nothing": compared as it is.
    assert (
        compare(Kind.KEY, "policy", Value({}), Value(default), "code", "cloud", "aws_kms_key").outcome
        == CHANGED
    )


def test_aws_defaults_where_the_code_says_nothing_are_no_drift() -> None:
    topic_arn = "arn:aws:sns:eu-west-1:123456789012:shop-alerts"
    actions = [
        "SNS:GetTopicAttributes",
        "SNS:SetTopicAttributes",
        "SNS:AddPermission",
        "SNS:RemovePermission",
        "SNS:DeleteTopic",
        "SNS:Subscribe",
        "SNS:ListSubscriptionsByTopic",
        "SNS:Publish",
    ]
    sns_default = {
        "Version": "2008-10-17", "Id": "__default_policy_ID",
        "Statement": [{"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
                       "Action": actions, "Resource": topic_arn,
                       "Condition": {"StringEquals": {"AWS:SourceOwner": "123456789012"}}}],
    }  # fmt: skip
    same = compare(
        Kind.MESSAGING, "policy", Value(None), Value(sns_default), "code", "cloud", "aws_sns_topic"
    )
    assert same.outcome == SAME
    # Opened to everyone: the owner condition is gone.
    opened = json.loads(json.dumps(sns_default))
    del opened["Statement"][0]["Condition"]
    assert (
        compare(
            Kind.MESSAGING, "policy", Value(None), Value(opened), "code", "cloud", "aws_sns_topic"
        ).outcome
        == CHANGED
    )
    # An action outside the default set is a grant someone made.
    wider = json.loads(json.dumps(sns_default))
    wider["Statement"][0]["Action"] = [*actions, "SNS:*"]
    assert (
        compare(Kind.MESSAGING, "policy", Value(None), Value(wider), "code", "cloud", "aws_sns_topic").outcome
        == CHANGED
    )
    all_out = [
        {
            "protocol": "-1",
            "from_port": 0,
            "to_port": 0,
            "cidr_blocks": ["0.0.0.0/0"],
            "source": "arn#egress[0]",
        }
    ]
    no_egress = Value([], default=True)
    assert (
        compare(
            Kind.FIREWALL, "egress", no_egress, Value(all_out), "code", "cloud", "aws_security_group"
        ).outcome
        == SAME
    )
    # Written as "no egress" in code, the default rule in the cloud is a difference.
    assert (
        compare(
            Kind.FIREWALL, "egress", Value([]), Value(all_out), "code", "cloud", "aws_security_group"
        ).outcome
        == CHANGED
    )
    ssh = [{**all_out[0], "protocol": "tcp", "from_port": 22, "to_port": 22}]
    assert (
        compare(Kind.FIREWALL, "egress", no_egress, Value(ssh), "code", "cloud", "aws_security_group").outcome
        == CHANGED
    )


def test_rule_provenance_is_never_compared() -> None:
    rule = {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}
    code = Value([{**rule, "source": "network.tf:26"}])
    cloud = Value([{**rule, "source": "arn:aws:ec2:eu-west-1:1:security-group/sg-1#ingress[0]"}])
    assert (
        compare(Kind.FIREWALL, "ingress", code, cloud, "code", "cloud", "aws_security_group").outcome == SAME
    )
    wider = Value([{**rule, "from_port": 0, "to_port": 65535, "source": "x"}])
    assert (
        compare(Kind.FIREWALL, "ingress", code, wider, "code", "cloud", "aws_security_group").outcome
        == CHANGED
    )


def test_declared_types_come_from_the_contract() -> None:
    assert declared_types(Kind.OBJECT_STORE, "policy") == {"dict", "None"}
    assert declared_types(Kind.FIREWALL, "ingress") == {"list"}
    assert declared_types(Kind.DATABASE, "encrypted") == {"bool"}
    assert declared_types(Kind.DATABASE, "no_such_attribute") == set()
