"""Module definitions and instances: the lazy graph that expressions are evaluated in.

A :class:`ModuleDef` is one directory's parsed files, shared by every call of
that module. A :class:`ModuleInstance` is one instance of it (``module.a["k"]``)
with its inputs, providers, locals and resources. Everything is evaluated on
demand and memoized, so declaration order never matters (Terraform's graph),
and a cycle turns into an ``Unknown`` naming it instead of a hang.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.sources.terraform import ast
from scanner.sources.terraform.data_sources import static_data_attr
from scanner.sources.terraform.errors import Capped, EvalError
from scanner.sources.terraform.evaluate import (
    BUDGET,
    BudgetExceeded,
    Evaluator,
    Ref,
    Scope,
    finalize,
    to_number,
    to_str,
)
from scanner.sources.terraform.known_modules import LabelModuleRef, is_known_label
from scanner.sources.terraform.types import TypeSpec, parse_type
from scanner.sources.terraform.types import convert as convert_to_type
from scanner.state.value import (
    UNKNOWN_AFTER_APPLY,
    Unknown,
    first_unknown,
    is_sensitive,
    mark_sensitive,
)
from scanner.util.safetext import clean

if TYPE_CHECKING:
    from scanner.sources.terraform.loader import Session

# Instances of one resource or module block (count, for_each) that are scanned; the rest are
# reported as capped. Real configurations rarely pass a few hundred.
MAX_INSTANCES = 1000

RESOURCE_META = {"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"}
MODULE_META = {"source", "version", "count", "for_each", "providers", "depends_on"}


@dataclass
class Decl:
    """A declared resource or data block."""

    mode: str
    type: str
    name: str
    block: ast.Block
    file: str

    @property
    def local_address(self) -> str:
        return f"data.{self.type}.{self.name}" if self.mode == "data" else f"{self.type}.{self.name}"


@dataclass
class ModuleDef:
    """The parsed content of one module directory."""

    dir: str  # display path
    path: Path  # real path, for reading files and resolving local sources
    variables: dict[str, ast.Body] = field(default_factory=dict)
    sensitive: set[str] = field(default_factory=set)
    locals: dict[str, ast.Attribute] = field(default_factory=dict)
    outputs: dict[str, ast.Attribute | None] = field(default_factory=dict)
    providers: list[ast.Block] = field(default_factory=list)
    resources: list[Decl] = field(default_factory=list)
    calls: dict[str, tuple[ast.Block, str]] = field(default_factory=dict)
    type_specs: dict[str, TypeSpec] = field(default_factory=dict)  # parsed on first use
    # ``terraform { required_providers { aws = { version = "..." } } }``: the literal version
    # constraints for hashicorp/aws; some provider defaults differ between its major versions.
    aws_versions: list[str] = field(default_factory=list)
    # ``required_providers { aws = { configuration_aliases = [aws.eu] } }``: provider keys
    # ("aws.eu") the calling configuration must pass in; none of them is configured here.
    caller_providers: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, dir_display: str, path: Path, files: list[ast.File]) -> ModuleDef:
        mod = cls(dir_display, path)
        primary = [f for f in files if not is_override_file(f.path)]
        for f in primary:
            for block in f.body.blocks:
                kind, labels = block.type, block.labels
                if kind == "variable" and labels:
                    mod.variables[labels[0]] = block.body
                    sens = block.body.attributes.get("sensitive")
                    if sens is not None and isinstance(sens.expr, ast.Lit) and sens.expr.value is True:
                        mod.sensitive.add(labels[0])
                elif kind == "locals":
                    mod.locals.update(block.body.attributes)
                elif kind == "output" and labels:
                    mod.outputs[labels[0]] = block.body.attributes.get("value")
                elif kind == "provider" and labels:
                    mod.providers.append(block)
                elif kind in ("resource", "data") and len(labels) >= 2:
                    mode = "managed" if kind == "resource" else "data"
                    mod.resources.append(Decl(mode, labels[0], labels[1], block, f.path))
                elif kind == "module" and labels:
                    mod.calls[labels[0]] = (block, f.path)
                elif kind == "terraform":
                    mod.aws_versions.extend(_aws_constraints(block.body))
                    mod.caller_providers.extend(_configuration_aliases(block.body))
        for f in files:
            if is_override_file(f.path):
                mod._apply_override(f)
        return mod

    def _apply_override(self, f: ast.File) -> None:
        """Terraform's override files: their blocks merge into the same-named blocks, argument by argument."""
        for block in f.body.blocks:
            kind, labels = block.type, block.labels
            if kind in ("resource", "data") and len(labels) >= 2:
                mode = "managed" if kind == "resource" else "data"
                for decl in self.resources:
                    if (decl.mode, decl.type, decl.name) == (mode, labels[0], labels[1]):
                        decl.block = merge_blocks(decl.block, block)
            elif kind == "variable" and labels and labels[0] in self.variables:
                self.variables[labels[0]] = merge_blocks(
                    ast.Block(kind, labels, self.variables[labels[0]], block.line), block
                ).body
            elif kind == "locals":
                self.locals.update(block.body.attributes)
            elif kind == "output" and labels and labels[0] in self.outputs:
                value = block.body.attributes.get("value")
                if value is not None:
                    self.outputs[labels[0]] = value
            elif kind == "module" and labels and labels[0] in self.calls:
                base, file = self.calls[labels[0]]
                self.calls[labels[0]] = (merge_blocks(base, block), file)

    def local_module_sources(self) -> list[str]:
        """Sources of module calls that point at local directories (for root discovery)."""
        out = []
        for block, _ in self.calls.values():
            src = block.body.attributes.get("source")
            value = src.expr.value if src is not None and isinstance(src.expr, ast.Lit) else None
            if isinstance(value, str) and value.startswith(("./", "../")):
                out.append(value)
        return out


