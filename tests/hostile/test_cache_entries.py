"""Cache entries an attacker wrote, and trees the cache cannot hold, in-process.

Corrupt entries (bad header, truncated, wrong types, valid JSON of the wrong shape, a node
type where another is expected, deep nesting, a symlink or FIFO at the key) are misses that
get re-parsed and rewritten; a tree too deep to encode is just not cached and leaves no
temporary file; a cache directory another user owns is not used.
"""

from __future__ import annotations

import json
import os
import stat
import time
import uuid
from pathlib import Path

import pytest

from scanner.engine import catalogue
from scanner.sources.terraform import ast, ast_codec, loader
from scanner.sources.terraform.cache import MAGIC, AstCache, content_key
from scanner.sources.terraform.loader import load_config
from scanner.sources.terraform.parser import hcl2_version, parse_text
from scanner.util import cachedir


@pytest.fixture(autouse=True)
def fresh_checks():
    """private_dir remembers its verdict per path for the process; tests change modes."""
    cachedir._checked.clear()
    yield
    cachedir._checked.clear()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "main.tf").write_text(
        f"# {uuid.uuid4()}\n"
        'resource "aws_cloudwatch_log_group" "g" {\n'
        '  name              = "app-${2 + 3}"\n'
        "  retention_in_days = [for d in [7, 14] : d * 2][0]\n"
        '  tags              = { Owner = "team", Tier = upper("x") }\n'
        "}\n"
    )
    return root


def _entry(project: Path, cache: Path) -> Path:
    key = content_key((project / "main.tf").read_bytes(), hcl2_version())
    return cache / "ast" / key[-64:-62] / f"{key}.json"


def _load(project: Path, cache: Path) -> tuple[list, int]:
    before = loader.PARSE_COUNT
    config = load_config([project], env={"PRIVACY_SCAN_CACHE_DIR": str(cache)})
    return [(b.address, b.attrs) for b in config.blocks], loader.PARSE_COUNT - before


EXPECTED = [
    (
        "aws_cloudwatch_log_group.g",
        {"name": "app-5", "retention_in_days": 14, "tags": {"Owner": "team", "Tier": "X"}},
    )
]


def test_every_ast_class_round_trips():
    text = (
        "locals {\n  a = var.x.y[0]\n  b = aws_s3_bucket.b[*].id\n  c = f(1, [2]...)\n  d = -1 + 2 * 3\n"
        '  e = !true ? null : 1.5\n  f = { for k, v in var.m : k => v... if v != "" }\n'
        '  g = "pre-${var.x}-%{ if var.y }yes%{ else }no%{ endif }%{ for i in [1] }${i}%{ endfor }"\n'
        '  h = var.l.*.name\n  i = { a = 1 }\n}\nresource "a" "b" {\n  nested {\n    x = 1\n  }\n}\n'
    )
    tree = parse_text(text, "")
    seen = set()

    def walk(value):
        if isinstance(value, list | tuple):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif type(value) in ast_codec._TAG:
            seen.add(type(value))
            for name in ast_codec._FIELDS[type(value)]:
                walk(getattr(value, name))

    walk(tree)
    assert seen == set(ast_codec.NODE_TYPES)  # the sample exercises every node type
    assert ast_codec.decode(ast_codec.encode(tree)) == tree


@pytest.mark.parametrize(
    "blob",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\x80\x04\x95not a pickle", id="pickle-header"),
        pytest.param(MAGIC, id="header-only"),
        pytest.param(MAGIC + b'[18,[17,{"a":[15,"a",[0,1', id="truncated"),
        pytest.param(MAGIC + b'{"body": {}}', id="object-instead-of-node"),
        pytest.param(MAGIC + b"[17,{},[]]", id="body-where-file-expected"),
        pytest.param(MAGIC + b"[18,[17,{},[]],5]", id="wrong-arity"),
        pytest.param(
            MAGIC + b'[18,[17,{"a":[15,"a",[17,{},[]],1,""]},[]]]', id="body-where-expression-expected"
        ),
        pytest.param(MAGIC + b'[18,[17,{"a":[15,"a",[0,[1,2]],1,""]},[]]]', id="literal-holding-a-list"),
        pytest.param(MAGIC + b'[18,[17,{"a":[15,"a",[0,1],"1",""]},[]]]', id="line-as-string"),
        pytest.param(MAGIC + b'[18,[17,{"a":[15,"a",[0,1],true,""]},[]]]', id="line-as-bool"),
        pytest.param(MAGIC + b'[18,[17,{"a":[15,"a",[99,1],1,""]},[]]]', id="unknown-tag"),
        pytest.param(MAGIC + b'[18,[17,{"a":[15,"a",[[0],1],1,""]},[]]]', id="list-as-tag"),
        pytest.param(
            MAGIC + b'[18,[17,{"a":[15,"a",[4,[1,"x"],[["exec","x"]]],1,""]},[]]]', id="unknown-splat-op"
        ),
        pytest.param(MAGIC + b"[18," * 100_000 + b"]" * 100_000, id="deep-nesting"),
        pytest.param(
            MAGIC
            + b'[18,[17,{"a":[15,"a",'
            + b'[6,"+",[0,1],' * 5000
            + b"[0,1]"
            + b"]" * 5000
            + b',1,""]},[]]]',
            id="deep-binop",
        ),
        pytest.param(MAGIC + "[18,[17,{},[]]]".encode("utf-16"), id="not-utf8"),
    ],
)
def test_a_corrupt_entry_is_a_miss_then_rewritten(project, tmp_path, blob):
    cache = tmp_path / "cache"
    assert _load(project, cache) == (EXPECTED, 1)
    entry = _entry(project, cache)
    entry.write_bytes(blob)
    assert AstCache(cache).get(entry.stem) is None
    assert _load(project, cache) == (EXPECTED, 1)  # parsed again
    assert entry.read_bytes().startswith(MAGIC + b"[18,")
    assert _load(project, cache) == (EXPECTED, 0)  # and the rewritten entry is used


