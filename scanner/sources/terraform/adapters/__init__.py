"""Adapters: Terraform resource blocks (AWS provider) into provider-neutral state resources.

Three passes, so that argument order and file order never matter:

1. **primary** adapters turn a data-holding block (``aws_s3_bucket``, ``aws_db_instance``)
   into a :class:`Resource`;
2. **companion** adapters fold separate resources (``aws_s3_bucket_policy``,
   ``aws_security_group_rule``) into the resource they belong to, found through
   :meth:`AdapterContext.target` by reference or by name, and record themselves as evidence;
3. **finalizers** fill what is still unset from AWS defaults (SSE-S3 on new buckets,
   no encryption on RDS) and derive summary attributes.

One module per AWS service registers its functions with the decorators below. The modules
are found by scanning this package (as the live registry does), imported in name order, so
adding a service is adding one module and no list is kept by hand. Helper modules
(``context``, ``normalise``, ``iam_documents``) are imported too and simply register nothing;
:func:`adapter_modules` names the ones that do.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from scanner.knowledge.personal_data import PERSONAL_DATA_TYPES
from scanner.sources.terraform.adapters.context import AdapterContext, mark_unplaced
from scanner.sources.terraform.adapters.normalise import normalise
from scanner.sources.terraform.model import TfBlock, TfConfig
from scanner.state import Resource, ScanError, Source, State
from scanner.state.value import any_sensitive_seen, is_sensitive
from scanner.util.safetext import clean

PrimaryFn = Callable[[TfBlock, AdapterContext], "Resource | list[Resource] | None"]
CompanionFn = Callable[[TfBlock, AdapterContext], None]
FinalizeFn = Callable[[Resource, AdapterContext], None]

PRIMARY: dict[str, PrimaryFn] = {}
COMPANION: dict[str, CompanionFn] = {}
FINALIZE: dict[str, list[FinalizeFn]] = {}

_PACKAGE = __name__
_loaded = False


def _claim(registry: dict[str, Any], resource_type: str, fn: Callable) -> None:
    """Register ``fn`` for ``resource_type``; a second adapter for one type is a packaging bug.

    Were it allowed, which one wins would depend on import order, which scanning the package
    keeps deterministic but not meaningful.
    """
    held = registry.get(resource_type)
    if held is not None and held is not fn:
        raise RuntimeError(f"{resource_type} has two adapters: {held.__module__} and {fn.__module__}")
    registry[resource_type] = fn


def primary(*types: str) -> Callable[[PrimaryFn], PrimaryFn]:
    def register(fn: PrimaryFn) -> PrimaryFn:
        for t in types:
            _claim(PRIMARY, t, fn)
        return fn

    return register


def companion(*types: str) -> Callable[[CompanionFn], CompanionFn]:
    def register(fn: CompanionFn) -> CompanionFn:
        for t in types:
            _claim(COMPANION, t, fn)
        return fn

    return register


def finalize(*types: str) -> Callable[[FinalizeFn], FinalizeFn]:
    def register(fn: FinalizeFn) -> FinalizeFn:
        for t in types:
            FINALIZE.setdefault(t, []).append(fn)
        return fn

    return register


# Personal-data types that no adapter of their own turns into state, but that other adapters
# read: a load balancer through its listeners, a global cluster through its member clusters.
READ_THROUGH = frozenset({"aws_lb", "aws_alb", "aws_rds_global_cluster"})


def uncovered_blocks(blocks: list[TfBlock]) -> list[TfBlock]:
    """Managed blocks of types that may hold or move personal data but that no check covers.

    The JSON report's ``not_covered`` and the table's "not checked" line are made from this.
    """
    _load_modules()
    covered = set(PRIMARY) | set(COMPANION) | READ_THROUGH
    return [
        b for b in blocks if b.mode == "managed" and b.type in PERSONAL_DATA_TYPES and b.type not in covered
    ]


def not_covered(blocks: list[TfBlock]) -> dict[str, int]:
    """:func:`uncovered_blocks` counted by type."""
    counts: dict[str, int] = {}
    for block in uncovered_blocks(blocks):
        counts[block.type] = counts.get(block.type, 0) + 1
    return dict(sorted(counts.items()))


def not_covered_warning(counts: dict[str, int]) -> str | None:
    """One line such as ``not checked: 2 aws_neptune_cluster, 1 aws_mq_broker (…)``, or None."""
    if not counts:
        return None
    listed = ", ".join(f"{n} {t}" for t, n in counts.items())
    return f"not checked: {listed} (may hold or move personal data; no check covers this type yet)"


def _module_names() -> list[str]:
    """Every module of this package, in name order (so registration order never depends on the disk)."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.ispkg)


def _load_modules() -> None:
    """Import every module of the package once; the adapters among them register on import.

    A module imported earlier by another (``s3`` imports ``cloudtrail``) has registered already;
    that changes no lookup, since no resource type is claimed by two primary or two companion
    adapters, and the finalizers of one type all come from one module.
    """
    global _loaded
    if _loaded:
        return
    for name in _module_names():
        importlib.import_module(f"{_PACKAGE}.{name}")
    _loaded = True