def is_override_file(path: str) -> bool:
    name = posixpath.basename(path)
    return name == "override.tf" or name.endswith("_override.tf")


def merge_blocks(base: ast.Block, override: ast.Block) -> ast.Block:
    """``base`` with the override's arguments, and its nested blocks replacing those of the same type."""
    replaced = {b.labels[0] if b.type == "dynamic" and b.labels else b.type for b in override.body.blocks}
    kept = [
        b
        for b in base.body.blocks
        if (b.labels[0] if b.type == "dynamic" and b.labels else b.type) not in replaced
    ]
    body = ast.Body({**base.body.attributes, **override.body.attributes}, kept + list(override.body.blocks))
    return ast.Block(base.type, base.labels, body, base.line)


def traversal_text(expr: ast.Expr) -> str | None:
    """``aws.eu`` for a provider reference expression, or None."""
    if isinstance(expr, ast.Name):
        return expr.name
    if isinstance(expr, ast.Lit) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.GetAttr):
        head = traversal_text(expr.obj)
        return f"{head}.{expr.name}" if head else None
    return None


def key_suffix(key: int | str | None) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return "[" + json.dumps(key) + "]"


def short(src: str, limit: int = 80) -> str:
    """Source text for a message: one clean line (repository text may hold any character)."""
    src = clean(" ".join(src.split()), None)
    return src if len(src) <= limit else src[: limit - 3] + "..."


class ProviderConfig:
    """One ``provider`` block, evaluated in the module instance that declares it."""

    def __init__(self, block: ast.Block, owner: ModuleInstance) -> None:
        self.block = block
        self.owner = owner
        self._region: Any = _UNSET

    def region(self) -> Any:
        """The evaluated ``region`` argument, or None when it is not set."""
        if self._region is _UNSET:
            attr = self.block.body.attributes.get("region")
            self._region = None if attr is None else self.owner.eval_attr(attr, self.owner.scope)
        return self._region


