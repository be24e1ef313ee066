"""The collectors a live scan runs, found by scanning this package; and what each service covers.

A service is one module of ``scanner.sources.live``. Its descriptor is what the module
itself says, so nothing about a service is written in a second place:

- every :class:`Collector` subclass it defines (with a ``name``) is run; its ``PRODUCES``
  names the resource types and kinds it yields, its ``CALLS`` the operations it may make;
- an optional module-level ``NOT_COLLECTED: dict[str, str]`` names resource types the
  checks know that no collector yields, each with the reason (one call per S3 object, …).

Adding a service is adding one module; no list elsewhere is kept by hand. Modules are
imported in name order, and collectors keep their order of definition inside a module,
so every scan runs them in the same order.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

from scanner.sources.live.base import Collector
from scanner.sources.live.errors import UsageError

_PACKAGE = "scanner.sources.live"


@cache
def _modules() -> tuple[ModuleType, ...]:
    """Every module of the live package (none imports boto3 at module level, so this stays offline)."""
    package = importlib.import_module(_PACKAGE)
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if not info.ispkg)
    return tuple(importlib.import_module(f"{_PACKAGE}.{name}") for name in names)


def _defined_in(module: ModuleType) -> list[type[Collector]]:
    """The collector classes ``module`` itself defines, in the order it defines them (a module's
    namespace keeps the order its names were bound in; no source file needs to be read)."""
    return [
        cls
        for cls in vars(module).values()
        if isinstance(cls, type)
        and issubclass(cls, Collector)
        and cls is not Collector
        and cls.__module__ == module.__name__
        and "name" in vars(cls)
    ]


@cache
def collector_classes() -> tuple[type[Collector], ...]:
    classes = tuple(cls for module in _modules() for cls in _defined_in(module))
    names = [cls.name for cls in classes]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:  # a packaging bug: --services could not tell them apart
        raise RuntimeError(f"two live collectors are named {', '.join(duplicated)}")
    return classes


def all_collectors() -> list[Collector]:
    return [cls() for cls in collector_classes()]


def collected_types() -> dict[str, str]:
    """Resource type -> the name of the collector that yields it."""
    return {w.resource_type: cls.name for cls in collector_classes() for w in cls.PRODUCES}


def not_collected() -> dict[str, str]:
    """Resource type -> why no collector yields it, from the services' ``NOT_COLLECTED``."""
    out: dict[str, str] = {}
    for module in _modules():
        out.update(getattr(module, "NOT_COLLECTED", {}))
    return out


def parse_services(text: str | None) -> list[str] | None:
    """``--services s3,logs`` into collector names (None: all); a name that is no collector is a usage error."""
    if text is None:
        return None
    names = list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    known = {c.name for c in collector_classes()}
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise UsageError(
            f"--services: {', '.join(unknown) or 'empty'} is not a collector (one of {', '.join(sorted(known))})"
        )
    return names
