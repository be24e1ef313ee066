"""The pre-commit hook: touched files → whole modules → scan, quiet when clean; through the real pre-commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.commands.hook_cmd import hook, root_dirs, touched_dirs
from tests.ci.helpers import FIXTURES, run_cli

REPO = Path(__file__).resolve().parents[2]
APP = "aws_cloudwatch_log_group.app"
STORE = "module.store.aws_cloudwatch_log_group.this"


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """A repository with two roots: app (calls ./modules/store) and standalone/, plus a README."""
    shutil.copytree(FIXTURES / "app", tmp_path / "app")
    (tmp_path / "standalone").mkdir()
    (tmp_path / "standalone" / "main.tf").write_text(
        'resource "aws_cloudwatch_log_group" "s" {\n  retention_in_days = 14\n}\n'
    )
    (tmp_path / "README.md").write_text("# infra\n")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_touched_directories_and_their_roots(tree) -> None:
    files = [
        Path(p) for p in ("README.md", "app/modules/store/main.tf", "standalone/main.tf", "app/variables.tf")
    ]
    dirs = touched_dirs(files)
    assert dirs == [Path("app/modules/store"), Path("standalone"), Path("app")]
    assert root_dirs(dirs, Path(".")) == [Path("app"), Path("standalone")]
    assert root_dirs(touched_dirs([Path("app/terraform.tfvars")]), Path(".")) == [Path("app")]
    assert touched_dirs([Path("docs/x.md"), Path("app/.terraform/modules/m/main.tf")]) == []


def test_nested_local_modules_climb_to_the_root(tree) -> None:
    inner = tree / "app" / "modules" / "store" / "modules" / "inner"
    inner.mkdir(parents=True)
    (inner / "main.tf").write_text('resource "aws_cloudwatch_log_group" "i" {\n  retention_in_days = 1\n}\n')
    with (tree / "app" / "modules" / "store" / "main.tf").open("a") as fh:
        fh.write('\nmodule "inner" {\n  source = "./modules/inner"\n}\n')
    assert root_dirs(touched_dirs([inner.relative_to(tree) / "main.tf"]), Path(".")) == [Path("app")]


def test_hook_scans_the_module_with_its_variables_and_is_precise(tree, monkeypatch, capsys) -> None:
    r = run_cli(["hook", "app/modules/store/main.tf"], monkeypatch, capsys)
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0].startswith(f"app/main.tf:1: fail [medium] aws-logs-retention {APP}: ")
    assert lines[1].startswith(f"app/modules/store/main.tf:5: fail [medium] aws-logs-retention {STORE}: ")
    assert lines[2].startswith("privacy-scan: 2 failing, 0 undecided")
    assert len(lines) == 3  # no table, no passes, no default-promise-set chatter


def test_hook_is_quiet_when_all_is_well(tree, monkeypatch, capsys) -> None:
    (tree / "app" / "variables.tf").write_text('variable "log_days" {\n  default = 30\n}\n')
    r = run_cli(["hook", "app/main.tf", "standalone/main.tf"], monkeypatch, capsys)
    assert (r.code, r.out, r.err) == (0, "", "")
    r = run_cli(["hook", "README.md"], monkeypatch, capsys)
    assert (r.code, r.out, r.err) == (0, "", "")


def test_hook_ignores_ci_output_settings_from_the_configuration(tree, monkeypatch, capsys) -> None:
    (tree / ".privacy-scan.yaml").write_text(
        "format: sarif\noutput: results.sarif\nskip: [aws-logs-region]\n"
    )
    r = run_cli(["hook", "app/main.tf"], monkeypatch, capsys)
    assert r.code == 1 and r.out.splitlines()[0].startswith("app/main.tf:1: fail")
    assert not (tree / "results.sarif").exists()
    r = run_cli(
        ["hook", "app/main.tf", "--format", "json"], monkeypatch, capsys
    )  # an explicit flag still works
    assert "aws-logs-region" not in {f["check_id"] for f in r.json()["findings"]}


def test_hook_command_object_through_click_runner(tree) -> None:
    result = CliRunner().invoke(hook, ["standalone/main.tf"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, check=True, capture_output=True)


def _precommit_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "PRE_COMMIT_COLOR": "never",
            "PRIVACY_SCAN_CACHE_DIR": str(tmp_path / "cache"),
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        }
    )
    env.pop("AWS_PROFILE", None)
    return env


@pytest.fixture
def git_repo(tmp_path) -> Path:
    """A temporary git repository holding a module: main.tf uses var.log_days, defaulted in variables.tf."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "app", repo)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def _precommit(args: list[str], repo: Path, env: dict[str, str], timeout: int = 300):
    exe = Path(sys.executable).with_name("pre-commit")
    cmd = [str(exe) if exe.exists() else "pre-commit", *args]
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)


def test_local_hook_through_pre_commit_run(git_repo, tmp_path) -> None:
    """Fast and fully offline: a repo-local hook calling this checkout, driven by `pre-commit run`."""
    (git_repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: privacy-scan\n"
        "        name: privacy-scan\n"
        f"        entry: {sys.executable} -m scanner hook\n"
        "        language: unsupported\n"
        "        files: \\.(tf|tfvars)(\\.json)?$\n"
        "        require_serial: true\n"
    )
    env = _precommit_env(tmp_path)
    env["PYTHONPATH"] = str(REPO)
    _git(git_repo, "add", ".pre-commit-config.yaml")
    # only the module's main.tf is staged; the verdict still depends on variables.tf's default
    done = _precommit(["run", "--files", "modules/store/main.tf"], git_repo, env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "privacy-scan" in done.stdout and "Failed" in done.stdout
    assert "modules/store/main.tf:5: fail [medium] aws-logs-retention" in done.stdout
    assert "main.tf:1: fail [medium] aws-logs-retention aws_cloudwatch_log_group.app" in done.stdout
    (git_repo / "variables.tf").write_text('variable "log_days" {\n  type    = number\n  default = 90\n}\n')
    done = _precommit(["run", "--files", "modules/store/main.tf"], git_repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


@pytest.mark.slow
def test_published_hook_through_pre_commit_try_repo(git_repo, tmp_path) -> None:
    """The real .pre-commit-hooks.yaml: pre-commit builds a python env from this repository and runs it.

    No cloud and no git remote is used; pre-commit does pip-install the package
    (and its dependencies, from the package index or pip's cache) into a fresh
    environment under a temporary PRE_COMMIT_HOME — 10-50 s here, depending on pip's cache.
    """
    env = _precommit_env(tmp_path)
    env.pop("PYTHONPATH", None)
    done = _precommit(
        ["try-repo", str(REPO), "privacy-scan", "--files", "main.tf", "modules/store/main.tf"], git_repo, env
    )
    output = done.stdout + done.stderr
    if done.returncode == 3 and ("Could not find a version" in output or "NewConnectionError" in output):
        pytest.skip(
            f"the package index is unreachable, pre-commit cannot build the hook's environment: {output[-300:]}"
        )
    assert done.returncode == 1, output
    assert "main.tf:1: fail [medium] aws-logs-retention aws_cloudwatch_log_group.app" in done.stdout
    assert "modules/store/main.tf:5: fail [medium] aws-logs-retention" in done.stdout
    (git_repo / "variables.tf").write_text('variable "log_days" {\n  default = 30\n}\n')
    done = _precommit(["try-repo", str(REPO), "privacy-scan", "--files", "main.tf"], git_repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
