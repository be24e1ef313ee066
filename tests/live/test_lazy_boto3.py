"""``privacy-scan iac`` must never import boto3: pre-commit hooks run it offline and want it fast."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

PROBE = """
import sys
from click.testing import CliRunner
import scanner.cli
from scanner.commands.live_cmd import live  # the live command itself must not import boto3 either
result = CliRunner().invoke(scanner.cli.cli, ["iac", sys.argv[1], "--format", "json"])
assert result.exit_code in (0, 1, 3), (result.exit_code, result.output)
result = CliRunner().invoke(live, ["--print-iam-policy"])
assert result.exit_code == 0, result.output
print(sorted(m for m in sys.modules if m.split(".")[0] in ("boto3", "botocore")))
"""


def test_iac_and_the_live_command_object_never_import_boto3(tmp_path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_cloudwatch_log_group" "x" {\n  name = "x"\n}\n')
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
