"""Encode :mod:`ast` trees as compact JSON and decode them back into known classes only.

The AST cache used to hold pickles, and loading a pickle runs whatever code it
names: a crafted entry at a predictable key (the SHA-256 of a file's content) was
code execution on the next scan. This codec writes plain JSON and its decoder is
driven by the type hints of the :mod:`ast` dataclasses: every node is an array
``[tag, field, ...]`` whose tag must be an allowed class *at that position*, and
every field must have the type its hint says. Anything else raises
:class:`CorruptEntry` and the caller re-parses the file.

The tags and the field lists are derived from :mod:`ast` itself, and
:data:`SCHEMA` (a digest of them) is part of every cache key, so changing a class
there simply invalidates old entries instead of mis-decoding them.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import types
import typing
from collections.abc import Callable
from typing import Any

from scanner.sources.terraform import ast


class CorruptEntry(ValueError):
    """The data is not an encoded :class:`ast.File` of this schema."""


class Unencodable(ValueError):
    """The tree holds something the codec does not know (so it is not cached)."""


# Every class an entry may contain, in a fixed order: the index is the tag.
NODE_TYPES: tuple[type, ...] = (
    ast.Lit,
    ast.Name,
    ast.GetAttr,
    ast.Index,
    ast.Splat,
    ast.Call,
    ast.BinOp,
    ast.Unary,
    ast.Cond,
    ast.TupleExpr,
    ast.ObjectExpr,
    ast.ForExpr,
    ast.TemplateIf,
    ast.TemplateFor,
    ast.Template,
    ast.Attribute,
    ast.Block,
    ast.Body,
    ast.File,
)
_TAG = {cls: i for i, cls in enumerate(NODE_TYPES)}
# File.path is set by the loader for each use, never cached.
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls) if not (cls is ast.File and f.name == "path"))
    for cls in NODE_TYPES
}
SCHEMA = hashlib.sha256(repr([(cls.__name__, _FIELDS[cls]) for cls in NODE_TYPES]).encode()).hexdigest()[:12]

_SCALARS = (str, int, float, bool, type(None))


# --------------------------------------------------------------------------- encoding


def _enc(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [_enc(item) for item in value]
    if kind is dict:
        return {_key(k): _enc(v) for k, v in value.items()}
    tag = _TAG.get(kind)
    if tag is None:
        raise Unencodable(kind.__name__)
    return [tag, *[_enc(getattr(value, name)) for name in _FIELDS[kind]]]


def _key(key: Any) -> str:
    if type(key) is not str:
        raise Unencodable("a mapping key that is not a string")
    return key


def encode(file: ast.File) -> bytes:
    """UTF-8 JSON for ``file`` (without its path).

    Raises :class:`Unencodable` for an unknown value, RecursionError for a tree nested
    deeper than Python's stack allows; either way the caller just does not cache it.
    """
    return json.dumps(_enc(file), ensure_ascii=False, separators=(",", ":"), check_circular=False).encode()


# --------------------------------------------------------------------------- decoding

Decoder = Callable[[Any], Any]


def _fail(what: str) -> typing.NoReturn:
    raise CorruptEntry(what)


def _scalar(value: Any) -> Any:
    if type(value) not in _SCALARS:
        _fail("a literal that is not a scalar")
    return value


def _exact(kind: type) -> Decoder:
    def dec(value: Any) -> Any:
        if type(value) is not kind:
            _fail(f"expected {kind.__name__}")
        return value

    return dec


def _optional(inner: Decoder) -> Decoder:
    return lambda value: None if value is None else inner(value)


def _list_of(inner: Decoder) -> Decoder:
    def dec(value: Any) -> list[Any]:
        if type(value) is not list:
            _fail("expected a list")
        return [inner(item) for item in value]

    return dec


def _tuple_of(inners: tuple[Decoder, ...]) -> Decoder:
    def dec(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != len(inners):
            _fail("expected a pair")
        return tuple(d(v) for d, v in zip(inners, value, strict=True))

    return dec


def _dict_of(inner: Decoder) -> Decoder:
    def dec(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            _fail("expected a mapping")
        return {k: inner(v) for k, v in value.items()}

    return dec


_CLASS_DECODERS: dict[int, Decoder] = {}


def _nodes(classes: typing.Iterable[type], allow_str: bool = False) -> Decoder:
    """A node whose class is one of ``classes`` (and a plain string too when ``allow_str``)."""
    allowed = frozenset(_TAG[c] for c in classes)
    table = _CLASS_DECODERS

    def dec(value: Any) -> Any:
        if allow_str and type(value) is str:
            return value
        if type(value) is not list or not value:
            _fail("expected a node")
        tag = value[0]
        if type(tag) is not int or tag not in allowed:
            _fail("a node type not allowed here")
        return table[tag](value)

    return dec


def _splat_op(value: Any) -> tuple[str, Any]:
    if type(value) is not list or len(value) != 2:
        _fail("a splat operation that is not a pair")
    if value[0] == "attr" and type(value[1]) is str:
        return ("attr", value[1])
    if value[0] == "index":
        return ("index", _EXPR(value[1]))
    return _fail("an unknown splat operation")


def _union_members(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _decoder_for(owner: type, name: str, hint: Any) -> Decoder:
    """The decoder for field ``name`` of ``owner`` from its resolved type hint."""
    if (owner, name) == (ast.Lit, "value"):
        return _scalar
    if (owner, name) == (ast.Splat, "ops"):
        return _list_of(_splat_op)
    members = _union_members(hint)
    if len(members) > 1:
        rest = tuple(m for m in members if m is not type(None))
        inner = _decoder_for(owner, name, rest[0]) if len(rest) == 1 else _union(rest)
        return _optional(inner) if len(rest) < len(members) else inner
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is list:
        return _list_of(_decoder_for(owner, name, args[0]))
    if origin is tuple:
        return _tuple_of(tuple(_decoder_for(owner, name, a) for a in args))
    if origin is dict and args[0] is str:
        return _dict_of(_decoder_for(owner, name, args[1]))
    if hint in (str, int, bool):
        return _exact(hint)
    if hint in _TAG:
        return _nodes([hint])
    raise TypeError(f"ast_codec: no decoder for {owner.__name__}.{name}: {hint!r}")  # pragma: no cover


def _union(members: tuple[Any, ...]) -> Decoder:
    """A union of node classes, possibly with ``str`` (template parts)."""
    if any(m not in _TAG and m is not str for m in members):
        raise TypeError(f"ast_codec: unsupported union {members!r}")  # pragma: no cover
    return _nodes([m for m in members if m is not str], allow_str=str in members)


_INLINE_EXACT = {str: "str", int: "int", bool: "bool"}
# tag -> class decoder tables for the unions met while compiling, filled once every class is built.
_PENDING_TABLES: dict[frozenset[int], dict[int, Decoder]] = {}


def _inline(owner: type, name: str, hint: Any, var: str, ns: dict[str, Any]) -> tuple[list[str], str]:
    """(checks, expression) decoding the JSON value in ``var`` for a field of type ``hint``.

    The common shapes (a scalar, a node of a union, a list of them) are written inline, which
    makes warm scans several times faster than one closure call per value; anything else calls
    the generic decoder built by :func:`_decoder_for`.
    """
    members = _union_members(hint)
    generic = (owner, name) in ((ast.Lit, "value"), (ast.Splat, "ops"))
    if not generic and hint in _INLINE_EXACT:
        return [f"if type({var}) is not {_INLINE_EXACT[hint]}: _fail('expected {hint.__name__}')"], var
    nodes = [m for m in members if m in _TAG]
    rest = [m for m in members if m not in _TAG]
    if not generic and nodes and set(rest) <= {str, type(None)}:
        table = f"T{len(ns)}"
        ns[table] = _PENDING_TABLES.setdefault(frozenset(_TAG[m] for m in nodes), {})
        expr = f"{table}[{var}[0]]({var})"
        if str in rest:
            expr = f"({var} if type({var}) is str else {expr})"
        if type(None) in rest:
            expr = f"(None if {var} is None else {expr})"
        return [], expr
    if not generic and typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        checks, expr = _inline(owner, name, item, "e", ns)
        if not checks:
            return [f"if type({var}) is not list: _fail('expected a list')"], f"[{expr} for e in {var}]"
    if not generic and typing.get_origin(hint) is dict and typing.get_args(hint)[0] is str:
        checks, expr = _inline(owner, name, typing.get_args(hint)[1], "a", ns)
        if not checks:  # JSON object keys are always strings
            return [f"if type({var}) is not dict: _fail('expected a mapping')"], (
                f"{{k: {expr} for k, a in {var}.items()}}"
            )
    helper = f"D{len(ns)}"
    ns[helper] = _decoder_for(owner, name, hint)
    return [], f"{helper}({var})"


def _class_decoder(cls: type, hints: dict[str, Any]) -> Decoder:
    """A decoder for ``cls`` compiled from its type hints (generated from the class, never from data)."""
    ns: dict[str, Any] = {"_fail": _fail, "C": cls}
    lines = ["def dec(v):", f"    if len(v) != {len(_FIELDS[cls]) + 1}: _fail('{cls.__name__}: wrong arity')"]
    args = []
    for i, name in enumerate(_FIELDS[cls], start=1):
        var = f"x{i}"
        checks, expr = _inline(cls, name, hints[name], var, ns)
        lines.append(f"    {var} = v[{i}]")
        lines.extend(f"    {c}" for c in checks)
        args.append(expr)
    lines.append(f"    return C({', '.join(args)})")
    exec(compile("\n".join(lines), f"<ast_codec {cls.__name__}>", "exec"), ns)  # noqa: S102 - our own source
    return ns["dec"]


def _build() -> Decoder:
    hints_ns = vars(ast)
    global _EXPR
    _EXPR = _union(_union_members(typing.get_type_hints(ast.Attribute, hints_ns)["expr"]))
    for cls in NODE_TYPES:
        _CLASS_DECODERS[_TAG[cls]] = _class_decoder(cls, typing.get_type_hints(cls, hints_ns))
    for tags, table in _PENDING_TABLES.items():
        table.update({tag: _CLASS_DECODERS[tag] for tag in tags})
    return _nodes([ast.File])


_EXPR: Decoder = _scalar  # replaced by _build
_FILE = _build()


def decode(data: bytes) -> ast.File:
    """The :class:`ast.File` encoded in ``data``; :class:`CorruptEntry` for anything else."""
    # The JSON arrays are thrown away as soon as the nodes are built: no garbage collection
    # pass can free anything meanwhile, and skipping them makes a warm scan ~20% cheaper.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        raw = json.loads(data.decode("utf-8"))  # UTF-8 only (json.loads would guess UTF-16/32)
        return _FILE(raw)
    except CorruptEntry:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, MemoryError) as exc:
        # bad JSON, a node of a type not allowed there (KeyError), a missing field, too deep
        raise CorruptEntry(exc.__class__.__name__) from None
    finally:
        if gc_was_on:
            gc.enable()
