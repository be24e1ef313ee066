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
import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from scanner.sources.terraform import ast
from scanner.sources.terraform.errors import Capped, EvalError, MetUnknown
from scanner.state.value import (
    SensitiveStr,
    Unknown,
    any_sensitive_seen,
    first_unknown,
    is_sensitive,
    mark_sensitive,
    unmark,
)


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


# ----------------------------------------------------------------------------- bounds
# A hostile configuration must not exhaust the machine. These caps are far above what real
# Terraform needs and low enough that a scan stays within seconds and well under 1 GiB.
MAX_STRING = 4 * 1024 * 1024  # characters in one string value (the size cap of a file)
MAX_ITEMS = 100_000  # elements of one list or map built by an expression
MAX_NUMBER_BITS = 1024  # |n| < 2**1024, about 1.8e308: the range of a double
# Evaluation steps (expression nodes evaluated, values walked): per top-level argument, and for
# the whole scan. Real configurations use a few hundred per argument; past the cap the
# argument is unknown and the scan says what was capped.
STEPS_PER_ARGUMENT = 400_000
STEPS_PER_SCAN = 8_000_000


class BudgetExceeded(Capped):
    """The evaluation-step cap was hit (see ``STEPS_PER_ARGUMENT``)."""


class Budget:
    """Evaluation steps left for the current top-level argument and for the whole scan."""

    __slots__ = ("left", "given", "scan_left", "hit")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """A new scan."""
        self.given = self.left = STEPS_PER_ARGUMENT
        self.scan_left = STEPS_PER_SCAN
        self.hit: str | None = None  # what was capped, until the caller reports it

    def start_argument(self) -> None:
        """A new top-level argument: its own allowance, out of what the scan has left."""
        self.scan_left -= self.given - max(self.left, 0)
        self.given = self.left = max(0, min(STEPS_PER_ARGUMENT, self.scan_left))

    def exceeded(self) -> BudgetExceeded:
        if self.given < STEPS_PER_ARGUMENT:
            self.hit = f"evaluation stopped after {STEPS_PER_SCAN} steps for the whole scan"
        else:
            self.hit = f"an expression took more than {STEPS_PER_ARGUMENT} evaluation steps"
        return BudgetExceeded(self.hit)


BUDGET = Budget()


def charge(steps: int) -> None:
    """Spend ``steps`` of the current budget (walking a large value costs its size)."""
    BUDGET.left -= steps
    if BUDGET.left < 0:
        raise BUDGET.exceeded()


def normalize_number(value: float | int) -> int | float:
    """HCL has one number type; integral values are ints here so adapters compare them simply.

    Numbers outside a double's range (``1e400``, ``pow(10, 100000000)``) are refused rather
    than carried: Python would compute them exactly, for minutes, or overflow later.
    """
    if isinstance(value, float):
        if value != value or value in (math.inf, -math.inf):
            raise EvalError("number out of range")
        if value.is_integer() and abs(value) < 2**63:
            return int(value)
        return value
    if isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
        raise EvalError("number out of range")
    return value


def check_size(value: Any, what: str) -> Any:
    """``value`` if it is within the string and collection caps; EvalError saying what was capped."""
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise Capped(f"{what}: a string longer than {MAX_STRING} characters (capped)")
    elif isinstance(value, (list, dict)) and len(value) > MAX_ITEMS:
        raise Capped(f"{what}: a collection of more than {MAX_ITEMS} elements (capped)")
    return value


def finalize(value: Any) -> Any:
    """Replace every Ref inside ``value`` by its plain value (usually an Unknown)."""
    if isinstance(value, Ref):
        return finalize(value.as_value())
    if isinstance(value, dict):
        charge(len(value))
        if type(value) is not dict:  # a marked (sensitive) map stays marked
            return type(value)({k: finalize(v) for k, v in value.items()})
        return {k: finalize(v) for k, v in value.items()}
    if isinstance(value, list):
        charge(len(value))
        if type(value) is not list:
            return type(value)(finalize(v) for v in value)
        return [finalize(v) for v in value]
    return value


