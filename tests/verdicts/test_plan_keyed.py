"""Issue 12 item 12: a plan and the HCL it was planned from give the same verdicts for keyed companions.

fixtures/terraform/keyed-companions/plan.json was made by terraform 1.11.4 with the AWS provider
5.100.0 (as fixtures/plan/README.md describes). In a plan, ``bucket = aws_s3_bucket.b[each.key].id``
is listed as the references ``aws_s3_bucket.b`` and ``each.key``; the lifecycle rule of each
instance must still join its own bucket, or its bucket fails retention in the plan only.
"""

from __future__ import annotations

from pathlib import Path

from scanner.pipeline import scan_iac
from scanner.promises import load_promises_file

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "keyed-companions"


def test_keyed_companions_join_in_the_plan_as_in_hcl() -> None:
    promises = load_promises_file(FOLDER / "promises.yaml")
    from_hcl = scan_iac([FOLDER], promises, use_cache=False)
    from_plan = scan_iac([FOLDER / "plan.json"], promises, use_cache=False)
    assert not from_plan.errors and not from_plan.warnings
    plan = {(f.check_id, f.resource, f.status.value, f.file, f.line) for f in from_plan.findings}
    hcl = {(f.check_id, f.resource, f.status.value, f.file, f.line) for f in from_hcl.findings}
    assert plan == hcl
    assert ("aws-s3-lifecycle-retention", 'aws_s3_bucket.b["exports"]', "pass") in {p[:3] for p in plan}
    assert ("aws-s3-lifecycle-retention", "aws_s3_bucket.c[0]", "pass") in {p[:3] for p in plan}
