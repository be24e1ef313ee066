"""YAML alias bombs, cycles, devices and oversized files in the files privacy-scan reads as YAML or
JSON: refused quickly with one line, within 30 s and 1 GiB (issue 13, "Bounded")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ci.helpers import FIXTURES
from tests.hostile.limits import assert_clean_exit, run_limited


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """``anchors:`` with ``levels`` lists, each holding ``width`` aliases of the one before: the
    last one, ``*l{levels}``, stands for width**levels strings ("billion laughs")."""
    lines = ["anchors:", f"  - &l1 [{', '.join(['lol'] * width)}]"]
    for n in range(2, levels + 1):
        lines.append(f"  - &l{n} [{', '.join([f'*l{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "app", root / "app")
    (root / ".git").mkdir()
    return root


def refused(result, what: str) -> str:
    assert_clean_exit(result, (2,))
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert what in lines[0], lines[0]
    return lines[0]


CASES = {
    "promises file": ("promises.yaml", "version: 1\n{bomb}promises: *l9\n", ["--promises", "promises.yaml"]),
    "suppressions file": ("s.yaml", "{bomb}suppressions: *l9\n", ["--suppressions", "s.yaml"]),
    "configuration": (".privacy-scan.yaml", "{bomb}skip: *l9\n", []),
}


@pytest.mark.parametrize("what", sorted(CASES))
def test_an_alias_bomb_is_refused_quickly(repo, what) -> None:
    name, template, args = CASES[what]
    (repo / name).write_text(template.format(bomb=alias_bomb()))
    line = refused(run_limited(["iac", "app", "--no-cache", *args], cwd=repo), what)
    assert f"{name}: refused: more than 250000 values once anchors and aliases are expanded" in line


def test_an_alias_that_contains_itself_is_refused(repo) -> None:
    (repo / "promises.yaml").write_text("version: 1\npromises: &p [*p]\n")
    line = refused(
        run_limited(["--no-config", "iac", "app", "--promises", "promises.yaml", "--no-cache"], cwd=repo),
        "promises file",
    )
    assert line.endswith("refused: an alias refers to a mapping or list that contains it")


def test_a_modest_use_of_anchors_still_works(repo) -> None:
    """Anchors are not forbidden: a suppressions file that reuses a reason is read as before."""
    (repo / "s.yaml").write_text(
        "suppressions:\n"
        "  - &entry {check: aws-logs-retention, resource: aws_cloudwatch_log_group.app, reason: reviewed}\n"
        "  - {<<: *entry, resource: module.store.aws_cloudwatch_log_group.this}\n"
    )
    r = run_limited(
        ["--no-config", "iac", "app", "--suppressions", "s.yaml", "-f", "json", "--no-cache"], cwd=repo
    )
    assert_clean_exit(r, (0,))
    assert r.stdout.count('"kind": "file"') == 2


@pytest.mark.parametrize(
    ("option", "what", "size"),
    [
        ("--promises", "promises file", 5 * 1024**2),
        ("--suppressions", "suppressions file", 5 * 1024**2),
        ("--baseline", "baseline", 65 * 1024**2),
    ],
)
def test_an_oversized_file_is_refused_by_its_size_before_reading(repo, option, what, size) -> None:
    big = repo / "big"
    with big.open("wb") as fh:  # sparse: the size is real to stat, no disk is used
        fh.truncate(size)
    line = refused(run_limited(["--no-config", "iac", "app", option, "big", "--no-cache"], cwd=repo), what)
    assert f"big: {size} bytes, over the limit of" in line


@pytest.mark.parametrize("option", ["--promises", "--suppressions", "--baseline"])
def test_a_device_is_not_read(repo, option) -> None:
    line = refused(
        run_limited(["--no-config", "iac", "app", option, "/dev/zero", "--no-cache"], cwd=repo), "/dev/zero"
    )
    assert "not a regular file" in line
