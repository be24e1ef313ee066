"""The pre-commit hook's search for the callers of a touched module visits each module once, so 24
layers of modules that each call the next layer twice (2**23 paths) cost no more than 48 folders
(issue 13, "Bounded")."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.commands.hook_cmd import root_dirs
from tests.hostile.limits import assert_clean_exit, run_limited

LAYERS = 24


def layered_repository(root: Path, layers: int = LAYERS) -> None:
    """a0, b0 → a1, b1 → … : every folder of layer i calls both folders of layer i+1. The calls
    have ``count = 0`` so that the scan itself stays small: the test is about the caller search."""
    (root / ".git").mkdir()
    for i in range(layers):
        for side in "ab":
            body = 'resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = 0\n}\n'
            if i + 1 < layers:
                for callee in "ab":
                    body += f'module "{callee}" {{\n  source = "../{callee}{i + 1}"\n  count  = 0\n}}\n'
            (root / f"{side}{i}").mkdir()
            (root / f"{side}{i}" / "main.tf").write_text(body)


def test_the_caller_search_over_many_layers_is_linear(tmp_path) -> None:
    layered_repository(tmp_path)
    r = run_limited(["--no-config", "hook", f"a{LAYERS - 1}/main.tf", "--no-cache"], cwd=tmp_path, timeout=60)
    assert_clean_exit(r, (1,))
    failing = sorted(line.split(":")[0] for line in r.stdout.splitlines() if ": fail [" in line)
    assert failing == ["a0/main.tf", "b0/main.tf"], r.stdout


def write(folder: Path, *sources: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f'module "m{i}" {{\n  source = "{s}"\n}}\n' for i, s in enumerate(sources))
    (folder / "main.tf").write_text(body + 'resource "aws_s3_bucket" "b" {}\n')


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_cycle_without_an_outside_caller_scans_the_touched_module(tree) -> None:
    write(tree / "a", "../b")
    write(tree / "b", "../a")
    assert root_dirs([Path("a")], Path(".")) == [Path("a")]
    assert root_dirs([Path("b")], Path(".")) == [Path("b")]


def test_a_cycle_below_a_root_climbs_to_the_root_only(tree) -> None:
    write(tree / "root", "../a")
    write(tree / "a", "../b")
    write(tree / "b", "../a")
    assert root_dirs([Path("b")], Path(".")) == [Path("root")]


def test_shared_modules_give_each_root_once_in_order(tree) -> None:
    write(tree / "dev", "../modules/db", "../modules/net")
    write(tree / "prod", "../modules/db")
    write(tree / "modules" / "db", "../net")
    write(tree / "modules" / "net")
    touched = [Path("modules/net"), Path("modules/db"), Path("prod")]
    assert root_dirs(touched, Path(".")) == [Path("dev"), Path("prod")]