def to_number(value: Any, what: str = "operand") -> int | float:
    if isinstance(value, Unknown):
        raise MetUnknown(value, what)
    if isinstance(value, bool):
        raise EvalError(f"{what} must be a number, not a bool")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        if len(value) > 400:  # a double has at most ~310 digits before the point
            raise EvalError(f"{what} is a number out of range")
        try:
            return normalize_number(float(value)) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            raise EvalError(f"{what} is a string that is not a number") from None
    raise EvalError(f"{what} must be a number")


def to_bool(value: Any, what: str = "condition") -> bool:
    if isinstance(value, Unknown):
        raise MetUnknown(value, what)
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
    if isinstance(value, Unknown):
        raise MetUnknown(value, what)
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


def opaque(value: Any) -> Any:
    """``value`` without ``Unknown.what`` when it is an unknown that no longer *is* that reference.

    ``upper(aws_s3_bucket.b.arn)`` is unknown, but a state file's ARN is not its value; only a
    plain reference (and attributes or elements of one) keeps ``what``.
    """
    if isinstance(value, Unknown) and value.what is not None:
        return replace(value, what=None)
    return value


def _identifier_ref(ref: str | None) -> bool:
    """Whether ``ref`` addresses a resource or data source (whose attributes are identifiers).

    A variable, local or module output is not one: its text could be anything, a quote included.
    """
    parts = (ref or "").split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    return len(parts) >= 2 and parts[0] not in ("var", "local", "module")


def _deeper(unknown: Unknown, step: str) -> Unknown:
    """An attribute or element of an unknown reference: the same unknown, one step further."""
    return replace(unknown, what=unknown.what + step) if unknown.what else unknown


