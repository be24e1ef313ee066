"""Expression evaluation with unknowns.

Values are plain Python (str, int, float, bool, None, list, dict), an
:class:`Unknown`, or a :class:`Ref` — a lazy handle on a resource, module or
namespace (``var``, ``local``) that is resolved only as far as an expression
reaches into it. A Ref never leaves the evaluator: :func:`finalize` turns any
that remain into an ``Unknown`` carrying the resource's address, which is what
lets adapters join ``bucket = aws_s3_bucket.x.id`` to its bucket.

Errors in the configuration raise :class:`EvalError` (caught by ``try``/``can``)
and become ``Unknown`` at the attribute level; nothing here may raise anything
else for any input, because a scanner that crashes on odd code is useless.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from scanner.sources.terraform import ast
from scanner.sources.terraform.errors import EvalError
from scanner.state.value import Unknown, first_unknown


class Ref:
    """A lazily resolved object (resource instance, module instance, namespace)."""

    def get_attr(self, name: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def as_value(self) -> Any:
        """What this object is when used whole, e.g. ``depends_on = [aws_x.y]``."""
        return Unknown("a whole object reference is not a value a static scan can know")


class Scope:
    """Name resolution: local bindings (for-loop, each, count, dynamic iterators) over a resolver."""

    __slots__ = ("bindings", "resolver", "functions")

    def __init__(
        self,
        resolver: Callable[[str], Any],
        functions: Mapping[str, Callable[..., Any]],
        bindings: dict[str, Any] | None = None,
    ) -> None:
        self.resolver = resolver
        self.functions = functions
        self.bindings = bindings or {}

    def child(self, **bindings: Any) -> Scope:
        return Scope(self.resolver, self.functions, {**self.bindings, **bindings})

    def lookup(self, name: str) -> Any:
        if name in self.bindings:
            return self.bindings[name]
        return self.resolver(name)


def normalize_number(value: float | int) -> int | float:
    """HCL has one number type; integral values are ints here so adapters compare them simply."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def finalize(value: Any) -> Any:
    """Replace every Ref inside ``value`` by its plain value (usually an Unknown)."""
    if isinstance(value, Ref):
        return finalize(value.as_value())
    if isinstance(value, dict):
        return {k: finalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finalize(v) for v in value]
    return value


def to_number(value: Any, what: str = "operand") -> int | float:
    if isinstance(value, bool):
        raise EvalError(f"{what} must be a number, not a bool")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return normalize_number(float(value)) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            raise EvalError(f"{what} is a string that is not a number") from None
    raise EvalError(f"{what} must be a number")


def to_bool(value: Any, what: str = "condition") -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    if value is None:
        raise EvalError(f"{what} is null")
    raise EvalError(f"{what} must be a bool")