class CallerProvider(ProviderConfig):
    """A provider the module declares in ``configuration_aliases``: the calling configuration passes it in.

    Scanned as a root, such a module has no configuration for it at all, and no environment
    variable stands in: ``AWS_REGION`` would give every per-region module the same region.
    """

    def __init__(self, key: str) -> None:  # noqa: D107 - no block: nothing is evaluated here
        self.key = key

    def region(self) -> Any:
        return Unknown(
            f"provider {self.key} is passed in by the configuration that calls this module "
            "(configuration_aliases in required_providers), which sets its region; scan a root that calls it"
        )


_UNSET = object()
_BUSY = object()


class _Namespace(Ref):
    def __init__(self, getter: Callable[[str], Any], what: str) -> None:
        self.getter = getter
        self.what = what

    def get_attr(self, name: str) -> Any:
        return self.getter(name)

    def as_value(self) -> Any:
        return Unknown(f"{self.what} cannot be used as a whole value")


# Names AWS (or the provider) generates when the configuration leaves them out or sets them to
# null (``name = var.prefixed ? null : "x"`` next to ``name_prefix``): read, they are known only
# after apply, never null.
GENERATED_WHEN_NULL = frozenset({"name", "bucket", "identifier", "cluster_identifier"})


class ResourceInstance(Ref):
    """One instance of a resource or data block; evaluated once, on demand."""

    def __init__(
        self, module: ModuleInstance, decl: Decl, key: int | str | None, bindings: dict[str, Any]
    ) -> None:
        self.module = module
        self.decl = decl
        self.key = key
        self.bindings = bindings
        prefix = module.path + "." if module.path else ""
        self.address = prefix + decl.local_address + key_suffix(key)
        self._attrs: Any = None
        self.lines: dict[str, int] = {}

    def attrs(self) -> dict[str, Any]:
        if self._attrs is _BUSY:
            raise EvalError(f"{self.address} refers to itself (cycle)")
        if self._attrs is None:
            self._attrs = _BUSY
            scope = self.module.scope.child(**self.bindings)
            try:
                self._attrs = self.module.eval_body(self.decl.block.body, scope, "", self.lines, top=True)
            except BaseException:
                self._attrs = None
                raise
        return self._attrs

    def _own_attrs(self) -> dict[str, Any]:
        try:
            return self.attrs()
        except EvalError:
            return {}

    def get_attr(self, name: str) -> Any:
        if self.decl.mode == "data":
            return static_data_attr(
                self.decl.type, name, self.address, lambda: self.module.region_of(self.decl), self._own_attrs
            )
        try:
            attrs = self.attrs()
        except EvalError as exc:
            return Unknown(str(exc), ref=self.address)
        if name in attrs and not (attrs[name] is None and name in GENERATED_WHEN_NULL):
            return attrs[name]
        return Unknown(
            f"{self.address}.{name} is known only after apply",
            ref=self.address,
            why=UNKNOWN_AFTER_APPLY,
            what=f"{self.address}.{name}",
        )

    def as_value(self) -> Any:
        if self.decl.mode == "data":
            return Unknown(f"data source {self.address} is read only when Terraform runs", ref=self.address)
        return Unknown(f"{self.address} is known only after apply", ref=self.address)


class ModuleRef(Ref):
    """A module instance seen from its caller: attributes are its outputs."""

    def __init__(self, instance: ModuleInstance) -> None:
        self.instance = instance

    def get_attr(self, name: str) -> Any:
        return self.instance.output(name)

    def as_value(self) -> Any:
        return {
            name: finalize(self.instance.output(name)) for name in sorted(self.instance.definition.outputs)
        }


