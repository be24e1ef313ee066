"""The compiled HCL grammar, cached as JSON rather than as Lark's own pickle.

Building python-hcl2's LALR tables and contextual lexer takes seconds, so it is
cached per user. Lark's built-in ``cache=`` option stores a pickle, and loading
a planted pickle runs its code, so we store Lark's own plain-data serialisation
(``memo_serialize``: dicts, lists, tuples, strings, numbers) as JSON and rebuild
the parser with ``Lark._load_from_dict``, which only instantiates Lark's grammar
classes named in its allow-lists. A corrupt or foreign entry makes the load
fail, and the grammar is then built from scratch and the entry rewritten.

The key covers the grammar text, the Lark and Python versions and this format,
so any upgrade simply misses.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import lark
from lark import Lark

from scanner.util.cachedir import private_dir, read_private, sweep_stale_tmp, write_private

FORMAT = 1
MAGIC = b"privacy-scan-grammar\n"
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_LIST = "\u0000list"  # JSON has no tuples and no integer keys: lists and int-keyed dicts are tagged
_INTKEYS = "\u0000int"
# Options passed again when loading (objects like the post-lexer cannot be serialised).
_LOAD_OPTIONS = ("postlex", "propagate_positions")


def _grammar_file() -> Path:
    import hcl2

    return Path(hcl2.__file__).parent / "hcl2.lark"


def _load_kwargs() -> dict[str, Any]:
    from hcl2.postlexer import PostLexer

    return {"postlex": PostLexer(), "propagate_positions": True}


def build() -> Lark:
    """The LALR parser for HCL built from python-hcl2's grammar file (slow: seconds)."""
    return Lark.open(str(_grammar_file()), parser="lalr", **_load_kwargs())


def _key(grammar: bytes) -> str:
    digest = hashlib.sha256(grammar)
    digest.update(f"\0{FORMAT}\0{lark.__version__}\0{sys.version_info[0]}.{sys.version_info[1]}".encode())
    return digest.hexdigest()


class _Unencodable(ValueError):
    pass


def _enc(value: Any) -> Any:
    kind = type(value)
    if kind in (str, int, float, bool, type(None)):
        return value
    if kind is tuple:
        return [_enc(v) for v in value]
    if kind is list:
        return {_LIST: [_enc(v) for v in value]}
    if kind is dict:
        if all(type(k) is str for k in value):
            if _LIST in value or _INTKEYS in value:
                raise _Unencodable("a reserved key")
            return {k: _enc(v) for k, v in value.items()}
        if all(type(k) is int for k in value):
            return {_INTKEYS: [[k, _enc(v)] for k, v in value.items()]}
    raise _Unencodable(kind.__name__)


def _object_hook(obj: dict[str, Any]) -> Any:
    if _LIST in obj:
        return list(obj[_LIST])
    if _INTKEYS in obj:
        return {int(k): v for k, v in obj[_INTKEYS]}
    return obj


def encode(parser: Lark) -> bytes:
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k not in (*_LOAD_OPTIONS, "cache")}
    payload = {"data": _enc(data), "memo": _enc(memo)}
    return MAGIC + json.dumps(payload, separators=(",", ":")).encode()


def decode(blob: bytes) -> Lark:
    """A parser from an entry; any exception means a corrupt or foreign entry."""
    if not blob.startswith(MAGIC):
        raise ValueError("not a grammar entry")
    payload = json.loads(blob[len(MAGIC) :].decode("utf-8"), object_hook=_object_hook)
    if (
        type(payload) is not dict
        or type(payload.get("data")) is not dict
        or type(payload.get("memo")) is not dict
    ):
        raise ValueError("not a grammar entry")
    return Lark._load_from_dict(payload["data"], payload["memo"], **_load_kwargs())


# Parsers built or loaded in this process, by grammar key: a process never compiles twice.
_BUILT: dict[str, Lark] = {}


def hcl_parser(cache_root: Path | None) -> Lark:
    """The HCL parser, from the cache under ``cache_root`` when possible (None: no cache at all)."""
    key = _key(_grammar_file().read_bytes())
    if key not in _BUILT:
        _BUILT[key] = _load_or_build(cache_root, key)
    return _BUILT[key]


def _load_or_build(cache_root: Path | None, key: str) -> Lark:
    folder = private_dir(cache_root) if cache_root is not None else None
    if folder is None:
        return build()
    entry = folder / f"grammar-{key}.json"
    blob = read_private(entry, MAX_ENTRY_BYTES)
    if blob is not None:
        try:
            return decode(blob)
        except Exception:  # noqa: BLE001 - anything a crafted entry makes Lark raise: rebuild it
            pass
    parser = build()
    try:
        data = encode(parser)
    except (_Unencodable, ValueError, TypeError, RecursionError):
        return parser
    sweep_stale_tmp(folder)
    write_private(entry, data)
    return parser
