"""The admin check fails a policy that lets its holder grant itself everything, with the way named.

fixtures/terraform/iam-self-escalation asserts the verdicts (through tests/test_scenarios.py);
this pins every message, and the live side: a recorded account gives the same verdicts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.pipeline import scan_iac
from scanner.promises import load_promises_file

SCENARIO = Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "iam-self-escalation"
TITLE = "IAM identity policy does not grant every action, directly or by self-escalation"
PASSED = f"{TITLE} (document grants no '*:*' and no way to grant itself more)"
ATTACH_VIA_IAM_STAR = (
    "iam:AttachRolePolicy (through iam:*) on every resource lets the holder attach AdministratorAccess "
    "to itself"
)
ANY_ROLE = "any role, an administrator's included"


@pytest.fixture(scope="module")
def verdicts() -> dict[str, tuple[str, str]]:
    report = scan_iac([SCENARIO], load_promises_file(SCENARIO / "promises.yaml"), use_cache=False)
    assert not report.errors
    return {
        f.resource: (f.status.value, f.message)
        for f in report.findings
        if f.check_id == "aws-iam-policy-not-admin"
    }


@pytest.mark.parametrize(
    ("resource", "status", "message"),
    [
        (
            "aws_iam_policy.iam_everything",
            "fail",
            f"{TITLE}: not met: document: {ATTACH_VIA_IAM_STAR} (ManageIam); 12 more ways to escalate",
        ),
        (
            "aws_iam_role_policy.attach_any",
            "fail",
            f"{TITLE}: not met: document: iam:AttachRolePolicy on every resource lets the holder attach "
            "AdministratorAccess to itself (statement 0); 1 more way to escalate",
        ),
        (
            "aws_iam_user_policy.policy_versions",
            "fail",
            f"{TITLE}: not met: document: iam:CreatePolicyVersion on every resource lets the holder rewrite "
            "a policy attached to itself to allow every action (Versions)",
        ),
        (
            "aws_iam_policy.pass_and_run",
            "fail",
            f"{TITLE}: not met: document: iam:PassRole on every resource with ec2:RunInstances lets the "
            f"holder start an instance as {ANY_ROLE} (PassAnyRole, RunInstances)",
        ),
        (
            "aws_iam_policy.pass_every_role",
            "fail",
            f"{TITLE}: not met: document: iam:PassRole on every resource with lambda:CreateFunction and "
            f"lambda:InvokeFunction lets the holder create and invoke a function running as {ANY_ROLE} "
            "(PassRoles, Functions)",
        ),
        (
            "aws_iam_policy.pass_to_lambda",
            "fail",
            f"{TITLE}: not met: document: iam:PassRole to lambda.amazonaws.com on every resource with "
            "lambda:CreateFunction and lambda:InvokeFunction lets the holder create and invoke a function "
            f"running as {ANY_ROLE} (PassToLambda, Functions)",
        ),
        ("aws_iam_policy.pass_to_ec2_run_functions", "pass", PASSED),
        ("aws_iam_policy.pass_one_role", "pass", PASSED),
        (
            "aws_iam_policy.pass_variable_role",
            "unknown",
            f"{TITLE}: cannot tell: document has unknown parts: variable passed_role_name has no value; "
            "pass it with --var or --var-file",
        ),
        ("aws_iam_group_policy.iam_with_mfa", "pass", PASSED),
        ("aws_iam_policy.iam_read", "pass", PASSED),
        (
            "aws_iam_policy.deploy_from_variable",
            "unknown",
            f"{TITLE}: cannot tell: document has unknown parts: variable deploy_actions has no value; "
            "pass it with --var or --var-file",
        ),
        (
            "aws_iam_role_policy_attachment.iam_full",
            "fail",
            f"{TITLE}: not met: document: {ATTACH_VIA_IAM_STAR} (statement 0); 12 more ways to escalate",
        ),
    ],
)
def test_each_policy_gets_its_exact_verdict_and_message(verdicts, resource, status, message) -> None:
    assert verdicts[resource] == (status, message)


def test_one_verdict_per_policy(verdicts) -> None:
    assert len(verdicts) == 13
