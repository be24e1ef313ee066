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


def test_tests_that_match_a_request_without_the_key_do_not_restrict() -> None:
    # An anonymous request carries no aws:PrincipalOrgID: IfExists and ForAllValues let it in.
    assert condition_restricts({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}}) is False
    assert condition_restricts({"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-1"}}) is False
    assert condition_restricts({"ForAnyValue:StringEquals": {"aws:PrincipalOrgPaths": "o-1/*"}}) is True
    assert condition_restricts({"StringEquals": Unknown("later")}) is None


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


def test_own_references_are_read_by_their_shape() -> None:
    # [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"], evaluated before apply
    arns = ["arn:aws:s3:::b", "arn:aws:s3:::b/example-object"]
    bucket = Unknown("after apply", "aws_s3_bucket.b")
    objects = Unknown("after apply", "aws_s3_bucket.b", "${}/*")
    logs_only = Unknown("after apply", "aws_s3_bucket.b", "${}/logs/*")
    other = Unknown("after apply", "aws_s3_bucket.other")

    def verdict(*resources):
        doc = {"Statement": [{**DENY_HTTP, "Resource": list(resources)}]}
        return denies_insecure_transport(doc, arns, "aws_s3_bucket.b", "s3")[0]

    assert verdict(bucket, objects) is True
    assert verdict(bucket, bucket) is False  # the bucket twice: its objects are not covered
    assert verdict(objects) is False  # the objects only: bucket-level requests are not covered
    assert verdict(bucket, logs_only) is False  # a prefix covers some objects only
    assert verdict(bucket, objects, other) is True
    assert verdict(other) is None  # another resource's ARN, unknown before apply


def test_an_unknown_statement_could_be_the_deny() -> None:
    arns = ["arn:aws:s3:::b", "arn:aws:s3:::b/example-object"]
    for doc in (
        {"Statement": [Unknown("from a variable")]},
        {"Statement": [{**DENY_HTTP, "Effect": Unknown("from a variable"), "Resource": "*"}]},
    ):
        ok, why = denies_insecure_transport(doc, arns, "aws_s3_bucket.b", "s3")
        assert (ok, why) == (None, "a statement of the policy is unknown: from a variable")


def test_admin_grants() -> None:
    star = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    assert admin_statements({"Statement": [star]}) == (["statement 0"], None)
    not_action = {"Sid": "All", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    assert admin_statements({"Statement": [not_action]}) == (["All"], None)
    s3_only = {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    assert admin_statements({"Statement": [s3_only]}) == ([], None)


def test_a_conditional_grant_is_not_admin_even_with_unknown_parts() -> None:
    # The Condition already excludes the statement, so its unknown Resource cannot matter.
    stmt = {
        "Effect": "Allow",
        "Action": "*",
        "Resource": Unknown("after apply"),
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    }
    assert admin_statements({"Statement": [stmt]}) == ([], None)


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


def _bucket_with_block(address: str, block: dict[str, bool]):
    from scanner.state import Kind, Resource, Source, Value

    src = Source(arn=address) if address.startswith("arn:") else Source(file="s3.tf", line=1)
    bucket = Resource(
        Kind.OBJECT_STORE, address, "aws_s3_bucket", src, Value("eu-west-1", src), identity=Value("b")
    )
    bucket.set("public_acl", True)
    bucket.set(
        "policy", {"Statement": [{"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "s3:*"}]}
    )
    bucket.set("public_access_block", block)
    bucket.set("account_public_access_block", None)
    return bucket


def test_block_flags_do_not_neutralise_a_grant_in_place() -> None:
    from scanner.engine.predicates import registry
    from scanner.promises import Control, Promise

    check = registry()["s3_bucket_not_public"]
    promise = Promise("t", Control.ACCESS_RESTRICTION)
    only_block = {
        "block_public_acls": True,
        "ignore_public_acls": False,
        "block_public_policy": True,
        "restrict_public_buckets": False,
    }
    # In the cloud the ACL and policy are there, and AWS leaves existing grants in effect.
    live = check(_bucket_with_block("arn:aws:s3:::b", only_block), promise, {})
    assert live.status.value == "fail"
    assert live.reasons == [
        "the ACL grants public access and no public access block neutralises it; "
        "the bucket policy allows everyone (Open)"
    ]
    # In code a public grant fails (issue 12 item 11), and the message says both outcomes: the
    # block makes the apply fail on a bucket without the grant, and leaves one set before it public.
    code = check(_bucket_with_block("aws_s3_bucket.b", only_block), promise, {})
    assert code.status.value == "fail"
    assert code.reasons == [
        "the ACL grants public access; bucket block_public_acls makes the apply fail on a bucket without "
        "this grant, but leaves one set before it public (set ignore_public_acls = true); the bucket "
        "policy allows everyone (Open); bucket block_public_policy makes the apply fail on a bucket "
        "without this grant, but leaves one set before it public (set restrict_public_buckets = true)"
    ]
    ignore = {**only_block, "ignore_public_acls": True, "restrict_public_buckets": True}
    assert check(_bucket_with_block("arn:aws:s3:::b", ignore), promise, {}).status.value == "pass"
