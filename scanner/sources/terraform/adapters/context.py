"""What adapters share: the resources made so far, lookups by reference or name, and value helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scanner.sources.terraform.model import TfBlock, TfConfig
from scanner.state import Kind, Resource, Unknown, Value, generated_name
from scanner.state.value import shown

_MISSING = object()


class AdapterContext:
    def __init__(self, config: TfConfig) -> None:
        self.config = config
        self.blocks: dict[str, TfBlock] = config.by_address()
        self.resources: dict[str, Resource] = {}
        self.block_of: dict[str, TfBlock] = {}
        self.warnings: list[str] = []
        # Working data an adapter keeps between its passes (e.g. listener rules seen
        # before their listener), keyed by the adapter module's name.
        self.scratch: dict[str, Any] = {}
        # Companions that could not be placed, with the resource types they were meant for.
        self.unplaced: list[tuple[TfBlock, tuple[str, ...]]] = []
        # The AWS provider version constraints of the root's modules (``required_providers``).
        self.aws_versions: list[str] = []

    def add(self, resource: Resource, block: TfBlock) -> None:
        self.resources[resource.address] = resource
        self.block_of[resource.address] = block

    def target(self, raw: Any, resource_types: tuple[str, ...], by_block: TfBlock) -> Resource | None:
        """The resource a companion's link argument points at.

        ``raw`` is the evaluated link (``bucket = aws_s3_bucket.x.id``): an Unknown
        carrying ``ref`` when the value is computed, or a literal name/ARN. A literal
        is matched against each candidate's identity (name) and address. A companion
        that cannot be placed is reported once as a warning, never guessed.
        """
        if isinstance(raw, Unknown) and raw.ref:
            for candidate in (raw.ref, _in_module(by_block.module, raw.ref)):
                res = self.resources.get(candidate)
                if res is not None and res.resource_type in resource_types:
                    return res
                # A link through another companion (``bucket = aws_s3_bucket_policy.p.id``,
                # whose id is its bucket's name) leads to that companion's own target.
                via = self.blocks.get(candidate)
                if via is not None and via is not by_block and via.type not in resource_types:
                    link = via.attrs.get("bucket")
                    if link is not None and not (isinstance(link, Unknown) and link.ref == raw.ref):
                        return self.target(link, resource_types, by_block)
        if isinstance(raw, Unknown):
            same = _same_unknown_name(self.resources.values(), raw, resource_types)
            if same is not None:
                return same
        elif isinstance(raw, str):
            for res in self.resources.values():
                if res.resource_type not in resource_types:
                    continue
                ident = res.identity.raw if res.identity else None
                if raw in (ident, res.address) or (isinstance(ident, str) and raw.endswith(":" + ident)):
                    return res
        self.unplaced.append((by_block, resource_types))
        self.warnings.append(
            f"{by_block.address} ({by_block.source().label() or by_block.file}): cannot tell which "
            f"{'/'.join(resource_types)} it belongs to; what it would set is unknown on each candidate"
        )
        return None


def _same_unknown_name(
    resources: Iterable[Resource], raw: Unknown, resource_types: tuple[str, ...]
) -> Resource | None:
    """The one candidate whose name is the very unknown value of the link, if exactly one.

    ``bucket = var.directory ? aws_s3_directory_bucket.d[0].bucket : aws_s3_bucket.b[0].id``
    with a known condition reads the directory bucket's ``bucket`` argument, itself unknown
    (``"${random_pet.p.id}--az--x-s3"``): the link then carries the unknown of the name, not
    the bucket's address. The same unknown value (same source, same text around it) is the
    same name, and a name picks one bucket; two candidates sharing it stay unplaced. Only an
    unknown that comes from a resource's attribute counts: a variable without a value is one
    unknown for all of its elements (``var.names[0]`` and ``var.names[1]`` look alike).
    """
    if not raw.ref or raw.ref.split(".")[0] in ("var", "local", "module"):
        return None
    found = [
        res
        for res in resources
        if res.resource_type in resource_types
        and res.identity is not None
        and isinstance(res.identity.raw, Unknown)
        and res.identity.raw == raw
        and res.identity.raw.shape == raw.shape
    ]
    return found[0] if len(found) == 1 else None


def _in_module(module: str, ref: str) -> str:
    return f"{module}.{ref}" if module and not ref.startswith("module.") else ref


# The attributes each companion type sets on its resource: when a companion cannot be placed,
# these become unknown on every resource it may belong to (its module's resources of the right
# type that still hold AWS defaults), so an unjoined companion never leaves a false fail.
TOUCHES: dict[str, tuple[str, ...]] = {}


def mark_unplaced(ctx: AdapterContext) -> None:
    """Make the attributes an unplaced companion would set unknown where it may belong."""
    for block, types in ctx.unplaced:
        attrs = TOUCHES.get(block.type, ())
        for res in ctx.resources.values():
            if res.resource_type not in types or ctx.block_of[res.address].module != block.module:
                continue
            for name in attrs:
                current = res.attrs.get(name)
                if current is not None and current.default:
                    res.attrs[name] = Value.unknown(
                        f"{block.address} may set this, but privacy-scan cannot tell which "
                        f"{'/'.join(types)} it belongs to",
                        block.source(),
                    )


def data_ref_type(ref: str | None) -> str | None:
    """The data source type a reference names, in the root or in any module; None for other references.

    ``data.aws_iam_policy_document.p`` and ``module.m.data.aws_iam_policy_document.p`` (the same
    code called as a module, or ``module.m["k"]``) both give ``aws_iam_policy_document``.
    """
    if not ref:
        return None
    parts = ref.split(".")
    while len(parts) >= 2 and parts[0] == "module":
        parts = parts[2:]
    return parts[1] if len(parts) >= 3 and parts[0] == "data" else None


def get_path(attrs: Any, path: str, default: Any = _MISSING) -> Any:
    """Walk ``a.0.b`` through dicts and lists; a missing step gives ``default`` (or _MISSING)."""
    node = attrs
    for step in path.split("."):
        if isinstance(node, Unknown):
            return node
        if isinstance(node, dict):
            if step not in node:
                return default
            node = node[step]
        elif isinstance(node, list):
            if not step.isdigit() or int(step) >= len(node):
                return default
            node = node[int(step)]
        else:
            return default
    return node


def val(block: TfBlock, path: str, default: Any = _MISSING) -> Value:
    """The block's argument at ``path`` as a Value with its line.

    A missing argument gives ``default`` flagged as an AWS default, or, without
    a default, ``None`` (explicitly "not set").
    """
    raw = get_path(block.attrs, path)
    top = path.split(".")[0]
    source = block.source(path if path in block.lines else top)
    if raw is _MISSING or raw is None:
        if default is _MISSING:
            return Value(None, source)
        return Value(default, source, default=True)
    return Value(raw, source)


def generated_unless(
    block: TfBlock, path: str, what: str, prefix_arg: str = "name_prefix", by: str = "Terraform"
) -> Value:
    """The name at ``path``, or (not set) the name Terraform or AWS generates, from ``prefix_arg`` when given.

    One reading for every resource whose name may be left out: the generated name is unknown
    with its known prefix kept as its shape, so drift can say it needs ``--tfstate``.
    """
    name = val(block, path)
    if name.raw is not None:
        return name
    prefix = block.attrs.get(prefix_arg)
    if prefix is not None:
        why = f"{what} is generated from {prefix_arg} {shown(prefix, quote=True)}"
        return Value(generated_name(why, prefix), block.source(prefix_arg))
    return Value(generated_name(f"{what} is generated by {by}"), block.source())


def _dicts(raw: Any) -> list[dict]:
    if isinstance(raw, dict):
        return [raw]
    return [b for b in raw if isinstance(b, dict)] if isinstance(raw, list) else []


def nested(node: Any, key: str) -> list[dict]:
    """Nested blocks ``key`` of an evaluated block dict (a list of dicts; empty when absent)."""
    return _dicts(node.get(key) if isinstance(node, dict) else None)


def blocks(block: TfBlock, path: str) -> list[dict]:
    """Nested blocks at ``path`` as a list of dicts (empty when absent or unknown)."""
    return _dicts(get_path(block.attrs, path, []))


def new_resource(
    block: TfBlock, kind: Kind, subkind: str | None = None, identity_path: str | None = None
) -> Resource:
    """A Resource for ``block`` with its region and, when given, identity (name) argument."""
    return Resource(
        kind=kind,
        subkind=subkind,
        address=block.address,
        resource_type=block.type,
        source=block.source(),
        region=Value(block.region, block.source()),
        identity=val(block, identity_path) if identity_path else None,
    )
