"""Issue 12: the words of verdicts that a reader acts on, on the scenario projects that produce them.

The scenario test (tests/test_scenarios.py) asserts every (check, resource, status); these assert
the messages where the wording is the point: both outcomes of a public grant in code, a missing
TLS Deny read without the bucket's name, no "plain HTTP" for NFS.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.pipeline import scan_iac
from scanner.promises import load_promises_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "terraform"


def messages(folder: str) -> dict[tuple[str, str], str]:
    path = FIXTURES / folder
    report = scan_iac([path], load_promises_file(path / "promises.yaml"), use_cache=False)
    return {(f.check_id, f.resource): f.message for f in report.findings}


@pytest.fixture(scope="module")
def public_grants() -> dict[tuple[str, str], str]:
    return messages("public-grants")


def test_a_public_acl_in_code_fails_and_says_both_outcomes(public_grants) -> None:
    message = public_grants[("aws-s3-not-public", "aws_s3_bucket.public_read_acl")]
    assert message.endswith(
        "not met: the ACL grants public access; on a bucket created before April 2023, or once its public "
        "access block is lifted, the data is public; on a new bucket, where AWS disables ACLs and blocks "
        "public access by default, the apply fails"
    )


def test_a_public_policy_in_code_fails_and_says_both_outcomes(public_grants) -> None:
    message = public_grants[("aws-s3-not-public", "aws_s3_bucket.generated_name")]
    assert "the bucket policy allows everyone (statement 0); on a bucket created before April 2023" in message
    assert message.endswith("on a new bucket, where AWS blocks public access by default, the apply fails")


def test_no_tls_deny_fails_even_when_the_bucket_name_is_unknown(public_grants) -> None:
    message = public_grants[("aws-s3-tls-enforced", "aws_s3_bucket.generated_name")]
    assert message.endswith(
        "policy has no Deny of aws:SecureTransport=false, so requests over plain HTTP are not refused"
    )
    assert "\\x00" not in message and "unknown-name" not in message


def test_everyone_is_not_an_authorised_principal(public_grants) -> None:
    message = public_grants[("aws-s3-policy-principals", "aws_s3_bucket.generated_name")]
    assert message.endswith(
        "policy grants access to everyone (statement 0), and no promise authorises everyone"
    )


def test_efs_findings_speak_of_tls_not_http() -> None:
    message = messages("common-defaults")[("aws-efs-tls-enforced", "aws_efs_file_system.open")]
    assert "plain HTTP" not in message
    assert message.endswith("no Deny of aws:SecureTransport=false for everyone covers efs:rw-open")


def test_a_parameter_group_named_from_a_data_source_is_still_read() -> None:
    found = messages("derived-names")
    assert found[("aws-rds-tls-enforced", "aws_db_instance.plain")].endswith(
        "not met: tls_enforced = false; expected true"
    )
    assert "is read only when Terraform runs is not in" not in " ".join(found.values())


def test_an_unknown_variable_names_the_tfvars_files_terraform_would_not_load() -> None:
    found = messages("unloaded-tfvars")
    assert found[("aws-logs-retention", "aws_cloudwatch_log_group.app")].endswith(
        "cannot tell: retention_days is unknown: variable app_log_days has no value; other.tfvars, "
        "staging.tfvars in the root set it, but Terraform reads those files only when told to: give "
        "--var-file other.tfvars or --var-file staging.tfvars"
    )
    # set by no file: the usual advice
    assert found[("aws-logs-retention", "aws_cloudwatch_log_group.audit")].endswith(
        "variable audit_log_days has no value; pass it with --var or --var-file"
    )


KEYED_AND_UNKEYED = """
provider "aws" {
  region = "eu-west-1"
}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}
resource "aws_cloudwatch_log_group" "keyed" {
  name              = "keyed"
  kms_key_id        = aws_kms_key.k.arn
  retention_in_days = 30
}
resource "aws_cloudwatch_log_group" "plain" {
  name              = "plain"
  retention_in_days = 30
}
resource "aws_s3_bucket" "forever" {
  bucket = "msg-forever"
}
"""


def test_a_default_is_claimed_only_when_the_value_is_the_default(tmp_path: Path) -> None:
    from scanner.promises import default_promise_set

    (tmp_path / "main.tf").write_text(KEYED_AND_UNKEYED)
    report = scan_iac([tmp_path], default_promise_set(), use_cache=False)
    got = {(f.check_id, f.resource): f.message for f in report.findings}
    assert got[("aws-logs-encrypted", "aws_cloudwatch_log_group.keyed")].endswith("(encrypted = true)")
    assert got[("aws-logs-encrypted", "aws_cloudwatch_log_group.plain")].endswith(
        "(encrypted = true (AWS default))"
    )
    # retention must only be finite (no max_days): no "within None days", no "ever (kept forever)"
    assert got[("aws-s3-lifecycle-retention", "aws_s3_bucket.forever")].endswith(
        "not met: no lifecycle rule expires the whole bucket's objects, so they are kept forever; "
        "the promise requires a finite retention"
    )