def adapter_modules() -> list[str]:
    """The modules of this package that register an adapter, in name order; helpers register nothing."""
    _load_modules()
    fns = [*PRIMARY.values(), *COMPANION.values(), *(fn for fns in FINALIZE.values() for fn in fns)]
    registering = {fn.__module__.rpartition(".")[2] for fn in fns}
    return [name for name in _module_names() if name in registering]


def _contained(fn: Callable, subject: Any, block: TfBlock, ctx: AdapterContext, errors: list) -> Any:
    """Run one adapter; a value of a type it does not expect becomes a scan error on that block.

    Terraform itself rejects most such values (a list where a string goes), but one odd block
    must not end the whole scan with a traceback: the error is reported and the scan is marked
    incomplete (exit code 3 when nothing fails).
    """
    try:
        return fn(subject, ctx)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # The exception's text may quote a value (a sensitive one too): only when none is marked.
        detail = "" if any_sensitive_seen() else f": {clean(exc, 120)}"
        message = f"{block.address}: privacy-scan cannot read this resource ({type(exc).__name__}{detail})"
        errors.append(ScanError(message, block.file, block.line))
        return None


def to_state(config: TfConfig, origin: str = "terraform") -> State:
    """Run the three passes over every block of ``config``, one root module at a time.

    Addresses and references are relative to a root module, so each root gets its
    own context: ``dev/`` and ``prod/`` may both hold ``aws_s3_bucket.data``.
    """
    _load_modules()
    errors = list(config.errors)
    resources: list[Resource] = []
    warnings = list(config.warnings)
    roots: dict[str, list[TfBlock]] = {}
    for block in config.blocks:
        roots.setdefault(block.root, []).append(block)
    for root, root_blocks in roots.items():
        ctx = AdapterContext(TfConfig(blocks=root_blocks))
        ctx.aws_versions = config.aws_versions.get(root, [])
        _adapt(ctx, root_blocks, errors)
        if any_sensitive_seen():
            _carry_sensitivity(ctx, root_blocks)
        for res in ctx.resources.values():
            res.root = root or None
            resources.append(res)
        warnings.extend(clean(w, 1000) for w in ctx.warnings)  # they quote addresses (for_each keys)
    # Only an address that stands in more than one root needs its root to tell the two
    # apart (in findings and fingerprints); elsewhere the root stays out, so moving or
    # renaming a directory does not turn every accepted finding into a new one.
    seen: dict[str, int] = {}
    for res in resources:
        seen[res.address] = seen.get(res.address, 0) + 1
    for res in resources:
        if seen[res.address] == 1:
            res.root = None
    line = not_covered_warning(not_covered(config.blocks))
    if line:
        warnings.append(line)
    uncovered = [
        {"type": b.type, "address": b.address, "file": b.file, "line": b.line}
        for b in uncovered_blocks(config.blocks)
    ]
    return State(resources=resources, errors=errors, warnings=warnings, origin=origin, not_covered=uncovered)


def _sensitive_places(block: TfBlock) -> set[Source]:
    """File and line of every argument of ``block`` whose value is (or holds) a sensitive one."""
    places: set[Source] = set()

    def walk(node: Any, path: str) -> None:
        if is_sensitive(node) and path:
            places.add(block.source(path if path in block.lines else path.split(".")[0]))
            return
        if isinstance(node, dict):
            for key, item in node.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}.{i}")

    walk(block.attrs, "")
    return places


def _carry_sensitivity(ctx: AdapterContext, blocks: list[TfBlock]) -> None:
    """Mark every state value read from a sensitive argument, however an adapter converted it.

    Adapters turn raw values into others (``int(raw)``, a lower-cased protocol), which drops the
    mark the raw value carried; the value keeps the argument's file and line, so that is how the
    mark is found again. A place without a line (a plan read without its ``.tf`` files) stands
    for the whole block, so it marks only that block's own resource, all of it: hiding too much
    is safe, printing a secret is not.
    """
    by_block = {id(block): _sensitive_places(block) for block in blocks}
    anywhere = {p for places in by_block.values() for p in places if p.line is not None}
    if not anywhere and not any(by_block.values()):
        return
    for address, res in ctx.resources.items():
        own = by_block.get(id(ctx.block_of[address]), set())
        marked = anywhere | own
        for name, value in list(res.attrs.items()):
            if value.source in marked and not value.sensitive:
                res.attrs[name] = replace(value, secret=True)
        if res.identity is not None and res.identity.source in marked:
            res.identity = replace(res.identity, secret=True)


def _adapt(ctx: AdapterContext, blocks: list[TfBlock], errors: list) -> None:
    managed = [b for b in blocks if b.mode == "managed"]
    for block in managed:
        normalise(block)
    for block in managed:
        fn = PRIMARY.get(block.type)
        made: Any = _contained(fn, block, block, ctx, errors) if fn is not None else None
        for res in made if isinstance(made, list) else [made] if made else []:
            ctx.add(res, block)
    for block in managed:
        fn = COMPANION.get(block.type)
        if fn is not None:
            _contained(fn, block, block, ctx, errors)
    for res in list(ctx.resources.values()):
        for fn in FINALIZE.get(res.resource_type, []):
            _contained(fn, res, ctx.block_of[res.address], ctx, errors)
    mark_unplaced(ctx)
