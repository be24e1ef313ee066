"""Named Python predicates: check logic that YAML says badly (policy analysis, region law, TLS maps).

A predicate takes the resource, the promise being checked and the arguments
written in the check's YAML, and returns an :class:`Outcome`. Register one with
``@predicate("name")`` in a module of this package and import that module in
``_MODULES`` below; checks refer to it as ``{predicate: name, args: {...}}``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from scanner.engine.outcome import Outcome
from scanner.promises import Promise
from scanner.state import Resource

PredicateFn = Callable[[Resource, Promise, dict[str, Any]], Outcome]

_REGISTRY: dict[str, PredicateFn] = {}
_MODULES = ("residency", "tls", "policy", "network", "retention")
_loaded = False


def predicate(name: str) -> Callable[[PredicateFn], PredicateFn]:
    def register(fn: PredicateFn) -> PredicateFn:
        if name in _REGISTRY:
            raise ValueError(f"predicate {name} registered twice")
        _REGISTRY[name] = fn
        return fn

    return register


def registry() -> dict[str, PredicateFn]:
    global _loaded
    if not _loaded:
        for module in _MODULES:
            importlib.import_module(f"scanner.engine.predicates.{module}")
        _loaded = True
    return _REGISTRY
