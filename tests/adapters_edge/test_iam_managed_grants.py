"""An AWS-managed grant-everything policy attached to several principals is one grant, as the cloud shows it."""

from __future__ import annotations

from pathlib import Path

from scanner.drift.identity import key_of
from scanner.pipeline import load_iac_state

CONFIG = """
provider "aws" { region = "eu-west-1" }
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "app_admin" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user_policy_attachment" "ops_admin" {
  user       = "ops"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
"""


def test_two_attachments_of_administrator_access_are_one_grant(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(CONFIG)
    state = load_iac_state([tmp_path], use_cache=False)
    grants = [r for r in state.resources if r.identity and r.identity.raw.endswith("/AdministratorAccess")]
    assert len(grants) == 1
    grant = grants[0]
    assert grant.address == "aws_iam_role_policy_attachment.app_admin"
    assert grant.get("attached_to").raw == ["role/app", "user/ops"]
    assert [s.line for s in grant.evidence] == [11]  # the second attachment block
    # Drift matches it with the live source's one aws_iam_policy_attachment per managed policy.
    assert key_of(grant).resource_type == "aws_iam_policy_attachment"
