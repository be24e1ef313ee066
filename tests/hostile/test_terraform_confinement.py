"""A hostile repository's Terraform reads only inside the repository (issue 13, items 1 and 3).

Terraform's file functions, auto-loaded tfvars, ``.tf`` files and a committed
``.terraform/modules/modules.json`` all name paths; none may lead the scan outside the
scanned repository, into a device or a FIFO, or into an oversize file. Each attacker input
is built here, in ``tmp_path``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanner.sources.terraform.loader import load_config
from scanner.state.value import Unknown
from tests.hostile.limits import GIB, assert_clean_exit, run_limited

SECRET = "TOPSECRET-7f3a9c"
PROVIDER = 'provider "aws" {\n  region = "eu-west-1"\n}\n'
GOOD_GROUP = 'resource "aws_cloudwatch_log_group" "good" {\n  name = "good"\n  retention_in_days = 30\n}\n'


def _repo(tmp_path: Path, main_tf: str, name: str = "repo") -> Path:
    """A git repository (a ``.git`` folder marks its top) holding ``main.tf``."""
    repo = tmp_path / name
    (repo / ".git").mkdir(parents=True)
    (repo / "main.tf").write_text(PROVIDER + main_tf + GOOD_GROUP)
    return repo


def _outside_secret(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n")
    return secret


def _load(repo: Path, tmp_path: Path, **kwargs):
    env = {"PRIVACY_SCAN_CACHE_DIR": str(tmp_path / "cache")}
    return load_config([repo], env=env, use_cache=False, **kwargs)


def _attr(config, address: str, name: str):
    return config.by_address()[address].attrs[name]


READERS = [
    'file("{p}")',
    'filebase64("{p}")',
    'templatefile("{p}", {{}})',
    'filemd5("{p}")',
    'filesha1("{p}")',
    'filesha256("{p}")',
    'filesha512("{p}")',
    'filebase64sha256("{p}")',
    'filebase64sha512("{p}")',
    'fileexists("{p}")',
]


@pytest.mark.parametrize("call", READERS)
def test_file_functions_refuse_paths_outside_the_repository(tmp_path, call):
    secret = _outside_secret(tmp_path)
    repo = _repo(tmp_path, "")
    (repo / "inside.txt").write_text("30")
    (repo / "link.txt").symlink_to(secret)
    targets = {
        "absolute": str(secret),
        "relative": "../outside/secret.txt",
        "symlink": "link.txt",
        "proc": "/proc/self/environ",
    }
    body = "".join(
        f'resource "aws_cloudwatch_log_group" "{name}" {{\n  name = "{name}"\n'
        f"  retention_in_days = {call.format(p=path)}\n}}\n"
        for name, path in targets.items()
    )
    (repo / "main.tf").write_text(PROVIDER + body + GOOD_GROUP)
    config = _load(repo, tmp_path)
    for name, path in targets.items():
        value = _attr(config, f"aws_cloudwatch_log_group.{name}", "retention_in_days")
        assert isinstance(value, Unknown), (name, value)
        assert SECRET not in value.reason
        assert "outside the scanned repository, not read" in value.reason, value.reason
        assert path.split("/")[-1] in value.reason  # the reason names the path
    assert _attr(config, "aws_cloudwatch_log_group.good", "retention_in_days") == 30


def test_file_functions_read_inside_the_repository(tmp_path):
    repo = _repo(tmp_path, "")
    (repo / "days.txt").write_text("30")
    (repo / "tpl.txt").write_text("${n}")
    (repo / "main.tf").write_text(
        PROVIDER
        + 'resource "aws_cloudwatch_log_group" "a" {\n  name = file("days.txt")\n'
        + '  retention_in_days = templatefile("${path.module}/tpl.txt", {n = 7})\n'
        + '  kms_key_id = fileexists("nope.txt")\n}\n'
    )
    config = _load(repo, tmp_path)
    block = config.by_address()["aws_cloudwatch_log_group.a"]
    assert block.attrs["name"] == "30"
    assert block.attrs["retention_in_days"] == 7  # a lone ${n} keeps its type
    assert block.attrs["kms_key_id"] is False


def test_file_refuses_devices_fifos_and_oversize_files(tmp_path):
    repo = _repo(tmp_path, "")
    os.mkfifo(repo / "pipe")
    (repo / "zero").symlink_to("/dev/zero")
    (repo / "big.txt").write_bytes(b"x" * (5 * 1024 * 1024))
    body = "".join(
        f'resource "aws_cloudwatch_log_group" "{name}" {{\n  name = "{name}"\n'
        f'  retention_in_days = file("{path}")\n}}\n'
        for name, path in {"fifo": "pipe", "dev": "/dev/zero", "devlink": "zero", "big": "big.txt"}.items()
    )
    (repo / "main.tf").write_text(PROVIDER + body + GOOD_GROUP)
    # A subprocess under limits: a FIFO that hung or /dev/zero read whole would be killed here.
    result = run_limited(
        ["iac", str(repo), "--format", "json", "--no-cache"], cwd=repo, timeout=60, memory_bytes=GIB
    )
    assert_clean_exit(result)
    findings = {
        f["resource"]: f
        for f in json.loads(result.stdout)["findings"]
        if f["check_id"] == "aws-logs-retention"
    }
    assert "not a regular file" in findings["aws_cloudwatch_log_group.fifo"]["message"]
    assert "outside the scanned repository" in findings["aws_cloudwatch_log_group.dev"]["message"]
    assert "outside the scanned repository" in findings["aws_cloudwatch_log_group.devlink"]["message"]
    assert "over the limit of 4194304 bytes" in findings["aws_cloudwatch_log_group.big"]["message"]
    assert {findings[a]["status"] for a in findings if not a.endswith(".good")} == {"unknown"}
    assert findings["aws_cloudwatch_log_group.good"]["status"] == "pass"


def test_hook_with_fail_on_unknown_does_not_print_the_environment(tmp_path):
    """The reproduction of the issue: ``file("/proc/self/environ")`` printed every token."""
    repo = _repo(
        tmp_path,
        'resource "aws_cloudwatch_log_group" "a" {\n  name = "a"\n'
        '  retention_in_days = file("/proc/self/environ")\n}\n'
        'resource "aws_lb_listener" "l" {\n  load_balancer_arn = "x"\n  port = 80\n'
        '  protocol = file("/etc/os-release")\n}\n',
    )
    (repo / ".privacy-scan.yaml").write_text("fail_on: unknown\n")
    result = run_limited(["hook", "main.tf"], cwd=repo, env={"CANARY_TOKEN": SECRET})
    assert_clean_exit(result)
    out = result.stdout + result.stderr
    assert SECRET not in out and "CANARY_TOKEN" not in out
    assert "PRETTY_NAME" not in out and "VERSION_ID" not in out
    assert "/proc/self/environ: outside the scanned repository, not read" in out
    assert "/etc/os-release: outside the scanned repository, not read" in out


def test_symlinked_tfvars_and_tf_files_leading_outside_are_not_read(tmp_path):
    secret_vars = tmp_path / "outside.tfvars"
    secret_vars.write_text(f'days = 30\nname = "{SECRET}"\n')
    secret_tf = tmp_path / "outside.tf"
    secret_tf.write_text(f'resource "aws_cloudwatch_log_group" "stolen" {{\n  name = "{SECRET}"\n}}\n')
    repo = _repo(
        tmp_path,
        'variable "days" {\n  type = number\n}\nvariable "name" {\n  type = string\n}\n'
        'resource "aws_cloudwatch_log_group" "a" {\n  name = var.name\n  retention_in_days = var.days\n}\n',
    )
    (repo / "terraform.tfvars").symlink_to(secret_vars)
    (repo / "x.auto.tfvars.json").symlink_to(secret_vars)
    (repo / "stolen.tf").symlink_to(secret_tf)
    config = _load(repo, tmp_path)
    assert "aws_cloudwatch_log_group.stolen" not in config.by_address()
    assert isinstance(_attr(config, "aws_cloudwatch_log_group.a", "retention_in_days"), Unknown)
    messages = {(e.file, e.message) for e in config.errors}
    assert any(f.endswith("stolen.tf") and "outside the scanned repository" in m for f, m in messages)
    assert any(f.endswith("terraform.tfvars") and "outside the scanned repository" in m for f, m in messages)
    assert any(
        f.endswith("x.auto.tfvars.json") and "outside the scanned repository" in m for f, m in messages
    )
    assert SECRET not in repr(config.errors) + repr(config.warnings) + repr(config.blocks)
    assert _attr(config, "aws_cloudwatch_log_group.good", "retention_in_days") == 30


def test_oversize_tf_and_tfvars_are_errors_for_that_file(tmp_path):
    repo = _repo(tmp_path, 'variable "days" {\n  default = 1\n}\n')
    heredoc = "x" * (10 * 1024 * 1024)
    (repo / "huge.tf").write_text(f"locals {{\n  big = <<EOT\n{heredoc}\nEOT\n}}\n")
    (repo / "terraform.tfvars").write_text("days = 30\n" + "# pad\n" * (30 * 1024 * 1024 // 6))
    result = run_limited(
        ["iac", str(repo), "--format", "json", "--no-cache"], cwd=repo, timeout=60, memory_bytes=GIB
    )
    assert_clean_exit(result, allowed=(3,))
    data = json.loads(result.stdout)
    errors = {Path(e["file"]).name: e["message"] for e in data["errors"]}
    assert "over the limit of 4194304 bytes" in errors["huge.tf"]
    assert "over the limit of 4194304 bytes" in errors["terraform.tfvars"]
    good = [f for f in data["findings"] if f["resource"] == "aws_cloudwatch_log_group.good"]
    assert {f["status"] for f in good} == {"pass"}


def _module_repo(tmp_path: Path, entry_dir: str) -> Path:
    repo = _repo(tmp_path, 'module "m" {\n  source = "registry.example/acme/m/aws"\n}\n')
    manifest = repo / ".terraform" / "modules" / "modules.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps({"Modules": [{"Key": "", "Dir": "."}, {"Key": "m", "Dir": entry_dir}]}))
    return repo


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_modules_json_leading_outside_is_not_scanned(tmp_path, how):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "main.tf").write_text(
        f'resource "aws_cloudwatch_log_group" "planted" {{\n  name = "{SECRET}"\n}}\n'
    )
    entry = {"absolute": str(outside), "dotdot": "../elsewhere", "symlink": ".terraform/modules/m"}[how]
    repo = _module_repo(tmp_path, entry)
    if how == "symlink":
        (repo / ".terraform" / "modules" / "m").symlink_to(outside)
    config = _load(repo, tmp_path)
    assert not [a for a in config.by_address() if "planted" in a]
    assert any(
        "outside the scanned repository" in w and "treated as not on disk" in w for w in config.warnings
    )
    assert any("module m" in w and "not on disk" in w for w in config.warnings)
    assert SECRET not in repr(config.warnings) + repr(config.errors)
    assert _attr(config, "aws_cloudwatch_log_group.good", "retention_in_days") == 30


def test_modules_json_inside_the_repository_is_still_scanned(tmp_path):
    repo = _module_repo(tmp_path, ".terraform/modules/m")
    fetched = repo / ".terraform" / "modules" / "m"
    fetched.mkdir()
    (fetched / "main.tf").write_text('resource "aws_cloudwatch_log_group" "lg" {\n  name = "x"\n}\n')
    config = _load(repo, tmp_path)
    assert "module.m.aws_cloudwatch_log_group.lg" in config.by_address()


def test_local_module_source_leading_outside_is_not_scanned(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "main.tf").write_text('resource "aws_cloudwatch_log_group" "planted" {\n  name = "p"\n}\n')
    repo = _repo(tmp_path, 'module "m" {\n  source = "../elsewhere"\n}\n')
    config = _load(repo, tmp_path)
    assert not [a for a in config.by_address() if "planted" in a]
    assert any("outside the scanned repository" in w for w in config.warnings)
