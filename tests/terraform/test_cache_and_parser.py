"""The per-file AST cache, the parallel parse path, and the hcl2 installation check."""

from __future__ import annotations

import sys
import types
import uuid
from pathlib import Path

import pytest

from scanner.sources.terraform import loader, parser
from scanner.sources.terraform.cache import content_key
from scanner.sources.terraform.loader import load_config
from scanner.sources.terraform.parser import hcl2_version
from scanner.state import ScanError

# The compiled grammar's cache key includes its path, so every test shares one cache
# directory (a fresh one would cost seconds); a unique file content per test keeps
# their AST entries apart.


@pytest.fixture
def project(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    (tmp_path / "main.tf").write_text(
        f"# {request.node.name} {uuid.uuid4()}\n"
        'variable "env" {}\n'
        'resource "aws_s3_bucket" "data" {\n  bucket = "acme-${var.env}-data"\n}\n'
    )
    return tmp_path


def _entry(project: Path, cache: Path) -> Path:
    key = content_key((project / "main.tf").read_bytes(), hcl2_version())
    return cache / "ast" / key[-64:-62] / f"{key}.json"


def _load(project: Path, cache: Path, **kwargs):
    before = loader.PARSE_COUNT
    config = load_config(
        [project], env={"PRIVACY_SCAN_CACHE_DIR": str(cache)}, cli_vars={"env": "x"}, **kwargs
    )
    return config, loader.PARSE_COUNT - before


def test_second_load_does_not_parse_and_gives_the_same_blocks(project, cache_root):
    first, parsed = _load(project, cache_root)
    assert parsed == 1
    assert _entry(project, cache_root).is_file()
    second, parsed_again = _load(project, cache_root)
    assert parsed_again == 0
    assert [(b.address, b.attrs, b.lines) for b in second.blocks] == [
        (b.address, b.attrs, b.lines) for b in first.blocks
    ]
    assert second.blocks[0].attrs == {"bucket": "acme-x-data"}


def test_corrupt_entry_is_ignored_and_rewritten(project, cache_root):
    _load(project, cache_root)
    entry = _entry(project, cache_root)
    entry.write_bytes(b"\x80\x04not a pickle")
    config, parsed = _load(project, cache_root)
    assert parsed == 1
    assert config.blocks[0].attrs == {"bucket": "acme-x-data"}
    _, parsed_again = _load(project, cache_root)
    assert parsed_again == 0  # the entry was rewritten


def test_use_cache_false_neither_reads_nor_writes(project, cache_root):
    _, parsed = _load(project, cache_root, use_cache=False)
    assert parsed == 1
    assert not _entry(project, cache_root).exists()
    _load(project, cache_root)
    _, parsed = _load(project, cache_root, use_cache=False)
    assert parsed == 1


def test_parallel_parse_equals_in_process(tmp_path, cache_root):
    project = tmp_path / "many"
    project.mkdir()
    for i in range(12):
        (project / f"f{i:02}.tf").write_text(
            f'resource "aws_cloudwatch_log_group" "g{i}" {{\n  name = "g-{i}"\n  retention_in_days = {i} * 2\n}}\n'
        )
    (project / "broken.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = \n}\n')
    results = []
    for workers in (1, 3):
        config = load_config(
            [project], env={"PRIVACY_SCAN_CACHE_DIR": str(cache_root)}, use_cache=False, workers=workers
        )
        results.append(([(b.address, b.attrs, b.line) for b in config.blocks], config.errors))
    assert results[0] == results[1]
    assert len(results[0][0]) == 12
    assert results[0][0][5] == ("aws_cloudwatch_log_group.g5", {"name": "g-5", "retention_in_days": 10}, 1)
    assert [(e.message, e.file, e.line) for e in results[0][1]] == [
        ("syntax error: unexpected }", (project / "broken.tf").as_posix(), 2)
    ]


def test_check_hcl2_accepts_python_hcl2_and_refuses_a_foreign_module(monkeypatch):
    parser.check_hcl2.cache_clear()
    assert parser.check_hcl2() is None
    fake_version = types.ModuleType("hcl2.version")
    fake_version.__version__ = "0.4.3"
    monkeypatch.setitem(sys.modules, "hcl2.version", fake_version)
    monkeypatch.setattr(parser, "_installed", lambda name: name == "bc-python-hcl2")
    parser.check_hcl2.cache_clear()
    try:
        message = parser.check_hcl2()
    finally:
        parser.check_hcl2.cache_clear()
    assert message == (
        "the hcl2 module comes from bc-python-hcl2 (Checkov's fork), not python-hcl2 8.x; "
        "pip install --force-reinstall 'python-hcl2>=8.1,<9' (in a virtualenv of its own if Checkov is installed)"
    )


def test_parse_expression(cache_root):
    from scanner.sources.terraform import ast

    assert parser.parse_expression("[1, 2]", str(cache_root)) == ast.TupleExpr([ast.Lit(1), ast.Lit(2)])
    with pytest.raises(parser.ParseFailure):
        parser.parse_expression("a = b", str(cache_root))


def test_a_module_repository_root_parses_only_what_its_configuration_uses(load):
    before = loader.PARSE_COUNT
    config = load("module_repo", use_cache=False)
    assert loader.PARSE_COUNT - before == 2  # main.tf and modules/inner: not examples/ nor modules/unused
    assert [b.address for b in config.blocks] == [
        "aws_s3_bucket.this",
        "module.inner.aws_cloudwatch_log_group.this",
    ]
    assert config.errors == [] and config.warnings == []


def test_a_module_repository_examples_are_roots_and_their_parse_errors_named(load):
    config = load("module_repo/examples", use_cache=False)
    assert [b.address for b in config.blocks] == [
        "module.repo.aws_s3_bucket.this",
        "module.repo.module.inner.aws_cloudwatch_log_group.this",
    ]
    assert config.errors == [
        ScanError(
            "syntax error: unexpected end of file",
            "fixtures/terraform/constructs/module_repo/examples/broken/bad.tf",
            5,
        )
    ]