def to_str(value: Any, what: str = "value") -> str:
    """Terraform's string conversion of a primitive (used by interpolation and tostring)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(normalize_number(value)) if not value.is_integer() else str(int(value))
    if isinstance(value, str):
        return value
    if value is None:
        raise EvalError(f"{what} is null")
    raise EvalError(f"{what} is a {type_name(value)}, not a string")


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return "string" if isinstance(value, str) else "null"


def get_attr(obj: Any, name: str) -> Any:
    if isinstance(obj, Unknown):
        return obj
    if isinstance(obj, Ref):
        return obj.get_attr(name)
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
        raise EvalError(f"object has no attribute {name!r}")
    if obj is None:
        raise EvalError(f"cannot read attribute {name!r} of null")
    raise EvalError(f"cannot read attribute {name!r} of a {type_name(obj)}")


def index(obj: Any, key: Any) -> Any:
    if isinstance(obj, Unknown):
        return obj
    if isinstance(key, Unknown):
        return key
    key = finalize(key)
    if isinstance(obj, Ref):
        if isinstance(key, str):
            return obj.get_attr(key)
        raise EvalError("cannot index this object with a number")
    if isinstance(obj, list):
        position = to_number(key, "index")
        if not isinstance(position, int) or not 0 <= position < len(obj):
            raise EvalError("index out of range")
        return obj[position]
    if isinstance(obj, dict):
        skey = to_str(key, "key")
        if skey in obj:
            return obj[skey]
        raise EvalError("key not found in map")
    if obj is None:
        raise EvalError("cannot index null")
    raise EvalError(f"cannot index a {type_name(obj)}")


_ARITH = {"+", "-", "*", "/", "%"}
_COMPARE = {"<", ">", "<=", ">="}


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


class Evaluator:
    """Evaluates :mod:`ast` expressions in a :class:`Scope`."""

    def __init__(
        self,
        partial: set[str] | frozenset[str] = frozenset(),
        special_calls: Mapping[str, Callable[[list[ast.Expr], Scope], Any]] | None = None,
    ) -> None:
        self.partial = partial  # functions that accept unknowns inside their arguments
        self.special_calls = dict(special_calls or {})
        self.special_calls.setdefault("try", self._try)
        self.special_calls.setdefault("can", self._can)

    # ------------------------------------------------------------------ dispatch
    def eval(self, expr: ast.Expr, scope: Scope) -> Any:  # noqa: C901 - a dispatch table in code
        kind = type(expr)
        if kind is ast.Lit:
            return expr.value  # type: ignore[union-attr]
        if kind is ast.Name:
            return scope.lookup(expr.name)  # type: ignore[union-attr]
        if kind is ast.GetAttr:
            return get_attr(self.eval(expr.obj, scope), expr.name)  # type: ignore[union-attr]
        if kind is ast.Index:
            return index(self.eval(expr.obj, scope), self.eval(expr.key, scope))  # type: ignore[union-attr]
        if kind is ast.Template:
            return self._template(expr, scope)  # type: ignore[arg-type]
        if kind is ast.Call:
            return self._call(expr, scope)  # type: ignore[arg-type]
        if kind is ast.TupleExpr:
            return [self.eval(item, scope) for item in expr.items]  # type: ignore[union-attr]
        if kind is ast.ObjectExpr:
            return self._object(expr, scope)  # type: ignore[arg-type]
        if kind is ast.BinOp:
            return self._binop(expr, scope)  # type: ignore[arg-type]
        if kind is ast.Unary:
            return self._unary(expr, scope)  # type: ignore[arg-type]
        if kind is ast.Cond:
            return self._cond(expr, scope)  # type: ignore[arg-type]
        if kind is ast.Splat:
            return self._splat(expr, scope)  # type: ignore[arg-type]
        if kind is ast.ForExpr:
            return self._for(expr, scope)  # type: ignore[arg-type]
        raise EvalError(f"unsupported expression {kind.__name__}")

    # ------------------------------------------------------------------ pieces
    def _template(self, expr: ast.Template, scope: Scope) -> Any:
        parts = expr.parts
        if len(parts) == 1 and not isinstance(parts[0], (str, ast.TemplateIf, ast.TemplateFor)):
            return self.eval(parts[0], scope)  # "${x}" keeps x's type
        out: list[str] = []
        unknown = self._render(parts, scope, out)
        if unknown is None:
            return "".join(out)
        return self._shaped(parts, scope, unknown)

    def _shaped(self, parts: list[ast.TemplatePart], scope: Scope, unknown: Unknown) -> Unknown:
        """The unknown of a plain template around one unknown value, with the text around it.

        ``"${aws_s3_bucket.b.arn}/*"`` is unknown, but it is surely the bucket's objects, not
        the bucket: keep the text around it (``${}/*``) for readers such as policy analysis.
        Templates with directives or several unknown parts stay plain unknowns.
        """
        if any(isinstance(p, (ast.TemplateIf, ast.TemplateFor)) for p in parts):
            return unknown
        text: list[str] = []
        seen = 0
        for part in parts:
            if isinstance(part, str):
                text.append(part)
                continue
            value = finalize(self.eval(part, scope))
            if isinstance(value, Unknown):
                seen += 1
                text.append(value.shape or "${}")  # a template inside a template keeps its text
            elif first_unknown(value) is not None:
                return unknown
            else:
                text.append(to_str(value, "interpolated value"))
        if seen != 1:
            return unknown
        return Unknown(unknown.reason, unknown.ref, "".join(text))

    def _render(self, parts: list[ast.TemplatePart], scope: Scope, out: list[str]) -> Unknown | None:
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, ast.TemplateIf):
                cond = finalize(self.eval(part.cond, scope))
                if isinstance(cond, Unknown):
                    return cond
                found = self._render(part.then if to_bool(cond) else part.other, scope, out)
                if found:
                    return found
            elif isinstance(part, ast.TemplateFor):
                coll = finalize(self.eval(part.collection, scope))
                if isinstance(coll, Unknown):
                    return coll
                for key, value in _items(coll):
                    binds = {part.value_var: value}
                    if part.key_var:
                        binds[part.key_var] = key
                    found = self._render(part.body, scope.child(**binds), out)
                    if found:
                        return found
            else:
                value = finalize(self.eval(part, scope))
                found = first_unknown(value)
                if found:
                    return found
                out.append(to_str(value, "interpolated value"))
        return None

    def _object(self, expr: ast.ObjectExpr, scope: Scope) -> Any:
        out: dict[str, Any] = {}
        for key_expr, value_expr in expr.items:
            key = finalize(self.eval(key_expr, scope))
            if isinstance(key, Unknown):
                return key
            out[to_str(key, "object key")] = self.eval(value_expr, scope)
        return out

    def _binop(self, expr: ast.BinOp, scope: Scope) -> Any:
        op = expr.op
        left = finalize(self.eval(expr.left, scope))
        if op in ("&&", "||"):
            if not isinstance(left, Unknown):
                lb = to_bool(left, "operand of " + op)
                if op == "&&" and not lb:
                    return False
                if op == "||" and lb:
                    return True
            right = finalize(self.eval(expr.right, scope))
            if isinstance(right, Unknown):
                return right
            rb = to_bool(right, "operand of " + op)
            if isinstance(left, Unknown):
                # unknown && false is false; unknown || true is true
                if (op == "&&" and not rb) or (op == "||" and rb):
                    return rb
                return left
            return rb
        right = finalize(self.eval(expr.right, scope))
        if op in ("==", "!="):
            if (
                (left is None or right is None)
                and not isinstance(left, Unknown)
                and not isinstance(right, Unknown)
            ):
                # A map, list or object is not null even when values inside it are unknown
                # (cty's rule), so ``var.target_groups != null`` is known for a partly known map.
                equal = left is None and right is None
                return equal if op == "==" else not equal
            found = first_unknown(left) or first_unknown(right)
            if found:
                return found
            equal = _equal(left, right)
            return equal if op == "==" else not equal
        if isinstance(left, Unknown):
            return left
        if isinstance(right, Unknown):
            return right
        a, b = to_number(left), to_number(right)
        if op in _COMPARE:
            return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        if op == "+":
            return normalize_number(a + b)
        if op == "-":
            return normalize_number(a - b)
        if op == "*":
            return normalize_number(a * b)
        if op == "/":
            if b == 0:
                raise EvalError("division by zero")
            return normalize_number(a / b)
        if op == "%":
            if b == 0:
                raise EvalError("modulo by zero")
            return normalize_number(a % b)
        raise EvalError(f"unsupported operator {op}")

    def _unary(self, expr: ast.Unary, scope: Scope) -> Any:
        value = finalize(self.eval(expr.operand, scope))
        if isinstance(value, Unknown):
            return value
        if expr.op == "!":
            return not to_bool(value, "operand of !")
        return normalize_number(-to_number(value))

    def _cond(self, expr: ast.Cond, scope: Scope) -> Any:
        cond = finalize(self.eval(expr.cond, scope))
        if isinstance(cond, Unknown):
            # Both branches agreeing is still a known result.
            try:
                then = finalize(self.eval(expr.then, scope))
                other = finalize(self.eval(expr.other, scope))
            except EvalError:
                return cond
            if first_unknown(then) is None and first_unknown(other) is None and then == other:
                return then
            return cond
        return self.eval(expr.then if to_bool(cond) else expr.other, scope)

    def _splat(self, expr: ast.Splat, scope: Scope) -> Any:
        obj = self.eval(expr.obj, scope)
        if isinstance(obj, Unknown):
            return obj
        if obj is None:
            return []
        items = obj if isinstance(obj, list) else [obj]
        out = []
        for item in items:
            for kind, arg in expr.ops:
                item = get_attr(item, arg) if kind == "attr" else index(item, self.eval(arg, scope))
            out.append(item)
        return out

    def _for(self, expr: ast.ForExpr, scope: Scope) -> Any:
        coll = self.eval(expr.collection, scope)
        if isinstance(coll, Unknown):
            return coll
        if isinstance(coll, Ref):
            coll = finalize(coll)
            if isinstance(coll, Unknown):
                return coll
        object_form = expr.key is not None
        out_list: list[Any] = []
        out_dict: dict[str, Any] = {}
        for key, value in _items(coll):
            binds = {expr.value_var: value}
            if expr.key_var:
                binds[expr.key_var] = key
            inner = scope.child(**binds)
            if expr.cond is not None:
                keep = finalize(self.eval(expr.cond, inner))
                if isinstance(keep, Unknown):
                    return keep
                if not to_bool(keep, "for condition"):
                    continue
            if not object_form:
                out_list.append(self.eval(expr.value, inner))
                continue
            k = finalize(self.eval(expr.key, inner))  # type: ignore[arg-type]
            if isinstance(k, Unknown):
                return k
            k = to_str(k, "for key")
            v = self.eval(expr.value, inner)
            if expr.group:
                out_dict.setdefault(k, []).append(v)
            elif k in out_dict:
                raise EvalError("duplicate key in for expression (use ... to group)")
            else:
                out_dict[k] = v
        return out_dict if object_form else out_list

    def _call(self, expr: ast.Call, scope: Scope) -> Any:
        name = expr.name
        special = self.special_calls.get(name)
        if special is not None:
            return special(expr.args, scope)
        func = scope.functions.get(name)
        if func is None:
            return Unknown(f"function {name} is not supported")
        args = [finalize(self.eval(a, scope)) for a in expr.args]
        if expr.expand_last and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            if not isinstance(last, list):
                raise EvalError(f"{name}(...): the expanded argument must be a list")
            args.extend(last)
        nested: Unknown | None = None
        if name not in self.partial:
            top = next((a for a in args if isinstance(a, Unknown)), None)
            if top is not None:
                return top
            nested = first_unknown(args)
        try:
            result = func(*args)
        except EvalError:
            raise  # a type error stays an error even next to unknowns: try() must see it
        except (
            TypeError,
            ValueError,
            KeyError,
            IndexError,
            ZeroDivisionError,
            OverflowError,
            AttributeError,
        ) as exc:
            if nested is not None:
                return nested  # the function tripped over an unknown inside its arguments
            if isinstance(exc, TypeError) and "positional argument" in str(exc):
                raise EvalError(f"{name}(...) called with the wrong number of arguments") from None
            raise EvalError(f"{name}(...) failed ({exc.__class__.__name__})") from None
        except RecursionError:
            raise EvalError(f"{name}(...) nested too deeply") from None
        return nested if nested is not None else result

    def _try(self, args: list[ast.Expr], scope: Scope) -> Any:
        for arg in args:
            try:
                value = finalize(self.eval(arg, scope))
            except EvalError:
                continue
            return value
        raise EvalError("no argument of try(...) could be evaluated")

    def _can(self, args: list[ast.Expr], scope: Scope) -> Any:
        if len(args) != 1:
            raise EvalError("can(...) takes one argument")
        try:
            value = finalize(self.eval(args[0], scope))
        except EvalError:
            return False
        found = first_unknown(value)
        return found if found else True


def _items(coll: Any) -> list[tuple[Any, Any]]:
    """(key, value) pairs of a for-expression's collection: lists by index, maps by sorted key."""
    if isinstance(coll, list):
        return list(enumerate(coll))
    if isinstance(coll, dict):
        return [(k, coll[k]) for k in sorted(coll)]
    if coll is None:
        raise EvalError("cannot iterate over null")
    raise EvalError(f"cannot iterate over a {type_name(coll)}")


def describe(value: Any) -> str:
    """A value's shape for messages (never the value itself: it may be sensitive)."""
    return type_name(value)


def json_dumps(value: Any) -> str:
    """Terraform's jsonencode: compact, keys sorted, no HTML escaping surprises."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
