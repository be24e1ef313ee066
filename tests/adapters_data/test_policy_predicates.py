"""Policy analysis shared by every service: public statements, principals, TLS denies, admin grants."""

from __future__ import annotations

from scanner.engine.predicates.policy import (
    admin_statements,
    condition_restricts,
    denies_insecure_transport,
    principal_matches,
    public_statements,
)
from scanner.state import Unknown

DENY_HTTP = {
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}


def test_public_statement_needs_a_restricting_condition() -> None:
    open_doc = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject"}]}
    assert public_statements(open_doc)[0] == ["statement 0"]
    org = {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}
    assert public_statements({"Statement": [{**open_doc["Statement"][0], "Condition": org}]})[0] == []


def test_negated_or_wildcard_conditions_do_not_restrict() -> None:
    assert condition_restricts({"StringNotEquals": {"aws:SourceAccount": "1"}}) is False
    assert condition_restricts({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}) is False
    assert condition_restricts({"StringEquals": {"aws:SourceVpce": Unknown("later")}}) is None


def test_unknown_principal_is_unknown_not_public() -> None:
    found, unknown = public_statements(
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": Unknown("var")}}]}
    )
    assert found == [] and unknown is not None


def test_principal_patterns_match_account_root() -> None:
    assert principal_matches("111122223333", ["arn:aws:iam::111122223333:root"])
    assert principal_matches("arn:aws:iam::111122223333:role/app-x", ["arn:aws:iam::111122223333:role/app-*"])
    assert not principal_matches("444455556666", ["arn:aws:iam::111122223333:*"])


def test_deny_must_cover_bucket_and_objects() -> None:
    arns = ["arn:aws:s3:::b", "arn:aws:s3:::b/example-object"]
    both = {"Statement": [{**DENY_HTTP, "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}]}
    assert denies_insecure_transport(both, arns, "aws_s3_bucket.b", "s3")[0] is True
    bucket_only = {"Statement": [{**DENY_HTTP, "Resource": "arn:aws:s3:::b"}]}
    assert denies_insecure_transport(bucket_only, arns, "aws_s3_bucket.b", "s3")[0] is False


def test_own_references_count_only_as_a_pair() -> None:
    arns = ["arn:aws:s3:::b", "arn:aws:s3:::b/example-object"]
    ref = Unknown("after apply", "aws_s3_bucket.b")
    pair = {"Statement": [{**DENY_HTTP, "Resource": [ref, ref]}]}
    single = {"Statement": [{**DENY_HTTP, "Resource": [ref]}]}
    assert denies_insecure_transport(pair, arns, "aws_s3_bucket.b", "s3")[0] is True
    assert denies_insecure_transport(single, arns, "aws_s3_bucket.b", "s3")[0] is None


def test_admin_grants() -> None:
    assert admin_statements({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})[0]
    assert admin_statements({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]})[0]
    assert not admin_statements({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})[0]


def test_action_names_are_compared_case_insensitively() -> None:
    from scanner.engine.predicates.policy import denies_insecure_transport

    doc = {
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "SNS:*",
                "Resource": "arn:aws:sns:eu-west-1:111122223333:t",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ]
    }
    ok, why = denies_insecure_transport(doc, ["arn:aws:sns:eu-west-1:111122223333:t"], None, "sns")
    assert ok is True, why


def test_a_service_acting_for_a_named_source_is_not_an_unauthorised_principal() -> None:
    from scanner.engine.predicates.policy import granted_principals

    doc = {
        "Statement": [
            {
                "Sid": "FromTopic",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "sqs:SendMessage",
                "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:t"}},
            },
            {"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "sqs:ReceiveMessage"},
        ]
    }
    principals, unknown = granted_principals(doc)
    assert principals == [("Anyone", "*")] and unknown is None


def test_a_live_resource_is_matched_by_its_own_arn() -> None:
    from scanner.engine.predicates import registry
    from scanner.promises import Control, Promise
    from scanner.state import Kind, Resource, Source, Value

    arn = "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123"
    src = Source(arn=arn, region="eu-west-1")
    fs = Resource(
        Kind.FILE_SYSTEM, arn, "aws_efs_file_system", src, Value("eu-west-1", src), identity=Value("fs-0123")
    )
    fs.set(
        "policy",
        {
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": {"AWS": "*"},
                    "Action": "*",
                    "Resource": arn,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ]
        },
    )
    args = {
        "attr": "policy",
        "service": "elasticfilesystem",
        "arn_format": "efs:{name}",
        "contents_suffix": "",
    }
    out = registry()["policy_denies_insecure_transport"](fs, Promise("t", Control.TRANSPORT_ENCRYPTION), args)
    assert out.status.value == "pass", out.reasons
