"""A small, typed, picklable syntax tree for HCL.

python-hcl2's dict output loses structure (interpolations become strings) and
line numbers, and its Lark tree is large and slow to pickle. This tree keeps
exactly what evaluation needs — expressions, block structure, lines, and the
source text of attributes for messages — so it can be cached per file and
evaluated many times (once per module instance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# --------------------------------------------------------------------------- expressions


@dataclass(slots=True)
class Lit:
    """A literal: number, bool, null (None) or a string without interpolation."""

    value: Any


@dataclass(slots=True)
class Name:
    """A bare identifier: ``var``, ``local``, ``aws_s3_bucket``, a for-loop variable."""

    name: str


@dataclass(slots=True)
class GetAttr:
    obj: Expr
    name: str


@dataclass(slots=True)
class Index:
    obj: Expr
    key: Expr


@dataclass(slots=True)
class Splat:
    """``obj[*].a.b`` (full) or ``obj.*.a`` (attribute): ``ops`` apply to every element."""

    obj: Expr
    ops: list[tuple[str, Any]]  # ("attr", name) | ("index", Expr)


@dataclass(slots=True)
class Call:
    name: str
    args: list[Expr]
    expand_last: bool = False  # f(a, list...)


@dataclass(slots=True)
class BinOp:
    op: str
    left: Expr
    right: Expr


@dataclass(slots=True)
class Unary:
    op: str  # "-" | "!"
    operand: Expr


@dataclass(slots=True)
class Cond:
    cond: Expr
    then: Expr
    other: Expr


@dataclass(slots=True)
class TupleExpr:
    items: list[Expr]


@dataclass(slots=True)
class ObjectExpr:
    """``{ key = value }``; a bare-identifier key is a ``Lit`` string, as in HCL."""

    items: list[tuple[Expr, Expr]]


@dataclass(slots=True)
class ForExpr:
    """``[for k, v in coll : expr if cond]`` or ``{for k, v in coll : key => value... if cond}``."""

    key_var: str | None
    value_var: str
    collection: Expr
    value: Expr
    key: Expr | None = None  # set for object form
    cond: Expr | None = None
    group: bool = False


@dataclass(slots=True)
class TemplateIf:
    cond: Expr
    then: list[TemplatePart]
    other: list[TemplatePart]


@dataclass(slots=True)
class TemplateFor:
    key_var: str | None
    value_var: str
    collection: Expr
    body: list[TemplatePart]


TemplatePart = Union[str, "Expr", TemplateIf, TemplateFor]


@dataclass(slots=True)
class Template:
    """A string with interpolations and directives; a lone ``"${x}"`` keeps x's type."""

    parts: list[TemplatePart]


Expr = Union[  # noqa: UP007 - a runtime alias; X | Y needs every member defined first
    Lit, Name, GetAttr, Index, Splat, Call, BinOp, Unary, Cond, TupleExpr, ObjectExpr, ForExpr, Template
]

# --------------------------------------------------------------------------- structure


@dataclass(slots=True)
class Attribute:
    name: str
    expr: Expr
    line: int
    src: str = ""  # the expression's source text, for messages


@dataclass(slots=True)
class Block:
    type: str
    labels: list[str]
    body: Body
    line: int


@dataclass(slots=True)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class File:
    """One parsed file; ``path`` is filled in by the loader, not cached."""

    body: Body
    path: str = ""
