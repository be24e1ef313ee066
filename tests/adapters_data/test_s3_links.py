"""S3 companions found through other companions, and directory buckets (seen in public modules)."""

from __future__ import annotations

from pathlib import Path

from scanner.pipeline import load_iac_state

CONFIG = """
provider "aws" { region = "eu-west-1" }

resource "aws_s3_directory_bucket" "d" {
  bucket = "x--euw1-az1--x-s3"
  location { name = "euw1-az1" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "d" {
  bucket = aws_s3_directory_bucket.d.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:key/abc"
    }
  }
}

resource "aws_s3_bucket" "b" { bucket = "plain" }

resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject",
                                       Resource = "arn:aws:s3:::plain/*" }] })
}

resource "aws_s3_bucket_acl" "a" {
  bucket = aws_s3_bucket.b.id
  acl    = "public-read"
}

# As terraform-aws-s3-bucket does: linked through the policy, whose id is the bucket's name.
resource "aws_s3_bucket_ownership_controls" "o" {
  bucket = aws_s3_bucket_policy.p.id
  rule { object_ownership = "BucketOwnerPreferred" }
}
"""


def test_companions_reach_their_bucket_through_another_companion(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(CONFIG)
    state = load_iac_state([tmp_path], use_cache=False)
    assert not [w for w in state.warnings if "cannot tell which" in w]
    by_address = {r.address: r for r in state.resources}
    plain = by_address["aws_s3_bucket.b"]
    # Ownership controls re-enable ACLs, so the public-read ACL takes effect.
    assert plain.get("public_acl").raw is True
    assert plain.get("policy").raw["Statement"][0]["Principal"] == "*"


def test_directory_bucket_takes_its_encryption_companion(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(CONFIG)
    state = load_iac_state([tmp_path], use_cache=False)
    d = next(r for r in state.resources if r.address == "aws_s3_directory_bucket.d")
    assert d.kind.value == "object_store"
    assert d.get("customer_managed_key").raw is True
    assert d.get("public_access_block").raw == {
        "block_public_acls": True,
        "ignore_public_acls": True,
        "block_public_policy": True,
        "restrict_public_buckets": True,
    }


TLS_POLICIES = """
provider "aws" { region = "eu-west-1" }

resource "aws_s3_bucket" "whole" { bucket = "whole" }
resource "aws_s3_bucket_policy" "whole" {
  bucket = aws_s3_bucket.whole.id
  policy = jsonencode({ Statement = [{
    Effect = "Deny", Principal = "*", Action = "s3:*",
    Resource = [aws_s3_bucket.whole.arn, "${aws_s3_bucket.whole.arn}/*"],
    Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
}

resource "aws_s3_bucket" "logs_only" { bucket = "logs-only" }
resource "aws_s3_bucket_policy" "logs_only" {
  bucket = aws_s3_bucket.logs_only.id
  policy = jsonencode({ Statement = [{
    Effect = "Deny", Principal = "*", Action = "s3:*",
    Resource = [aws_s3_bucket.logs_only.arn, "${aws_s3_bucket.logs_only.arn}/logs/*"],
    Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
}
"""


def test_a_tls_deny_written_with_the_buckets_own_arn_is_read_before_apply(tmp_path: Path) -> None:
    from scanner.pipeline import scan_iac
    from scanner.promises import default_promise_set

    (tmp_path / "main.tf").write_text(TLS_POLICIES)
    report = scan_iac([tmp_path], default_promise_set(), use_cache=False)
    verdicts = {f.resource: f.status.value for f in report.findings if f.check_id == "aws-s3-tls-enforced"}
    assert verdicts == {"aws_s3_bucket.whole": "pass", "aws_s3_bucket.logs_only": "fail"}
