"""Evaluate a check's YAML condition on one resource, in three-valued logic.

The forms (see ``check.schema.json``):

- ``{all: [...]}``, ``{any: [...]}``, ``{not: cond}``
- ``{attr: NAME, <op>: OPERAND}`` with op one of ``is`` (equality, also for true/false/null),
  ``in``, ``not_in``, ``at_most``, ``at_least``, ``tls_at_least``, ``empty``;
  an operand may be ``{param: NAME}``, the promise's parameter
- ``{param: NAME, is: VALUE}``: a condition on the promise alone
- ``{predicate: NAME, args: {...}}``: a named Python predicate

An unknown attribute makes the leaf ``unknown`` with the value's reason; the
combinators then decide as Kleene logic does (a fail anywhere in ``all`` still fails).
"""

from __future__ import annotations

from typing import Any

from scanner.engine.outcome import Outcome, all_of, any_of, negate
from scanner.engine.predicates import registry
from scanner.knowledge.tls import tls_at_least
from scanner.promises import Promise
from scanner.state import Resource, Value
from scanner.state.value import SENSITIVE_TEXT, unmark
from scanner.util.safetext import clean

OPERATORS = ("is", "in", "not_in", "at_most", "at_least", "tls_at_least", "empty")


def evaluate(cond: dict[str, Any], resource: Resource, promise: Promise) -> Outcome:
    if "all" in cond:
        return all_of([evaluate(c, resource, promise) for c in cond["all"]])
    if "any" in cond:
        return any_of([evaluate(c, resource, promise) for c in cond["any"]])
    if "not" in cond:
        return negate(evaluate(cond["not"], resource, promise))
    if "predicate" in cond:
        return registry()[cond["predicate"]](resource, promise, cond.get("args") or {})
    if "attr" in cond:
        return _attr_leaf(cond, resource, promise)
    if "param" in cond:
        actual = promise.param(cond["param"])
        ok = actual == cond["is"]
        return Outcome.passed() if ok else Outcome.failed(f"promise {cond['param']} is {_show(actual)}")
    raise ValueError(f"unknown condition form: {sorted(cond)}")


def _operand(raw: Any, promise: Promise) -> Any:
    if isinstance(raw, dict) and set(raw) == {"param"}:
        return promise.param(raw["param"])
    return raw


# Attributes whose value follows from others: it is AWS's default only when none of those was
# written. A log group, Lambda environment or bucket with a KMS key set is encrypted because
# of that key, even where the adapter also flags the bare ``encrypted`` as the default.
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "encrypted": ("kms_key_id", "customer_managed_key"),
    "customer_managed_key": ("kms_key_id",),
}


def is_default(name: str, value: Value, resource: Resource) -> bool:
    """Whether a message may call ``value`` AWS's default: flagged so, and nothing it follows from is set."""
    if not value.default:
        return False
    for other in DERIVED_FROM.get(name, ()):
        source = resource.attrs.get(other)
        if source is not None and source.known and not source.default and source.raw not in (None, False, ""):
            return False
    return True


def _attr_leaf(cond: dict[str, Any], resource: Resource, promise: Promise) -> Outcome:
    name = cond["attr"]
    value: Value = resource.get(name)
    src = value.source
    op = next(o for o in OPERATORS if o in cond)
    expected = _operand(cond[op], promise)
    if op == "at_most" and expected is None and value.known and value.raw is not None:
        return Outcome.passed(f"{name} = {show_value(value)} (finite)", src)
    if not value.known:
        return Outcome.unknown(f"{name} is unknown: {value.reason}", src)
    actual = value.raw
    shown = f"{name} = {show_value(value)}" + (" (AWS default)" if is_default(name, value, resource) else "")
    ok = _apply(op, actual, expected)
    if ok is None:
        return Outcome.unknown(f"{shown}: cannot compare with {_show(expected)}", src)
    if ok:
        return Outcome.passed(shown, src)
    return Outcome.failed(_fail_text(op, shown, expected, actual), src)


def _apply(op: str, actual: Any, expected: Any) -> bool | None:
    if op == "is":
        return actual == expected
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op == "empty":
        return (not actual) == bool(expected)
    if op == "at_most":
        if actual is None:  # None means "kept forever"
            return False
        return actual <= expected if isinstance(actual, (int, float)) else None
    if op == "at_least":
        if actual is None:
            return False
        return actual >= expected if isinstance(actual, (int, float)) else None
    if op == "tls_at_least":
        if actual is None:
            return False
        return tls_at_least(str(actual), str(expected))
    raise ValueError(op)


def _fail_text(op: str, shown: str, expected: Any, actual: Any) -> str:
    if op == "at_most":
        if actual is None and expected is None:
            return f"{shown} (kept forever); the promise requires a finite retention"
        if actual is None:
            return f"{shown} (kept forever); the promise allows at most {expected} days"
        return f"{shown}; the promise allows at most {expected} days"
    if op == "tls_at_least":
        return f"{shown}; the promise requires TLS {expected} or higher"
    if op == "at_least":
        return f"{shown}; at least {expected} required"
    if op in ("in", "not_in"):
        return f"{shown}; expected {'one of' if op == 'in' else 'none of'} {_show(expected)}"
    if op == "empty":
        return f"{shown}; expected {'none' if expected else 'some'}"
    return f"{shown}; expected {_show(expected)}"


def show_value(value: Value) -> str:
    """An attribute's value for a message: ``(sensitive value)`` when it is sensitive."""
    return SENSITIVE_TEXT if value.sensitive else _show(value.raw)


def _show(raw: Any) -> str:
    """A value for a message: one clean line, shortened (it may come from the repository)."""
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return clean(str(unmark(raw)), 120)
