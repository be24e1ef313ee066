"""The cached dictionary table gives exactly simplemma's lemmas, and a damaged table is never read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import simplemma
from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

from scanner.extract import datacache, lemmadata
from scanner.util import cachedir

# Written for this test: more forms than one block holds, non-ASCII and multi-byte forms.
SMALL = {f"vorm{i:03d}": f"lemma{i % 7}" for i in range(100)} | {
    "bewaard": "bewaren",
    "geïnformeerd": "informeren",
    "ĳs": "ĳs",
    "straße": "straße",
    "€uro": "euro",
}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRIVACY_SCAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PRIVACY_SCAN_NO_CACHE", raising=False)
    cachedir.reset()
    lemmadata.table.cache_clear()
    yield tmp_path / "cache" / datacache.FOLDER
    cachedir.reset()
    lemmadata.table.cache_clear()


def test_table_answers_as_the_dictionary_it_was_made_from():
    table = lemmadata.decode(lemmadata.encode(SMALL))
    assert table is not None
    assert len(table) == len(SMALL)
    assert sorted(table) == sorted(SMALL)
    for form, lemma in SMALL.items():
        assert table.get(form) == lemma
        assert table[form] == lemma
    for missing in ("", "vorm", "vorm1000", "a", "\uffff", "bewaar", "bewaardx"):
        assert table.get(missing) is None
        with pytest.raises(KeyError):
            table[missing]


def test_a_form_that_would_break_the_lines_is_not_cached():
    assert lemmadata.encode({"a\tb": "x"}) is None
    assert lemmadata.encode({"ab": "x\ny"}) is None
    assert lemmadata.encode({"ab": "x\ry"}) is None
    assert lemmadata.encode({"": "x"}) is None


def _damaged(blob: bytes) -> list[tuple[str, bytes]]:
    head_text, _, body = blob.partition(b"\n")
    head = json.loads(head_text)

    def with_head(**changes: object) -> bytes:
        return json.dumps({**head, **changes}).encode() + b"\n" + body

    flipped = bytearray(body)
    flipped[len(body) // 2] ^= 0x01
    offsets = list(head["offsets"])
    offsets[1] += 1
    firsts = list(head["firsts"])
    firsts[1] = firsts[1][:-1] + "0"
    return [
        ("truncated", blob[: len(blob) - 10]),
        ("no head", body),
        ("not json", b"{\n" + body),
        ("not utf-8 head", b"\xff\n" + body),
        ("a list", b"[]\n" + body),
        ("other format", with_head(format=99)),
        ("flipped body byte", head_text + b"\n" + bytes(flipped)),
        ("moved offset", with_head(offsets=offsets)),
        ("changed first form", with_head(firsts=firsts)),
        ("wrong count", with_head(count=head["count"] + 1)),
        ("digest a number", with_head(digest=1)),
        ("offsets strings", with_head(offsets=[str(o) for o in head["offsets"]])),
        ("lone surrogate", with_head(firsts=["\ud800", *head["firsts"][1:]])),
    ]


def test_a_damaged_table_is_refused():
    blob = lemmadata.encode(SMALL)
    assert blob is not None
    for what, damaged in _damaged(blob):
        assert lemmadata.decode(damaged) is None, what


def test_cached_table_gives_simplemmas_lemmas(cache: Path, monkeypatch: pytest.MonkeyPatch):
    full = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    cache.mkdir(parents=True, mode=0o700)
    (cache / "lemmas-en-0000.txt").write_bytes(b"a table of another simplemma")
    (cache / "lemmas-nl-0000.txt").write_bytes(b"the other language's table")
    table = lemmadata.table("en")
    assert isinstance(table, lemmadata.Table)
    (path,) = cache.glob("lemmas-en-*.txt")  # the superseded table is gone, the other kept
    assert path.name != "lemmas-en-0000.txt" and (cache / "lemmas-nl-0000.txt").exists()
    assert lemmadata.table("../en") is None  # a language code is never a path
    assert len(table) == len(full)
    forms = list(full)[::97]
    for form in forms:
        assert table.get(form) == full.get(form), form
        assert table.get(form + "q") == full.get(form + "q"), form
    words = [*forms[::10], "stored", "encrypted", "kept", "logs", "servers", "data's", "e-mail", "Amsterdam"]
    assert [lemmadata.lemmatize(w, "en") for w in words] == [simplemma.lemmatize(w, lang="en") for w in words]

    good = path.read_bytes()
    lemmadata.table.cache_clear()

    def refuse(_self: object, _lang: str) -> None:
        raise AssertionError("the shipped dictionary was decoded although a valid table is cached")

    with monkeypatch.context() as m:
        m.setattr(type(DEFAULT_DICTIONARY_FACTORY), "get_dictionary", refuse)
        assert lemmadata.table("en").get("stored") == full.get("stored")

    for what, damaged in _damaged(good)[:2]:  # the rest are refused by decode alone (above)
        path.write_bytes(damaged)
        lemmadata.table.cache_clear()
        assert lemmadata.table("en").get("stored") == full.get("stored"), what
        assert path.read_bytes() == good, what


def test_without_a_cache_simplemma_is_used_as_shipped(cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PRIVACY_SCAN_NO_CACHE", "1")
    assert lemmadata.table("en") is None
    assert lemmadata.lemmatize("stored", "en") == simplemma.lemmatize("stored", lang="en")
    assert not cache.exists()
