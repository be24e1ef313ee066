"""AWS-managed policies beyond the grant-everything two: the table decides, an unlisted one is unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine.predicates.policy import identity_policy_not_admin
from scanner.knowledge.aws import iam_managed
from scanner.knowledge.aws.iam import admin_statements
from scanner.pipeline import load_iac_state
from scanner.promises import Promise
from scanner.promises.model import Control
from scanner.state import Unknown

MACIE = "AWS-managed policy AmazonMacieFullAccess is not in privacy-scan's table of AWS-managed policies"


def arn(name: str, path: str = "") -> str:
    return f"arn:aws:iam::aws:policy/{path}{name}"


@pytest.mark.parametrize(
    ("name", "every_action"),
    [
        ("AdministratorAccess", True),
        ("PowerUserAccess", True),  # NotAction: every action but a few services
        ("ReadOnlyAccess", False),
        ("AmazonS3FullAccess", False),  # full access to one service is not every action
        ("AmazonDynamoDBReadOnlyAccess", False),
        ("AWSLambdaBasicExecutionRole", False),
        ("AmazonSSMManagedInstanceCore", False),
    ],
)
def test_listed_policies_are_judged_by_what_they_grant(name, every_action) -> None:
    found, unknown = admin_statements(iam_managed.document(arn(name)))
    assert (bool(found), unknown) == (every_action, None)


@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("AmazonS3FullAccess", "s3:*"),
        ("ReadOnlyAccess", "*:Get*"),  # reads of every service's data
        ("ViewOnlyAccess", "*:List*"),
        ("AWSLambdaBasicExecutionRole", "logs:PutLogEvents"),
    ],
)
def test_listed_policies_name_the_data_they_reach(name, action) -> None:
    statement = iam_managed.document(arn(name, "service-role/"))["Statement"][0]
    assert statement["Resource"] == "*"
    assert action in statement["Action"]


def test_every_listed_policy_says_what_it_means() -> None:
    assert all(len(p.meaning) > 10 and (p.actions or p.not_actions) for p in iam_managed.POLICIES.values())


def test_unlisted_policy_is_unknown_naming_it() -> None:
    got = iam_managed.document_or_unknown(arn("AmazonMacieFullAccess"))
    assert isinstance(got, Unknown) and got.reason == MACIE
    assert iam_managed.document(arn("AmazonMacieFullAccess")) is None


def test_a_name_alone_is_taken_as_aws_only_for_the_grant_everything_two() -> None:
    assert iam_managed.document_by_name("AdministratorAccess") is not None
    assert iam_managed.document_by_name("AmazonS3FullAccess") is None  # may be a customer's policy


CONFIG = """
provider "aws" { region = "eu-west-1" }
resource "aws_iam_role" "listed" {
  name                = "listed"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]
}
resource "aws_iam_role" "unlisted" {
  name                = "unlisted"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn:aws:iam::aws:policy/AmazonMacieFullAccess"]
}
data "aws_iam_policy" "macie" {
  arn = "arn:aws:iam::aws:policy/AmazonMacieFullAccess"
}
resource "aws_iam_policy" "copy" {
  name   = "copy"
  policy = data.aws_iam_policy.macie.policy
}
"""


def test_roles_and_data_sources_naming_aws_managed_policies(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(CONFIG)
    state = {r.address: r for r in load_iac_state([tmp_path], use_cache=False).resources}
    promise = Promise("access", Control.ACCESS_RESTRICTION, {})
    verdicts = {
        address: identity_policy_not_admin(state[address], promise, {})
        for address in ("aws_iam_role.listed", "aws_iam_role.unlisted", "aws_iam_policy.copy")
    }
    assert {a: o.status.value for a, o in verdicts.items()} == {
        "aws_iam_role.listed": "pass",
        "aws_iam_role.unlisted": "unknown",
        "aws_iam_policy.copy": "unknown",
    }
    assert verdicts["aws_iam_role.unlisted"].reasons == [f"document has unknown parts: {MACIE}"]
    assert verdicts["aws_iam_policy.copy"].reasons == [f"document is unknown: {MACIE}"]


def test_allow_statements_are_read_once_for_every_analysis() -> None:
    from scanner.knowledge.aws.iam import allow_statements

    later = Unknown("effect from a variable")
    doc = {
        "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*"},
            {"Effect": later, "Action": "*", "Resource": "*"},
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            "not a statement",
        ]
    }
    allowed, unknown = allow_statements(doc)
    assert [label for label, _ in allowed] == ["Read", "statement 3"]
    assert unknown is later
    assert allow_statements(Unknown("policy from a data source"))[1].reason == "policy from a data source"
