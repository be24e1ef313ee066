"""Comparing values: what AWS rewrites is not drift; unknown is never drift."""

from __future__ import annotations

from scanner.drift.values import CANNOT, CHANGED, SAME, canonical_policy, compare, kms_key_form
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
    # Written explicitly as "no policy" is not the default: compared as it is.
    assert (
        compare(Kind.KEY, "policy", Value(None), Value(default), "code", "cloud", "aws_kms_key").outcome
        == CHANGED
    )
