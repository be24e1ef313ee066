"""Variable type constraints: parsing ``type = ...`` and Terraform's conversion to it.

Terraform converts every value given to a variable (and the variable's own
``default``) to the declared type. Since Terraform 1.3 that conversion also
fills ``optional(type, default)`` object attributes that are absent or null,
at any depth (``map(object({...}))``, ``list(object({...}))``, ...), and drops
attributes an object type does not declare. Modules written for 1.3+ read such
attributes without ``try``/``lookup``, so without this step every
``each.value.x`` of an omitted optional attribute would be an error.

Conversion is best effort and never raises: a value of the wrong shape stays as
it is (Terraform would reject the configuration; the scan reports what it can),
unknowns stay unknown, and a missing required attribute becomes an ``Unknown``
that names it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scanner.sources.terraform import ast
from scanner.sources.terraform.errors import EvalError
from scanner.sources.terraform.evaluate import to_bool, to_number, to_str
from scanner.state.value import Unknown

PRIMITIVES = ("string", "number", "bool")
MAX_DEPTH = 64


@dataclass(slots=True)
class Attr:
    """One attribute of an ``object({...})`` type."""

    type: TypeSpec
    optional: bool = False
    default: Any = None  # already evaluated (may be an Unknown); None when there is none


@dataclass(slots=True)
class TypeSpec:
    """A parsed type constraint: ``kind`` is any, string, number, bool, list, set, map, object or tuple."""

    kind: str
    element: TypeSpec | None = None  # list, set, map
    attrs: dict[str, Attr] = field(default_factory=dict)  # object
    items: list[TypeSpec] = field(default_factory=list)  # tuple


ANY = TypeSpec("any")


def parse_type(expr: ast.Expr | None, eval_default: Callable[[ast.Expr], Any], depth: int = 0) -> TypeSpec:
    """The constraint an expression such as ``map(object({a = optional(string, "x")}))`` says.

    ``eval_default`` evaluates an ``optional`` default (a constant expression).
    Anything not understood is ``any``: the value then passes unchanged.
    """
    if expr is None or depth > MAX_DEPTH:
        return ANY
    if isinstance(expr, ast.Name):
        return TypeSpec(expr.name) if expr.name in PRIMITIVES else ANY
    if isinstance(expr, ast.Lit) and expr.value in PRIMITIVES:  # a quoted legacy "string"
        return TypeSpec(expr.value)
    if not isinstance(expr, ast.Call):
        return ANY
    name, args = expr.name, expr.args
    if name in ("list", "set", "map") and len(args) == 1:
        return TypeSpec(name, element=parse_type(args[0], eval_default, depth + 1))
    if name == "tuple" and len(args) == 1 and isinstance(args[0], ast.TupleExpr):
        return TypeSpec("tuple", items=[parse_type(a, eval_default, depth + 1) for a in args[0].items])
    if name == "object" and len(args) == 1 and isinstance(args[0], ast.ObjectExpr):
        attrs: dict[str, Attr] = {}
        for key_expr, type_expr in args[0].items:
            key = _key_name(key_expr)
            if key is None:
                return ANY
            attrs[key] = _attr(type_expr, eval_default, depth + 1)
        return TypeSpec("object", attrs=attrs)
    return ANY


def _key_name(expr: ast.Expr) -> str | None:
    if isinstance(expr, ast.Lit) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name):
        return expr.name
    if isinstance(expr, ast.Template) and len(expr.parts) == 1 and isinstance(expr.parts[0], str):
        return expr.parts[0]
    return None


def _attr(expr: ast.Expr, eval_default: Callable[[ast.Expr], Any], depth: int) -> Attr:
    if isinstance(expr, ast.Call) and expr.name == "optional" and expr.args:
        spec = parse_type(expr.args[0], eval_default, depth)
        default = None
        if len(expr.args) > 1:
            default = eval_default(expr.args[1])
            if default is not None:
                default = convert(default, spec)
        return Attr(spec, optional=True, default=default)
    return Attr(parse_type(expr, eval_default, depth))


def convert(value: Any, spec: TypeSpec, depth: int = 0) -> Any:
    """``value`` converted to ``spec`` as Terraform would, as far as a static scan can."""
    if value is None or isinstance(value, Unknown) or spec.kind == "any" or depth > MAX_DEPTH:
        return value
    kind = spec.kind
    if kind in PRIMITIVES:
        return _primitive(value, kind)
    if kind in ("list", "set"):
        if not isinstance(value, list):
            return value
        element = spec.element or ANY
        out = [convert(v, element, depth + 1) for v in value]
        if kind == "set":
            deduped: list[Any] = []
            for v in out:
                if v not in deduped:
                    deduped.append(v)
            out = deduped
        return out
    if kind == "map":
        if not isinstance(value, dict):
            return value
        element = spec.element or ANY
        return {k: convert(v, element, depth + 1) for k, v in value.items()}
    if kind == "tuple":
        if not isinstance(value, list) or len(value) != len(spec.items):
            return value
        return [convert(v, t, depth + 1) for v, t in zip(value, spec.items, strict=True)]
    if kind == "object":
        if not isinstance(value, dict):
            return value
        out_obj: dict[str, Any] = {}
        for name, attr in spec.attrs.items():
            given = value.get(name)
            if given is not None:
                out_obj[name] = convert(given, attr.type, depth + 1)
            elif attr.optional:
                out_obj[name] = attr.default
            elif name in value:
                out_obj[name] = None
            else:
                out_obj[name] = Unknown(f"required attribute {name!r} is missing from the object")
        return out_obj
    return value


def _primitive(value: Any, kind: str) -> Any:
    try:
        if kind == "string" and isinstance(value, (int, float, bool)):
            return to_str(value)
        if kind == "number" and isinstance(value, str):
            return to_number(value)
        if kind == "bool" and isinstance(value, str):
            return to_bool(value)
    except EvalError:
        return value
    return value