def test_a_symlink_or_fifo_at_the_key_is_a_miss_not_a_read(project, tmp_path):
    cache = tmp_path / "cache"
    _load(project, cache)
    entry = _entry(project, cache)
    good = entry.read_bytes()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(good)
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert AstCache(cache).get(entry.stem) is None
    entry.unlink()
    os.mkfifo(entry)
    assert AstCache(cache).get(entry.stem) is None  # opened without blocking, then refused
    entry.unlink()
    entry.write_bytes(good)
    assert AstCache(cache).get(entry.stem) is not None


def test_a_tree_too_deep_to_encode_is_not_cached_and_leaves_no_temp_file(tmp_path):
    # The parser now refuses expressions nested over its depth limit, so a tree this deep cannot
    # come from a .tf file any more; the cache must still survive one (a future parser change).
    expr: ast.Expr = ast.Lit(1)
    for _ in range(5000):
        expr = ast.BinOp("+", ast.Lit(1), expr)
    attribute = ast.Attribute("retention_in_days", expr, 3)
    block = ast.Block(
        "resource", ["aws_cloudwatch_log_group", "g"], ast.Body({"retention_in_days": attribute}), 1
    )
    cache = tmp_path / "cache"
    tree = ast.File(ast.Body({}, [block]))
    try:
        ast_codec.encode(tree)
    except RecursionError:
        encodable = False
    else:  # a Python with a cheaper stack may manage it: then it must round-trip
        encodable = True
    store = AstCache(cache)
    key = "v2-x-hcl2-y-" + "ab" * 32
    store.put(key, tree)
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.startswith(".tmp-")]  # no 0-byte temporary file
    if encodable:
        assert store.get(key) in (tree, None)
    else:
        assert files == []  # not cached


def test_stale_temp_files_are_swept_and_fresh_ones_kept(project, tmp_path):
    cache = tmp_path / "cache"
    entry = _entry(project, cache)
    entry.parent.mkdir(parents=True)
    stale = entry.parent / ".tmp-killedscan"
    fresh = entry.parent / ".tmp-running"
    stale.write_bytes(b"")
    fresh.write_bytes(b"")
    old = time.time() - 2 * cachedir.STALE_TMP_SECONDS
    os.utime(stale, (old, old))
    _load(project, cache)
    assert not stale.exists() and fresh.exists() and entry.is_file()


def test_a_cache_directory_owned_by_another_user_is_not_used(project, tmp_path, capsys):
    if os.geteuid() != 0:
        pytest.skip("chown to another user needs root")
    cache = tmp_path / "foreign"
    cache.mkdir(mode=0o700)
    os.chown(cache, 54321, 54321)
    assert cachedir.private_dir(cache) is None
    assert _load(project, cache) == (EXPECTED, 1)
    assert _load(project, cache) == (EXPECTED, 1)  # nothing was cached
    assert list(cache.iterdir()) == []
    warnings = capsys.readouterr().err.splitlines()
    assert (
        warnings.count(
            f"warning: cache directory {cache} is not used: it is owned by another user (uid 54321); "
            "scanning without a cache"
        )
        == 1
    )


def test_own_readable_cache_directory_is_tightened_and_used(tmp_path):
    cache = tmp_path / "old"
    cache.mkdir()
    os.chmod(cache, 0o755)  # as earlier versions created it
    assert cachedir.private_dir(cache) == cache
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_a_crafted_catalogue_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("PRIVACY_SCAN_CACHE_DIR", str(tmp_path / "cache"))
    first = catalogue.load_catalogue()
    (entry,) = (tmp_path / "cache" / "catalogue").iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    rows = json.loads(entry.read_bytes()[len(catalogue.CACHE_MAGIC) :])
    variants = {
        "pickle": b"\x80\x04\x95" + entry.read_bytes(),
        "not-a-list": catalogue.CACHE_MAGIC + b'{"checks": []}',
        "extra-field": [{**rows[0], "exec": "x"}, *rows[1:]],
        "bad-kind": [{**rows[0], "kinds": ["spaceship"]}, *rows[1:]],
        "bad-severity": [{**rows[0], "severity": "none"}, *rows[1:]],
        "bad-condition": [{**rows[0], "condition": {"attr": "x", "run": "rm"}}, *rows[1:]],
        "unknown-predicate": [{**rows[0], "condition": {"predicate": "nope"}}, *rows[1:]],
        "deep-condition": [
            {**rows[0], "condition": json.loads('{"not":' * 500 + "{}" + "}" * 500)},
            *rows[1:],
        ],
        "condition-as-string": [{**rows[0], "condition": "all"}, *rows[1:]],
    }
    for name, variant in variants.items():
        blob = variant if isinstance(variant, bytes) else catalogue.CACHE_MAGIC + json.dumps(variant).encode()
        entry.write_bytes(blob)
        assert catalogue._read_cache(entry) is None, name
        assert catalogue.load_catalogue() == first, name
        assert entry.read_bytes() != blob, name  # rewritten
    assert catalogue._read_cache(entry) == first


def test_a_valid_tree_of_every_statement_construct_decodes_to_known_classes_only(project):
    tree = parse_text((project / "main.tf").read_text(), "")
    decoded = ast_codec.decode(ast_codec.encode(tree))
    assert isinstance(decoded, ast.File) and decoded == tree
