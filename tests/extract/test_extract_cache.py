"""The extractor's start-up cache only saves work: a cached vocabulary is the YAML's, and an entry
that is corrupt, foreign or malformed is ignored and rewritten, never believed."""

from __future__ import annotations

import datetime
import json
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from scanner.extract import datacache
from scanner.extract.prefilter import literals_of, required_literals
from scanner.extract.vocabulary import loading
from scanner.util import cachedir

FILES = sorted(
    p.name for p in resources.files("scanner.extract.vocabulary").iterdir() if p.name.endswith(".yaml")
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh private cache location for this test only."""
    monkeypatch.setenv("PRIVACY_SCAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PRIVACY_SCAN_NO_CACHE", raising=False)
    cachedir.reset()
    yield tmp_path / "cache" / datacache.FOLDER
    cachedir.reset()


def _fresh(filename: str) -> tuple[dict, dict]:
    text = resources.files("scanner.extract.vocabulary").joinpath(filename).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return data, {p: required_literals(re.compile(p, re.I)) for p in loading.expressions(data)}


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_text: str) -> None:
        raise AssertionError("the YAML was parsed although a valid cache entry exists")

    monkeypatch.setattr(loading.yaml, "safe_load", refuse)


@pytest.mark.parametrize("filename", FILES)
def test_cached_vocabulary_is_the_yaml_and_its_literals(filename: str, cache: Path, monkeypatch):
    expected = _fresh(filename)
    assert loading.load(filename) == expected
    assert len(list(cache.glob("vocabulary-*.json"))) == 1
    _no_yaml(monkeypatch)
    assert loading.load(filename) == expected


def test_literals_without_compiling_equal_those_of_the_compiled_expression():
    for filename in FILES:
        data, _ = _fresh(filename)
        for source in loading.expressions(data):
            assert literals_of(source, re.I) == required_literals(re.compile(source, re.I)), source
    with pytest.raises(re.error):
        literals_of(r"(unclosed", re.I)


def _mutations(entry: dict) -> list[tuple[str, object]]:
    source = next(iter(entry["literals"]))
    first = entry["data"]["entries"][0]
    return [
        ("truncated", None),
        ("not json", b"\x80\x81 not json"),
        ("a list", []),
        ("no literals", {"data": entry["data"]}),
        (
            "missing literal",
            {**entry, "literals": {k: v for k, v in entry["literals"].items() if k != source}},
        ),
        ("literal not a list", {**entry, "literals": {**entry["literals"], source: "tls"}}),
        ("empty literal", {**entry, "literals": {**entry["literals"], source: [""]}}),
        ("empty literal set", {**entry, "literals": {**entry["literals"], source: []}}),
        ("match a number", {**entry, "data": {**entry["data"], "entries": [{**first, "match": 7}]}}),
        ("examples a string", {**entry, "data": {**entry["data"], "entries": [{**first, "examples": "x"}]}}),
        ("entries a dict", {**entry, "data": {**entry["data"], "entries": {"id": "x"}}}),
        (
            "entry without id",
            {**entry, "data": {**entry["data"], "entries": [{k: v for k, v in first.items() if k != "id"}]}},
        ),
        ("params a list", {**entry, "data": {**entry["data"], "entries": [{**first, "params": [1]}]}}),
        ("lang a number", {**entry, "data": {**entry["data"], "entries": [{**first, "lang": 1}]}}),
    ]


def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(cache: Path):
    filename = "transport-encryption.yaml"
    expected = _fresh(filename)
    loading.load(filename)
    (path,) = cache.glob("vocabulary-*.json")
    good = path.read_bytes()
    entry = json.loads(good)
    for what, mutated in _mutations(entry):
        if mutated is None:
            blob = good[: len(good) // 2]
        elif isinstance(mutated, bytes):
            blob = mutated
        else:
            blob = json.dumps(mutated).encode()
        path.write_bytes(blob)
        assert loading.decode(blob) is None, what
        assert loading.load(filename) == expected, what
        assert path.read_bytes() == good, what


def test_a_planted_symlink_or_directory_is_a_miss(cache: Path, tmp_path: Path):
    filename = "encryption-at-rest.yaml"
    expected = _fresh(filename)
    loading.load(filename)
    (path,) = cache.glob("vocabulary-*.json")
    decoy = tmp_path / "decoy.json"
    decoy.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(decoy)
    assert datacache.read(path.name, loading.MAX_ENTRY_BYTES) is None
    assert loading.load(filename) == expected
    assert not path.is_symlink()  # replaced by a real entry


def test_data_json_would_change_is_not_cached():
    assert loading.encode({"entries": [], 1: "one"}, {}) is None
    assert loading.encode({"when": datetime.date(2024, 1, 1)}, {}) is None
    assert loading.encode({"x": float("nan")}, {}) is None
    assert loading.decode(loading.encode({"entries": []}, {})) == ({"entries": []}, {})


def test_no_cache_writes_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PRIVACY_SCAN_NO_CACHE", "1")
    assert loading.load("retention-limit.yaml") == _fresh("retention-limit.yaml")
    assert not cache.exists()
