"""A non-current expiration that spares the newest N versions puts no bound on them.

``newer_noncurrent_versions`` (``NewerNoncurrentVersions`` in the API) keeps that many
non-current versions of every object whatever their age: they go only when newer versions
push them out, which may never happen. Code and cloud read it through one rule
(:func:`scanner.knowledge.aws.s3.lifecycle_rule`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.knowledge.aws.s3 import lifecycle_rule
from scanner.pipeline import scan_iac
from scanner.promises import load_promises_file
from scanner.sources.live.s3 import _rule as live_rule
from scanner.state import Unknown

PROMISES = (
    Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "retention-limit" / "promises.yaml"
)

BUCKET = """
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "b" {
  bucket = "versions-kept"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
%s    }
  }
}
"""


def _verdict(tmp_path: Path, extra: str) -> tuple[str, str]:
    (tmp_path / "main.tf").write_text(BUCKET % extra)
    report = scan_iac([tmp_path], load_promises_file(PROMISES), use_cache=False)
    (finding,) = [f for f in report.findings if f.check_id == "aws-s3-lifecycle-retention"]
    return finding.status.value, finding.message


def test_sparing_the_newest_versions_fails_a_retention_limit(tmp_path: Path) -> None:
    status, message = _verdict(tmp_path, "      newer_noncurrent_versions = 3\n")
    assert status == "fail"
    assert (
        "a lifecycle rule spares the 3 newest non-current versions of every object whatever their age, "
        "so they are kept forever; the promise allows at most 30 days"
    ) in message


def test_without_spared_versions_the_same_rule_keeps_the_promise(tmp_path: Path) -> None:
    assert _verdict(tmp_path, "")[0] == "pass"


@pytest.mark.parametrize(
    ("kept", "days"),
    [(None, 30), (0, 30), (3, None), (Unknown("var.keep has no value"), Unknown("var.keep has no value"))],
)
def test_one_rule_for_code_and_cloud(kept, days) -> None:
    rule = lifecycle_rule("r", True, 30, 30, [], {}, kept)
    assert rule["noncurrent_expiration_days"] == days
    if isinstance(kept, Unknown):
        return  # an AWS answer always holds a number
    answer = {"ID": "r", "Status": "Enabled", "Filter": {}, "Expiration": {"Days": 30},
              "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}  # fmt: skip
    if kept is not None:
        answer["NoncurrentVersionExpiration"]["NewerNoncurrentVersions"] = kept
    assert live_rule(answer) == rule
