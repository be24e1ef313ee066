"""aws-ebs-snapshot-not-public on code: what a permission the scan cannot place does, and does not, change.

The placed cases (no share, a named account, "all", an account the code leaves open, a
region that blocks all sharing) are the scenario fixtures/terraform/ebs-snapshot-sharing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.pipeline import scan_iac
from scanner.promises import load_promises_file

ROOT = Path(__file__).resolve().parents[2]
PROMISES = ROOT / "fixtures" / "terraform" / "ebs-snapshot-sharing" / "promises.yaml"

HEAD = """
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  size              = 8
}

resource "aws_ebs_snapshot" "s" {
  volume_id = aws_ebs_volume.v.id
}
"""


def _verdicts(tmp_path: Path, extra: str) -> dict[str, tuple[str, str]]:
    (tmp_path / "main.tf").write_text(HEAD + extra, encoding="utf-8")
    report = scan_iac([tmp_path], load_promises_file(PROMISES), use_cache=False)
    return {
        f.resource: (f.status.value, f.message)
        for f in report.findings
        if f.check_id == "aws-ebs-snapshot-not-public"
    }


@pytest.mark.parametrize(
    ("account", "status", "says"),
    [
        ('"all"', "unknown", "aws_snapshot_create_volume_permission.p may set this"),
        ('"111122223333"', "pass", "public = false (AWS default)"),  # a named account changes nothing
    ],
)
def test_a_share_the_scan_cannot_place(tmp_path: Path, account: str, status: str, says: str) -> None:
    """A permission naming a snapshot id that is not in the code: only a share with everyone matters."""
    found = _verdicts(
        tmp_path,
        f"""
resource "aws_snapshot_create_volume_permission" "p" {{
  snapshot_id = "snap-0123456789abcdef0"
  account_id  = {account}
}}
""",
    )
    assert found["aws_ebs_snapshot.s"][0] == status
    assert says in found["aws_ebs_snapshot.s"][1]


def test_block_new_sharing_does_not_hide_a_share_with_everyone(tmp_path: Path) -> None:
    """Only block-all-sharing makes AWS treat earlier public shares as private."""
    found = _verdicts(
        tmp_path,
        """
resource "aws_snapshot_create_volume_permission" "p" {
  snapshot_id = aws_ebs_snapshot.s.id
  account_id  = "all"
}

resource "aws_ebs_snapshot_block_public_access" "b" {
  state = "block-new-sharing"
}
""",
    )
    assert found["aws_ebs_snapshot.s"][0] == "fail"
