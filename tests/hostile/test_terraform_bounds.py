"""Hostile Terraform stays within 30 s and 1 GiB, exits cleanly and says what it capped (issue 13, items 4-5).

Every case is a repository built in ``tmp_path`` with one ordinary log group next to the
attacker's code: the scan must still judge that one (the rest of the scan is intact), exit 3
(incomplete, nothing failed) and name what it capped or could not evaluate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.limits import GIB, assert_clean_exit, run_limited

PROVIDER = 'provider "aws" {\n  region = "eu-west-1"\n}\n'
GOOD = 'resource "aws_cloudwatch_log_group" "good" {\n  name = "good"\n  retention_in_days = 30\n}\n'


def _group(name: str, retention: str, extra: str = "") -> str:
    return f'resource "aws_cloudwatch_log_group" "{name}" {{\n{extra}  name = "{name}"\n  retention_in_days = {retention}\n}}\n'


def _scan(repo: Path, *extra: str, cache: Path | None = None) -> dict:
    args = ["iac", str(repo), "--format", "json", *extra]
    env = {"PRIVACY_SCAN_CACHE_DIR": str(cache)} if cache else None
    if cache is None:
        args.append("--no-cache")
    result = run_limited(args, cwd=repo, timeout=60, memory_bytes=GIB, env=env)
    assert_clean_exit(result, allowed=(3,))
    data = json.loads(result.stdout)
    good = [f for f in data["findings"] if f["resource"] == "aws_cloudwatch_log_group.good"]
    assert good and {f["status"] for f in good} == {"pass"}, good
    return data


def _repo(tmp_path: Path, *files: tuple[str, str]) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "main.tf").write_text(PROVIDER + GOOD)
    for name, text in files:
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return repo


def _errors(data: dict) -> str:
    return "\n".join(e["message"] for e in data["errors"])


def _retention_messages(data: dict) -> dict[str, str]:
    return {f["resource"]: f["message"] for f in data["findings"] if f["check_id"] == "aws-logs-retention"}


def test_a_million_instances_are_capped(tmp_path):
    repo = _repo(tmp_path, ("count.tf", _group("many", "30", "  count = 1000000\n")))
    data = _scan(repo)
    many = [r for r in _retention_messages(data) if r.startswith("aws_cloudwatch_log_group.many[")]
    assert len(many) == 1000
    assert (
        "aws_cloudwatch_log_group.many: count = 1000000; only the first 1000 instances are scanned"
        in _errors(data)
    )


def test_for_each_over_160k_keys_and_linear_set_functions(tmp_path):
    keys = {f"k{i}": 30 for i in range(160_000)}
    half = {f"k{i}": 0 for i in range(45_000)}
    repo = _repo(
        tmp_path,
        ("terraform.tfvars.json", json.dumps({"keys": keys})),
        ("half.auto.tfvars.json", json.dumps({"half": half})),
        (
            "each.tf",
            'variable "keys" {}\nvariable "half" {}\n'
            + _group("each", "each.value", "  for_each = var.keys\n")
            # distinct/setunion/setsubtract over 90k elements: quadratic would take hours.
            + _group("distinct", "length(distinct(concat(keys(var.half), keys(var.half)))) - 44970")
            + _group("sets", "length(setsubtract(setunion(keys(var.half), keys(var.half)), []))"),
        ),
    )
    data = _scan(repo)
    messages = _retention_messages(data)
    assert len([r for r in messages if r.startswith("aws_cloudwatch_log_group.each[")]) == 1000
    assert "for_each over 160000 keys; only the first 1000 instances are scanned" in _errors(data)
    assert "retention_days = 30" in messages["aws_cloudwatch_log_group.distinct"]
    assert "retention_days = 45000" in messages["aws_cloudwatch_log_group.sets"]


@pytest.mark.parametrize(
    "expression",
    ["pow(10, 100000000)", "1e400", "9" * 500, "pow(2, 5000) * 1", "1e300 * 1e300", 'tonumber("1e999")'],
)
def test_numbers_out_of_range_are_unknown(tmp_path, expression):
    repo = _repo(tmp_path, ("num.tf", _group("num", expression)))
    result = run_limited(["iac", str(repo), "--format", "json", "--no-cache"], cwd=repo)
    assert_clean_exit(result)
    data = json.loads(result.stdout)
    finding = _retention_messages(data)["aws_cloudwatch_log_group.num"]
    assert "out of range" in finding or "is not a number" in finding, finding
    assert "cannot tell" in finding


def test_huge_strings_are_capped(tmp_path):
    repo = _repo(
        tmp_path,
        ("big.txt", "x" * (3 * 1024 * 1024)),
        (
            "strings.tf",
            'locals {\n  big = file("big.txt")\n}\n'
            + _group("join", 'length(join("", [for i in range(1000) : local.big]))')
            + _group("format", 'length(format("%099999999d", 1))')
            + _group("indent", 'length(indent(100000000, "a\\nb"))')
            + _group("replace", 'length(replace(local.big, "x", "yy"))')
            + _group("template", 'length("%{for i in range(100)}${local.big}%{endfor}")')
            + _group("json", "length(jsonencode([for i in range(100) : local.big]))")
            + _group("strrev", "length(strrev(local.big))"),
        ),
    )
    data = _scan(repo)
    messages = _retention_messages(data)
    for name in ("join", "format", "indent", "replace", "template", "json"):
        message = messages[f"aws_cloudwatch_log_group.{name}"]
        assert "capped" in message, (name, message)
    assert "retention_days = 3145728" in messages["aws_cloudwatch_log_group.strrev"]


def test_modules_calling_themselves_are_cut(tmp_path):
    call = 'module "{n}" {{\n  source = "{s}"\n}}\n'
    repo = _repo(
        tmp_path,
        ("self.tf", call.format(n="me", s="./modules/a")),
        (
            "modules/a/main.tf",
            _group("a", "30") + call.format(n="b1", s="../b") + call.format(n="b2", s="../b"),
        ),
        (
            "modules/b/main.tf",
            _group("b", "30") + call.format(n="a1", s="../a") + call.format(n="a2", s="../a"),
        ),
    )
    data = _scan(repo)
    assert "calls a module that calls it (a cycle); not scanned" in _errors(data)
    assert "module.me.aws_cloudwatch_log_group.a" in _retention_messages(data)
    assert "module.me.module.b1.aws_cloudwatch_log_group.b" in _retention_messages(data)


def test_modules_fanning_out_over_22_layers_are_capped(tmp_path):
    layers = []
    for i in range(22):
        body = _group("r", "30")
        if i < 21:
            body += (
                f'module "x" {{\n  source = "../l{i + 1}"\n}}\nmodule "y" {{\n  source = "../l{i + 1}"\n}}\n'
            )
        layers.append((f"modules/l{i}/main.tf", body))
    repo = _repo(tmp_path, ("top.tf", 'module "top" {\n  source = "./modules/l0"\n}\n'), *layers)
    data = _scan(repo)
    assert "resource and module instances under" in _errors(data)
    assert "the rest are not scanned" in _errors(data)


def test_self_call_directly(tmp_path):
    repo = _repo(
        tmp_path, ("modules/a/main.tf", _group("a", "30") + 'module "again" {\n  source = "./"\n}\n')
    )
    (repo / "self.tf").write_text('module "m" {\n  source = "./modules/a"\n}\n')
    data = _scan(repo)
    assert "cycle" in _errors(data)


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize(
    "expression",
    [
        " + ".join(["1"] * 900),
        " + ".join(["1"] * 250),
        "true ? " * 500 + "1" + " : 2" * 500,
        "[" * 400 + "1" + "]" * 400,
        "(" * 600 + "1" + ")" * 600,
        '"${' * 150 + "1" + '}"' * 150,
    ],
)
def test_too_deep_expressions_are_a_parse_error_for_that_file(tmp_path, expression, cached):
    repo = _repo(tmp_path, ("deep.tf", _group("deep", expression)))
    cache = tmp_path / "cache" if cached else None
    data = _scan(repo, cache=cache)
    deep = [e for e in data["errors"] if e["file"].endswith("deep.tf")]
    assert deep, data["errors"]
    assert "nested" in deep[0]["message"]
    if cached:
        assert not [p for p in cache.rglob(".tmp-*")], "a failed cache write left a temporary file"