def get_attr(obj: Any, name: str) -> Any:
    if isinstance(obj, Unknown):
        return _deeper(obj, f".{name}")
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
        if first_unknown(key) is not None:
            return opaque(obj)
        key = finalize(key)
        step = (
            f"[{key}]" if isinstance(key, int) and not isinstance(key, bool) else f"[{json.dumps(str(key))}]"
        )
        return _deeper(obj, step)
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
        budget = BUDGET
        budget.left -= 1
        if budget.left < 0:
            raise budget.exceeded()
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
            return opaque(self._call(expr, scope))  # type: ignore[arg-type]
        if kind is ast.TupleExpr:
            return [self.eval(item, scope) for item in expr.items]  # type: ignore[union-attr]
        if kind is ast.ObjectExpr:
            return self._object(expr, scope)  # type: ignore[arg-type]
        if kind is ast.BinOp:
            return opaque(self._binop(expr, scope))  # type: ignore[arg-type]
        if kind is ast.Unary:
            return opaque(self._unary(expr, scope))  # type: ignore[arg-type]
        if kind is ast.Cond:
            return self._cond(expr, scope)  # type: ignore[arg-type]
        if kind is ast.Splat:
            return opaque(self._splat(expr, scope))  # type: ignore[arg-type]
        if kind is ast.ForExpr:
            return opaque(self._for(expr, scope))  # type: ignore[arg-type]
        raise EvalError(f"unsupported expression {kind.__name__}")

    # ------------------------------------------------------------------ pieces
    def _template(self, expr: ast.Template, scope: Scope) -> Any:
        parts = expr.parts
        if len(parts) == 1 and not isinstance(parts[0], (str, ast.TemplateIf, ast.TemplateFor)):
            return self.eval(parts[0], scope)  # "${x}" keeps x's type
        out: list[str] = []
        unknown = self._render(parts, scope, out)
        if unknown is None:
            text = "".join(out)
            if any_sensitive_seen() and any(isinstance(x, SensitiveStr) for x in out):
                return SensitiveStr(text)
            return text
        return self._shaped(parts, scope, unknown)

    def _shaped(self, parts: list[ast.TemplatePart], scope: Scope, unknown: Unknown) -> Unknown:
        """The unknown of a plain template around one unknown value, with the text around it.

        ``"${aws_s3_bucket.b.arn}/*"`` is unknown, but it is surely the bucket's objects, not
        the bucket: keep the text around it (``${}/*``) for readers such as policy analysis.

        Several unknown parts keep their text too when all of them come from one resource or
        data source (a policy heredoc naming ``arn:aws:s3:::origin-${random_pet.this.id}`` and
        its ``/*`` twice): the shape then holds one ``${}`` per part, each standing for an
        identifier of ``ref``. Parts from different references stay a plain unknown, since an
        :class:`Unknown` carries one ``ref`` and a reader must not take one resource's ARN for
        another's; so do templates with directives.
        """
        if any(isinstance(p, (ast.TemplateIf, ast.TemplateFor)) for p in parts):
            return opaque(unknown)
        text: list[str] = []
        refs: list[str | None] = []
        for part in parts:
            if isinstance(part, str):
                text.append(part)
                continue
            value = finalize(self.eval(part, scope))
            if isinstance(value, Unknown):
                refs.append(value.ref)
                text.append(value.shape or "${}")  # a template inside a template keeps its text
            elif first_unknown(value) is not None:
                return opaque(unknown)
            else:
                text.append(to_str(value, "interpolated value"))
        if len(refs) == 1:
            return replace(unknown, shape="".join(text))
        if refs and set(refs) == {unknown.ref} and _identifier_ref(unknown.ref):
            return opaque(replace(unknown, shape="".join(text)))
        return opaque(unknown)

    def _render(self, parts: list[ast.TemplatePart], scope: Scope, out: list[str]) -> Unknown | None:
        for part in parts:
            if isinstance(part, str):
                _grow(out, part)
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
                text = to_str(value, "interpolated value")
                _grow(out, SensitiveStr(text) if is_sensitive(value) else text)
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
        result = self._operate(op, left, right)
        # Terraform's rule: what is computed from a sensitive value is sensitive.
        sensitive = any_sensitive_seen() and (is_sensitive(left) or is_sensitive(right))
        return mark_sensitive(result) if sensitive and not isinstance(result, bool) else result

    def _operate(self, op: str, left: Any, right: Any) -> Any:
        """A comparison or arithmetic operator on evaluated operands."""
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
        result = normalize_number(-to_number(value))
        return mark_sensitive(result) if is_sensitive(value) else result

    def _cond(self, expr: ast.Cond, scope: Scope) -> Any:
        cond = finalize(self.eval(expr.cond, scope))
        if isinstance(cond, Unknown):
            # Both branches agreeing is still a known result.
            try:
                then = finalize(self.eval(expr.then, scope))
                other = finalize(self.eval(expr.other, scope))
            except EvalError:
                return opaque(cond)
            if first_unknown(then) is None and first_unknown(other) is None and then == other:
                return then
            return opaque(cond)
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
            if len(out_list) >= MAX_ITEMS or len(out_dict) >= MAX_ITEMS:
                raise Capped(f"for expression: more than {MAX_ITEMS} elements (capped)")
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
        marked = any_sensitive_seen() and is_sensitive(args)
        if marked:
            # Functions (and the libraries they call, e.g. yaml) see plain values; the result
            # is sensitive when an argument was, except what nonsensitive() returns.
            args = unmark(args)
            if name == "nonsensitive":
                return args[0] if args else None
        try:
            result = func(*args)
        except MetUnknown as exc:
            if nested is not None:  # the function converted an unknown inside its arguments
                return opaque(exc.unknown)
            raise
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
        except MemoryError:
            raise Capped(f"{name}(...) needs too much memory (capped)") from None
        if nested is not None:
            return nested
        check_size(result, f"{name}(...)")
        return mark_sensitive(result) if marked else result

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


def _grow(out: list[str], text: str) -> None:
    """Append to a template's output, within ``MAX_STRING`` (a ``%{for}`` can repeat a big text)."""
    out.append(text)
    if len(text) > 4096 or len(out) % 1024 == 0:
        total = sum(map(len, out))
        charge(total // 4096)
        if total > MAX_STRING:
            raise Capped(f"template: longer than {MAX_STRING} characters (capped)")


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


_ENCODER = json.JSONEncoder(separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def json_dumps(value: Any) -> str:
    """Terraform's jsonencode: compact, keys sorted, no HTML escaping surprises.

    Built chunk by chunk, so a small structure that repeats a large one (a list of a
    thousand references to one 4 MB string) is refused at ``MAX_STRING`` instead of filling memory.
    """
    chunks: list[str] = []
    size = 0
    for chunk in _ENCODER.iterencode(value):
        size += len(chunk)
        if size > MAX_STRING:
            raise Capped(f"jsonencode(...): longer than {MAX_STRING} characters (capped)")
        chunks.append(chunk)
    return "".join(chunks)