class ModuleInstance:
    """One instance of a module: scope, locals, resources and child modules, all lazy."""

    def __init__(
        self,
        session: Session,
        definition: ModuleDef,
        path: str,
        call_keys: list[str],
        inputs: Mapping[str, Callable[[], Any]],
        providers: dict[str, ProviderConfig],
        root_dir: str,
        ancestors: tuple[Path, ...] = (),
    ) -> None:
        self.session = session
        self.definition = definition
        # The module directories that called this one, outermost first: a module may not call
        # itself, directly or through others (Terraform refuses that too).
        self.ancestors = (*ancestors, definition.path)
        self.path = path  # "" or "module.a[0].module.b"
        self.call_keys = call_keys  # ["a", "b"] for modules.json keys
        self.inputs = inputs
        self.root_dir = root_dir
        self.providers = dict(providers)
        for block in definition.providers:
            alias_attr = block.body.attributes.get("alias")
            alias = alias_attr.expr.value if alias_attr and isinstance(alias_attr.expr, ast.Lit) else None
            self.providers[f"{block.labels[0]}.{alias}" if alias else block.labels[0]] = ProviderConfig(
                block, self
            )
        for key in definition.caller_providers:
            self.providers.setdefault(key, CallerProvider(key))
        self.evaluator: Evaluator = session.evaluator
        self.scope = Scope(self.resolve, session.functions_for(definition.dir, root_dir))
        self._vars: dict[str, Any] = {}
        self._locals: dict[str, Any] = {}
        self._outputs: dict[str, Any] = {}
        self._groups: dict[tuple[str, str, str], Any] = {}
        self._instances: dict[tuple[str, str, str], list[ResourceInstance]] = {}
        self._children: dict[str, Any] = {}
        self._child_instances: dict[str, list[ModuleInstance]] = {}
        self._decls = {(d.mode, d.type, d.name): d for d in definition.resources}
        self._types = {(d.mode, d.type) for d in definition.resources}

    # ------------------------------------------------------------------ evaluation helpers
    def eval_attr(self, attr: ast.Attribute, scope: Scope) -> Any:
        """An attribute's value; configuration errors become an Unknown naming the expression.

        Each top-level argument gets its own share of the evaluation budget (nested lazy
        evaluations of variables and locals spend from it); a cap that is hit is reported as a
        scan error, so the scan says what it did not evaluate.
        """
        session = self.session
        top = session.eval_depth == 0
        if top:
            BUDGET.start_argument()
        session.eval_depth += 1
        try:
            return finalize(self.evaluator.eval(attr.expr, scope))
        except Capped as exc:
            if not isinstance(exc, BudgetExceeded):
                session.capped(f"{attr.name} = {short(attr.src)} in {self.definition.dir}: {exc}")
            return Unknown(f"cannot evaluate {attr.name} = {short(attr.src)}: {exc}")
        except EvalError as exc:
            return Unknown(f"cannot evaluate {attr.name} = {short(attr.src)}: {exc}")
        except RecursionError:
            return Unknown(f"cannot evaluate {attr.name} = {short(attr.src)}: nested too deeply")
        finally:
            session.eval_depth -= 1
            if top and BUDGET.hit:
                session.capped(
                    f"{BUDGET.hit}; {attr.name} = {short(attr.src)} in {self.definition.dir} is unknown"
                )
                BUDGET.hit = None

    def eval_body(
        self, body: ast.Body, scope: Scope, prefix: str, lines: dict[str, int], top: bool = False
    ) -> dict:
        """Arguments and nested blocks (``dynamic`` expanded) as plain values, recording lines."""
        out: dict[str, Any] = {}
        for name, attr in body.attributes.items():
            if top and name in RESOURCE_META:
                continue
            out[name] = self.eval_attr(attr, scope)
            lines[prefix + name] = attr.line
        for block in body.blocks:
            if top and block.type in RESOURCE_META:
                continue
            if block.type == "dynamic" and block.labels:
                self._dynamic(block, scope, prefix, lines, out)
                continue
            items = out.setdefault(block.type, [])
            if isinstance(items, Unknown):
                continue
            lines.setdefault(prefix + block.type, block.line)
            sub_prefix = f"{prefix}{block.type}.{len(items)}."
            lines[sub_prefix[:-1]] = block.line
            items.append(self.eval_body(block.body, scope, sub_prefix, lines))
        return out

    def _dynamic(self, block: ast.Block, scope: Scope, prefix: str, lines: dict[str, int], out: dict) -> None:
        label = block.labels[0]
        attrs = block.body.attributes
        iterator = label
        if "iterator" in attrs:
            iterator = traversal_text(attrs["iterator"].expr) or label
        content = next((b for b in block.body.blocks if b.type == "content"), None)
        lines.setdefault(prefix + label, block.line)
        if content is None or "for_each" not in attrs:
            return
        coll = self.eval_attr(attrs["for_each"], scope)
        items = out.setdefault(label, [])
        if isinstance(coll, Unknown) or isinstance(items, Unknown):
            out[label] = coll if isinstance(coll, Unknown) else items
            return
        pairs = _iteration_pairs(coll)
        if pairs is None:
            out[label] = Unknown(
                f"dynamic {label}: for_each = {short(attrs['for_each'].src)} is not a collection"
            )
            return
        for key, value in pairs:
            inner = scope.child(**{iterator: {"key": key, "value": value}})
            sub_prefix = f"{prefix}{label}.{len(items)}."
            lines[sub_prefix[:-1]] = content.line
            items.append(self.eval_body(content.body, inner, sub_prefix, lines))

    # ------------------------------------------------------------------ names
    def resolve(self, name: str) -> Any:
        if name == "var":
            return _Namespace(self.var, "var")
        if name == "local":
            return _Namespace(self.local, "local")
        if name == "module":
            return _Namespace(self.child_group, "module")
        if name == "data":
            return _Namespace(lambda t: self._type_ns("data", t), "data")
        if name == "path":
            return {"module": self.definition.dir, "root": self.root_dir, "cwd": "."}
        if name == "terraform":
            return {"workspace": "default"}
        if name in ("count", "each", "self"):
            raise EvalError(f"{name} is not available here")
        if ("managed", name) in self._types:
            return self._type_ns("managed", name)
        raise EvalError(f"unknown name {name!r}")

    def _type_ns(self, mode: str, type_: str) -> Ref:
        def named(name: str) -> Any:
            if (mode, type_, name) not in self._decls:
                what = f"data.{type_}.{name}" if mode == "data" else f"{type_}.{name}"
                raise EvalError(f"reference to undeclared {what}")
            return self.resource_group(mode, type_, name)

        return _Namespace(named, type_)

    def var(self, name: str) -> Any:
        if name not in self.definition.variables:
            raise EvalError(f"variable {name} is not declared")
        if name in self._vars:
            value = self._vars[name]
            if value is _BUSY:
                raise EvalError(f"variable {name} depends on itself")
            return value
        self._vars[name] = _BUSY
        decl = self.definition.variables[name]
        value: Any
        if name in self.inputs:
            value = self.inputs[name]()
            if value is None and "default" in decl.attributes:
                nullable = decl.attributes.get("nullable")
                if (
                    nullable is not None
                    and isinstance(nullable.expr, ast.Lit)
                    and nullable.expr.value is False
                ):
                    value = self.eval_attr(decl.attributes["default"], self.session.literal_scope)
        elif "default" in decl.attributes:
            value = self.eval_attr(decl.attributes["default"], self.session.literal_scope)
        elif self.path:
            value = Unknown(f"input {name} of {self.path} has no value")
        else:
            value = Unknown(f"variable {name} has no value; pass it with --var or --var-file")
        marked = name in self.definition.sensitive or is_sensitive(value)
        value = convert_to_type(value, self._type_spec(name, decl))
        if marked:
            value = mark_sensitive(value)
        self._vars[name] = value
        return value

    def _type_spec(self, name: str, decl: ast.Body) -> TypeSpec:
        """The variable's parsed type constraint, shared by every instance of the module."""
        specs = self.definition.type_specs
        if name not in specs:
            attr = decl.attributes.get("type")
            specs[name] = parse_type(attr.expr if attr else None, self._constant)
        return specs[name]

    def _constant(self, expr: ast.Expr) -> Any:
        """A constant expression (an ``optional`` default); an error becomes an Unknown."""
        try:
            return finalize(self.evaluator.eval(expr, self.session.literal_scope))
        except EvalError as exc:
            return Unknown(f"cannot evaluate an optional attribute's default: {exc}")
        except RecursionError:
            return Unknown("cannot evaluate an optional attribute's default: nested too deeply")

    def local(self, name: str) -> Any:
        attr = self.definition.locals.get(name)
        if attr is None:
            raise EvalError(f"local.{name} is not declared")
        if name in self._locals:
            value = self._locals[name]
            if value is _BUSY:
                return Unknown(f"local.{name} depends on itself (cycle)")
            return value
        self._locals[name] = _BUSY
        try:
            value = self.eval_attr(attr, self.scope)
        finally:
            self._locals.pop(name, None)
        self._locals[name] = value
        return value

    def output(self, name: str) -> Any:
        if name not in self.definition.outputs:
            raise EvalError(f"{self.path} has no output {name}")
        if name not in self._outputs:
            attr = self.definition.outputs[name]
            self._outputs[name] = _BUSY
            self._outputs[name] = None if attr is None else self.eval_attr(attr, self.scope)
        value = self._outputs[name]
        if value is _BUSY:
            return Unknown(f"output {name} of {self.path} depends on itself (cycle)")
        return value

    # ------------------------------------------------------------------ resources
    def _expand(
        self, body: ast.Body, scope: Scope, address: str
    ) -> list[tuple[Any, dict[str, Any]]] | Unknown:
        """Instance keys and their bindings from count/for_each, or Unknown when they cannot be told."""
        attrs = body.attributes
        if "count" in attrs:
            value = self.eval_attr(attrs["count"], scope)
            if isinstance(value, Unknown):
                return self._unknown_expansion(address, "count", attrs["count"], value)
            try:
                n = int(to_number(value, "count"))
            except (EvalError, OverflowError, ValueError) as exc:
                return self._unknown_expansion(address, "count", attrs["count"], Unknown(str(exc)))
            if n > MAX_INSTANCES:
                self.session.capped(
                    f"{clean(address)}: count = {n}; only the first {MAX_INSTANCES} instances are scanned"
                )
                n = MAX_INSTANCES
            return [(i, {"count": {"index": i}}) for i in range(max(n, 0))]
        if "for_each" in attrs:
            value = self.eval_attr(attrs["for_each"], scope)
            found = (
                first_unknown(value)
                if not isinstance(value, dict)
                else (value if isinstance(value, Unknown) else None)
            )
            if found is not None:
                return self._unknown_expansion(address, "for_each", attrs["for_each"], found)
            pairs = _iteration_pairs(value, sets_as_keys=True)
            if pairs is None:
                problem = Unknown("for_each needs a map or a set of strings")
                return self._unknown_expansion(address, "for_each", attrs["for_each"], problem)
            if len(pairs) > MAX_INSTANCES:
                self.session.capped(
                    f"{clean(address)}: for_each over {len(pairs)} keys; only the first {MAX_INSTANCES} "
                    "instances are scanned"
                )
                pairs = pairs[:MAX_INSTANCES]
            return [(k, {"each": {"key": k, "value": v}}) for k, v in pairs]
        return [(None, {})]

    def _unknown_expansion(self, address: str, what: str, attr: ast.Attribute, value: Unknown) -> Unknown:
        self.session.warn(
            f"{address}: {what} = {short(attr.src)} cannot be known before apply ({value.reason}); "
            "scanned as a single instance"
        )
        return Unknown(f"{what} of {address} is not known ({value.reason})", ref=address)

    def resource_instances(self, decl: Decl) -> list[ResourceInstance]:
        key = (decl.mode, decl.type, decl.name)
        if key not in self._instances:
            self._instances[key] = []  # a self-referencing count sees no instances
            address = (self.path + "." if self.path else "") + decl.local_address
            expansion = self._expand(decl.block.body, self.scope, address)
            if isinstance(expansion, Unknown):
                unknown = Unknown(expansion.reason, ref=address)
                bindings = {"count": {"index": unknown}, "each": {"key": unknown, "value": unknown}}
                self._instances[key] = [ResourceInstance(self, decl, None, bindings)]
                self._groups[key] = expansion
            else:
                self._instances[key] = [ResourceInstance(self, decl, k, b) for k, b in expansion]
                attrs = decl.block.body.attributes
                if "count" in attrs:
                    self._groups[key] = list(self._instances[key])
                elif "for_each" in attrs:
                    self._groups[key] = {str(i.key): i for i in self._instances[key]}
                else:
                    self._groups[key] = self._instances[key][0]
        return self._instances[key]

    def resource_group(self, mode: str, type_: str, name: str) -> Any:
        key = (mode, type_, name)
        self.resource_instances(self._decls[key])
        return self._groups.get(key, Unknown(f"{type_}.{name} refers to itself in its count/for_each"))

    def region_of(self, decl: Decl) -> Any:
        attr = decl.block.body.attributes.get("provider")
        provider_key = traversal_text(attr.expr) if attr else None
        local_name = decl.type.split("_", 1)[0]
        provider_key = provider_key or local_name
        config = self.providers.get(provider_key)
        region = config.region() if config else None
        if region is None:
            if local_name != "aws":
                return None
            env_region = self.session.env.get("AWS_REGION") or self.session.env.get("AWS_DEFAULT_REGION")
            if env_region:
                return env_region
            if config is None:
                return Unknown(
                    f'no provider "{provider_key}" block sets a region: a module meant to be called gets '
                    "its provider, and region, from the configuration that calls it (scan that root); "
                    "for a root configuration, set AWS_REGION or region in a provider block"
                )
            return Unknown(
                f"no region set in provider {provider_key}; set AWS_REGION or region in the provider block"
            )
        return region

    # ------------------------------------------------------------------ modules
    def child_group(self, name: str) -> Any:
        if name not in self.definition.calls:
            raise EvalError(f"module {name} is not declared")
        if name not in self._children:
            self._children[name] = Unknown(f"module {name} refers to itself")
            self._children[name] = self._make_children(name)
        return self._children[name]

    def child_instances(self, name: str) -> list[ModuleInstance]:
        self.child_group(name)
        return self._child_instances.get(name, [])

    def _make_children(self, name: str) -> Any:
        block, _file = self.definition.calls[name]
        attrs = block.body.attributes
        source_attr = attrs.get("source")
        source = source_attr.expr.value if source_attr and isinstance(source_attr.expr, ast.Lit) else None
        address = (self.path + "." if self.path else "") + f"module.{name}"
        call_keys = [*self.call_keys, name]
        child_def = self.session.module_def(self, call_keys, source) if isinstance(source, str) else None
        if child_def is not None and child_def.path in self.ancestors:
            self.session.capped(
                f"module {clean(address)} (source {clean(source)}) calls a module that calls it (a cycle); "
                "not scanned"
            )
            return Unknown(f"module {address} is part of a cycle of module calls", ref=address)
        if child_def is None and "count" not in attrs and "for_each" not in attrs:
            version_attr = attrs.get("version")
            version = (
                version_attr.expr.value if version_attr and isinstance(version_attr.expr, ast.Lit) else None
            )
            if is_known_label(source, version if isinstance(version, str) else None):
                inputs = {arg: (lambda a=attr: self.eval_attr(a, self.scope)) for arg, attr in attrs.items()}
                return LabelModuleRef(address, str(source), inputs)
        if child_def is None:
            label = address if self.path else name
            what = f"module {label} (source {source}) is not on disk; run terraform init"
            self.session.warn(f"{what}; its resources are not scanned")
            return Unknown(what, ref=address)
        expansion = self._expand(block.body, self.scope, address)
        keys = [(None, {})] if isinstance(expansion, Unknown) else expansion
        if isinstance(expansion, Unknown):
            unknown = Unknown(expansion.reason, ref=address)
            keys = [(None, {"count": {"index": unknown}, "each": {"key": unknown, "value": unknown}})]
        instances = []
        providers = self._child_providers(attrs.get("providers"))
        for key, bindings in keys:
            scope = self.scope.child(**bindings)
            inputs = {
                arg: (lambda a=attr, s=scope: self.eval_attr(a, s))
                for arg, attr in attrs.items()
                if arg not in MODULE_META
            }
            instances.append(
                ModuleInstance(
                    self.session,
                    child_def,
                    address + key_suffix(key),
                    call_keys,
                    inputs,
                    providers,
                    self.root_dir,
                    self.ancestors,
                )
            )
        self._child_instances[name] = instances
        if isinstance(expansion, Unknown):
            return expansion
        if "count" in attrs:
            return [ModuleRef(i) for i in instances]
        if "for_each" in attrs:
            return {str(k): ModuleRef(i) for (k, _), i in zip(keys, instances, strict=False)}
        return ModuleRef(instances[0])

    def _child_providers(self, attr: ast.Attribute | None) -> dict[str, ProviderConfig]:
        """``providers = { aws = aws.eu }`` mapping, else the caller's default (unaliased) providers."""
        inherited = {k: v for k, v in self.providers.items() if "." not in k}
        if attr is None or not isinstance(attr.expr, ast.ObjectExpr):
            return inherited
        mapped = dict(inherited)
        for key_expr, value_expr in attr.expr.items:
            child_key, parent_key = traversal_text(key_expr), traversal_text(value_expr)
            if child_key and parent_key and parent_key in self.providers:
                mapped[child_key] = self.providers[parent_key]
        return mapped


