"""Repository text quoted in the Terraform source's warnings and errors stays on its line (issue 13, item 6).

A newline in a module ``source``, a for_each key or a value must not start a new output line
(a CI log would read ``::error file=…::`` as a workflow command), and ESC/BEL must not reach
the terminal.
"""

from __future__ import annotations

import json

from tests.hostile.limits import assert_clean_exit, run_limited

INJECTED = "::error file=main.tf::pwned"

MAIN_TF = r"""
provider "aws" {
  region = "eu-west-1"
}
module "m" {
  source = "registry.example/x\n::error file=main.tf::pwned\u001b]0;title\u0007"
}
resource "aws_cloudwatch_log_group" "keyed" {
  for_each          = toset(["a\n::error file=main.tf::pwned"])
  name              = each.key
  retention_in_days = each.key
}
resource "aws_s3_bucket_policy" "orphan" {
  bucket = "nope\n::error file=main.tf::pwned"
  policy = "{}"
}
resource "aws_cloudwatch_log_group" "unknown" {
  count             = length(data.aws_x.y["k\n::error file=main.tf::pwned"].ids)
  name              = "u"
  retention_in_days = 30
}
data "aws_x" "y" {}
"""


def _no_injected_line(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith("::"), line
    assert "\x1b" not in text and "\x07" not in text


def test_newlines_in_repository_text_do_not_start_output_lines(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "main.tf").write_text(MAIN_TF)
    for args in (["iac", str(repo), "--no-cache"], ["iac", str(repo), "--no-cache", "--format", "json"]):
        result = run_limited(args, cwd=repo)
        assert_clean_exit(result)
        _no_injected_line(result.stdout)
        _no_injected_line(result.stderr)
    data = json.loads(result.stdout)
    warnings = "\n".join(data.get("warnings", []))
    assert "not on disk" in warnings and INJECTED in warnings  # said, on one line
    hook = run_limited(["hook", "main.tf", "--no-cache"], cwd=repo)
    assert_clean_exit(hook)
    _no_injected_line(hook.stdout)
    _no_injected_line(hook.stderr)
