"""Service-role AWS-managed policies met on public Terraform are decided, not unknown.

Each is read from privacy-scan's table (:mod:`scanner.knowledge.aws.iam_managed`): none grants
every action on every resource, so the admin check passes; a policy not in the table stays
unknown and is named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.pipeline import scan_iac
from scanner.promises import default_promise_set

SERVICE_ROLES = [
    "service-role/AWS_ConfigRole",
    "AWSSupportAccess",
    "AWSXRayDaemonWriteAccess",
    "service-role/AmazonRDSEnhancedMonitoringRole",
    "service-role/AWSLambdaENIManagementAccess",
    "service-role/AWSLambdaDynamoDBExecutionRole",
    "service-role/AWSLambdaSQSQueueExecutionRole",
    "service-role/AWSLambdaKinesisExecutionRole",
    "AWSXrayReadOnlyAccess",
    "service-role/AWSCodeDeployRoleForLambda",
    "service-role/AmazonRDSDirectoryServiceAccess",
    "AmazonEKSClusterPolicy",
    "AmazonEKSServicePolicy",
]


def _scan(tmp_path: Path, policies: list[str]) -> dict[str, tuple[str, str]]:
    attachments = "".join(
        f'resource "aws_iam_role_policy_attachment" "a{i}" {{\n  role = aws_iam_role.r.name\n'
        f'  policy_arn = "arn:aws:iam::aws:policy/{name}"\n}}\n'
        for i, name in enumerate(policies)
    )
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({Version = "2012-10-17",'
        ' Statement = [{Effect = "Allow", Action = "sts:AssumeRole", Principal = {Service = "lambda.amazonaws.com"}}]})\n}\n'
        + attachments
    )
    report = scan_iac([tmp_path], default_promise_set(), use_cache=False)
    return {
        f.resource: (f.status.value, f.message)
        for f in report.findings
        if f.check_id == "aws-iam-policy-not-admin"
    }


def test_service_role_policies_grant_no_star_star(tmp_path: Path) -> None:
    verdicts = _scan(tmp_path, SERVICE_ROLES)
    passed = (
        "pass",
        "IAM identity policy does not grant every action, directly or by self-escalation "
        "(document grants no '*:*' and no way to grant itself more)",
    )
    assert verdicts == {f"aws_iam_role_policy_attachment.a{i}": passed for i in range(len(SERVICE_ROLES))}


@pytest.mark.parametrize(
    ("name", "status"), [("AdministratorAccess", "fail"), ("AmazonMacieFullAccess", "unknown")]
)
def test_admin_fails_and_an_unlisted_policy_is_named(tmp_path: Path, name: str, status: str) -> None:
    verdicts = _scan(tmp_path, [name])
    assert list(verdicts) == ["aws_iam_role_policy_attachment.a0"]
    got, message = verdicts["aws_iam_role_policy_attachment.a0"]
    assert got == status, message
    if status == "unknown":
        assert "AWS-managed policy AmazonMacieFullAccess is not in privacy-scan's table" in message