def _iteration_pairs(value: Any, sets_as_keys: bool = False) -> list[tuple[Any, Any]] | None:
    """(key, value) pairs for for_each/dynamic: maps by sorted key; lists by index (sets: by value)."""
    if isinstance(value, dict):
        return [(k, value[k]) for k in sorted(value)]
    if isinstance(value, list):
        if sets_as_keys:
            if not all(isinstance(v, str) for v in value):
                return None
            return [(v, v) for v in sorted(set(value))]
        return list(enumerate(value))
    return None


def join_dir(base: str, source: str) -> str:
    """Display path of a local module: ``base/source`` normalized, ``/`` separated."""
    joined = posixpath.normpath(posixpath.join(base, source))
    return joined


def normalize_key(value: Any) -> str:
    return to_str(value)


def _literal_text(expr: ast.Expr) -> str | None:
    """A string written literally (``"x"`` or a bare name as an object key), else None."""
    if isinstance(expr, ast.Lit) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name):
        return expr.name
    if isinstance(expr, ast.Template) and len(expr.parts) == 1 and isinstance(expr.parts[0], str):
        return expr.parts[0]
    return None


def _configuration_aliases(body: ast.Body) -> list[str]:
    """The provider keys (``aws.eu``) listed in ``configuration_aliases`` of ``required_providers``."""
    out: list[str] = []
    for inner in body.blocks:
        if inner.type != "required_providers":
            continue
        for attr in inner.body.attributes.values():
            if not isinstance(attr.expr, ast.ObjectExpr):
                continue
            for key, value in attr.expr.items:
                if _literal_text(key) == "configuration_aliases" and isinstance(value, ast.TupleExpr):
                    out.extend(t for t in (traversal_text(item) for item in value.items) if t)
    return out


def _aws_constraints(body: ast.Body) -> list[str]:
    """The version constraints ``required_providers`` gives hashicorp/aws (literal strings only)."""
    out: list[str] = []
    for inner in body.blocks:
        if inner.type != "required_providers" or "aws" not in inner.body.attributes:
            continue
        expr = inner.body.attributes["aws"].expr
        text = _literal_text(expr)
        if text is not None:  # the pre-0.13 form: aws = "~> 5.0"
            out.append(text)
            continue
        if not isinstance(expr, ast.ObjectExpr):
            continue
        fields = {_literal_text(k): _literal_text(v) for k, v in expr.items}
        source = fields.get("source")
        if source is not None and not source.lower().endswith("hashicorp/aws"):
            continue
        if fields.get("version"):
            out.append(str(fields["version"]))
    return out
