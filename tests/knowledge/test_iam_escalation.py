"""IAM self-escalation read from policy documents: which ways a document grants, and when it is unknown."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.knowledge.aws import iam_managed
from scanner.knowledge.aws.iam_escalation import (
    METHODS,
    VICTIMS,
    action_matches,
    escalations,
    resource_covers_every,
    statement_grants,
)
from scanner.state import Unknown

ROLES = VICTIMS["iam:passrole"]
FUNCTIONS = VICTIMS["lambda:updatefunctioncode"]


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def ways(*stmts: dict[str, Any]) -> list[tuple[str, ...]]:
    found, unknown = escalations({"Version": "2012-10-17", "Statement": list(stmts)})
    assert unknown is None
    return [e.method.actions for e in found]


@pytest.mark.parametrize(
    ("pattern", "action", "matches"),
    [
        ("iam:*", "iam:PassRole", True),
        ("IAM:passrole", "iam:PassRole", True),  # AWS compares actions case-insensitively
        ("iam:Put*", "iam:PutRolePolicy", True),
        ("iam:Attach*Policy", "iam:AttachGroupPolicy", True),
        ("iam:Attach*Policy", "iam:AttachRolePolicyX", False),
        ("iam:CreateAccessKe?", "iam:CreateAccessKey", True),
        ("iam:CreateAccessKe?", "iam:CreateAccessKeys", False),
        ("*", "glue:CreateDevEndpoint", True),
        ("*:*", "ec2:RunInstances", True),
        ("iam:Pass", "iam:PassRole", False),
        ("iam:[P]assRole", "iam:PassRole", False),  # no character classes in IAM
        (Unknown("variable"), "iam:PassRole", False),
    ],
)
def test_actions_match_the_aws_way(pattern, action, matches) -> None:
    assert action_matches(pattern, action) is matches


@pytest.mark.parametrize(
    ("resource", "every"),
    [
        ("*", True),
        ("arn:aws:iam::111122223333:role/*", True),  # every role of the holder's own account
        ("arn:aws:iam::*:role/*", True),
        ("arn:aws:iam::111122223333:*", True),
        ("arn:*", True),
        ("arn:aws-us-gov:iam::111122223333:role/*", True),
        ("arn:aws:iam::111122223333:role/app", False),  # one named role
        ("arn:aws:iam::111122223333:role/app-*", False),  # the roles named app-…
        ("arn:aws:iam::111122223333:user/*", False),  # users are not roles
        ("arn:aws:s3:::bucket/*", False),
        (Unknown("role arn", ref="aws_iam_role.app"), False),  # one role's own ARN
        (Unknown("account", ref="data.aws_caller_identity.c", shape="arn:aws:iam::${}:role/*"), True),
        (Unknown("variable name has no value", shape="arn:aws:iam::111122223333:role/${}"), None),
        (Unknown("variable name has no value", shape="arn:aws:iam::111122223333:role/app-${}"), False),
        (Unknown("variable arn has no value"), None),
    ],
)
def test_resources_that_cover_every_role(resource, every) -> None:
    assert resource_covers_every(resource, ROLES) is every


def test_every_function_for_code_replacement() -> None:
    assert resource_covers_every("arn:aws:lambda:eu-west-1:111122223333:function:*", FUNCTIONS) is True
    assert resource_covers_every("arn:aws:lambda:eu-west-1:111122223333:function:app", FUNCTIONS) is False


@pytest.mark.parametrize(
    ("stmt", "granted", "pattern"),
    [
        (allow("iam:*"), True, "iam:*"),
        (allow(["s3:GetObject", "iam:Attach*"]), True, "iam:Attach*"),
        ({"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"}, True, "NotAction"),
        ({"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}, False, ""),
        ({"Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:iam::1:role/admin"}, True, "iam:*"),
        (allow("iam:*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}), False, ""),
        (allow("iam:*", "arn:aws:iam::111122223333:role/app"), False, ""),
        (allow(["iam:Get*", "iam:List*"]), False, ""),
        (allow([Unknown("variable a")]), None, ""),
        (allow("iam:AttachRolePolicy", Unknown("variable r")), None, "iam:AttachRolePolicy"),
        (allow("s3:*", Unknown("variable r")), False, ""),  # a literal action list decides
    ],
)
def test_one_statement(stmt, granted, pattern) -> None:
    assert statement_grants(stmt, "iam:AttachRolePolicy") == (granted, pattern)


def test_the_code_running_half_counts_on_any_resource() -> None:
    """Its Resource names what is created; only the role passed decides whose grants the code gets."""
    run = allow("ec2:RunInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/*")
    assert ways(allow("iam:PassRole"), run) == [("iam:PassRole", "ec2:RunInstances")]
    assert ways(allow("iam:PassRole", "arn:aws:iam::111122223333:role/app"), run) == []
    assert ways(run) == []


def test_a_combination_needs_every_part() -> None:
    assert ways(allow(["iam:PassRole", "lambda:CreateFunction"])) == []
    assert ways(allow("iam:PassRole"), allow("lambda:CreateFunction"), allow("lambda:InvokeFunction")) == [
        ("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction")
    ]


def test_a_deny_or_a_conditioned_allow_adds_no_part() -> None:
    deny = {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}
    mfa = allow("iam:PassRole", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})
    assert ways(deny, allow("ec2:RunInstances")) == []
    assert ways(mfa, allow("ec2:RunInstances")) == []


def test_every_single_iam_way_on_every_resource() -> None:
    singles = [m.actions for m in METHODS if len(m.actions) == 1 and m.actions[0].startswith("iam:")]
    for (action,) in singles:
        assert ways(allow(action)) == [(action,)], action


def test_an_unknown_part_is_unknown_only_when_it_could_complete_a_way() -> None:
    variable = Unknown("variable extra has no value")
    found, unknown = escalations({"Statement": [allow("iam:PassRole"), allow([variable])]})
    assert (found, unknown) == ([], variable)
    # nothing grants iam:PassRole, so an unknown code-running action changes nothing
    found, unknown = escalations({"Statement": [allow("s3:GetObject"), allow("ec2:RunInstances", variable)]})
    assert (found, unknown) == ([], None)
    # an unknown Resource is named, not the known Action beside it
    role = Unknown("variable role_arn has no value")
    found, unknown = escalations({"Statement": [allow(["iam:AttachRolePolicy", Unknown("x")], role)]})
    assert (found, unknown) == ([], role)


def test_an_unknown_statement_or_effect_is_unknown() -> None:
    effect = Unknown("variable effect has no value")
    assert escalations({"Statement": [{"Effect": effect, "Action": "s3:*", "Resource": "*"}]}) == ([], effect)
    whole = Unknown("data source policy")
    assert escalations(whole) == ([], whole)


def test_the_message_names_the_action_the_pattern_and_the_statements() -> None:
    found, _ = escalations(
        {
            "Statement": [
                {"Sid": "Pass", "Effect": "Allow", "Action": "iam:Pass*", "Resource": "*"},
                {"Sid": "Stacks", "Effect": "Allow", "Action": "cloudformation:CreateStack", "Resource": "*"},
            ]
        }
    )
    assert [e.describe() for e in found] == [
        "iam:PassRole (through iam:Pass*) on every resource with cloudformation:CreateStack lets the holder "
        "create a stack built by any role, an administrator's included (Pass, Stacks)"
    ]


def test_managed_policies_carry_their_escalation_through_the_same_function() -> None:
    escalating = {
        name for name, policy in iam_managed.POLICIES.items() if escalations(policy.document()) != ([], None)
    }
    assert escalating == {"AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AWSLambda_FullAccess"}
    assert "self-escalation" in iam_managed.POLICIES["IAMFullAccess"].meaning
    assert "self-escalation" in iam_managed.POLICIES["AWSLambda_FullAccess"].meaning


def test_iam_full_access_by_name_alone_is_aws_s() -> None:
    doc = iam_managed.document_by_name("IAMFullAccess")
    assert doc is not None and escalations(doc)[0][0].method.actions == ("iam:AttachRolePolicy",)


@pytest.mark.parametrize(
    ("condition", "allows_lambda"),
    [
        ({"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}, True),
        ({"StringEquals": {"iam:PassedToService": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}}, True),
        ({"StringLike": {"iam:PassedToService": "*.amazonaws.com"}}, True),
        (
            {"StringEquals": {"IAM:PassedToService": "lambda.amazonaws.com"}},
            True,
        ),  # keys are case-insensitive
        ({"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}, False),
        ({"StringNotEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}, False),  # negated: not read
        (
            {
                "StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"},
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
            },
            False,  # a test of who may pass narrows the grant, as any Condition
        ),
        ({"StringEquals": {"iam:PassedToService": [Unknown("variable service")]}}, False),
        (Unknown("variable condition"), False),
    ],
)
def test_a_role_passed_only_to_one_service_still_escalates_through_it(condition, allows_lambda) -> None:
    pass_role = allow("iam:PassRole", Condition=condition)
    lambda_pair = ("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction")
    got = ways(pass_role, allow(["lambda:CreateFunction", "lambda:InvokeFunction"]))
    assert got == ([lambda_pair] if allows_lambda else [])
    assert statement_grants(pass_role, "iam:PassRole", "lambda.amazonaws.com")[0] is allows_lambda
    assert statement_grants(pass_role, "iam:PassRole")[0] is False  # a pair's service must be named
