"""``terraform show -json`` plan output → :class:`TfConfig`.

A plan knows what HCL cannot (values of variables, count and for_each,
module outputs) but not where things are written. Values come from
``planned_values``; attributes the configuration sets but Terraform can only
know after apply come from ``resource_changes[].change.after_unknown`` and
become ``Unknown`` with the referenced resource as ``ref`` (taken from the
configuration's ``references``), exactly as the HCL evaluator does, so
adapters join companion resources the same way for both sources. Computed
attributes the configuration does not set are left out, as in HCL. File and
line come from the ``.tf`` files next to the plan (or in ``config_dir``).
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

from scanner.sources.terraform import ast
from scanner.sources.terraform.errors import ConfigError
from scanner.sources.terraform.loader import Session, display_path
from scanner.sources.terraform.model import TfBlock, TfConfig
from scanner.sources.terraform.modules import RESOURCE_META, ModuleDef, join_dir
from scanner.sources.terraform.repo import repository_roots
from scanner.state import ScanError
from scanner.state.value import UNKNOWN_AFTER_APPLY, Unknown, mark_sensitive
from scanner.util.safetext import clean

_RESOURCE_REF = re.compile(r"^(?:data\.)?[A-Za-z][\w-]*\.[A-Za-z_][\w-]*(?:\[[^\]]+\])?$")
_MODULE_PART = re.compile(r'module\.([A-Za-z_][\w-]*)(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?')


def is_plan_file(path: Path) -> bool:
    """True for a ``.json`` file holding ``terraform show -json`` output of a plan."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    if '"format_version"' not in head:
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return (
        isinstance(data, dict)
        and "format_version" in data
        and ("planned_values" in data or "configuration" in data)
    )


def _module_names(module_address: str) -> tuple[str, ...]:
    """``module.a["k"].module.b`` → ("a", "b"): the configuration path, without instance keys."""
    return tuple(_MODULE_PART.findall(module_address or ""))


class _Configuration:
    """Index of the plan's ``configuration`` section: expressions and providers per resource."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.resources: dict[tuple[tuple[str, ...], str], dict[str, Any]] = {}
        self.sources: dict[tuple[str, ...], str] = {}
        self._walk((), data.get("root_module") or {})

    def _walk(self, path: tuple[str, ...], module: Any) -> None:
        # The configuration only adds file lines and references: parts of a wrong shape are skipped.
        if not isinstance(module, dict) or len(path) > 64:
            return
        resources = module.get("resources")
        for res in resources if isinstance(resources, list) else []:
            if isinstance(res, dict) and isinstance(res.get("address", ""), str):
                expressions = res.get("expressions")
                if expressions is not None and not isinstance(expressions, dict):
                    res = {**res, "expressions": {}}
                self.resources[(path, res.get("address", ""))] = res
        calls = module.get("module_calls")
        for name, call in calls.items() if isinstance(calls, dict) else ():
            if isinstance(call, dict):
                source = call.get("source", "")
                self.sources[(*path, name)] = source if isinstance(source, str) else ""
                self._walk((*path, name), call.get("module") or {})


def _provider_regions(configuration: dict[str, Any], variables: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, provider in (configuration.get("provider_config") or {}).items():
        expr = (provider.get("expressions") or {}).get("region")
        if expr is None:
            out[key] = None
        elif "constant_value" in expr:
            out[key] = expr["constant_value"]
        else:
            refs = [r for r in expr.get("references", []) if r.startswith("var.")]
            name = refs[0][4:] if refs else None
            if name and name in variables and "value" in variables[name]:
                out[key] = variables[name]["value"]
            else:
                out[key] = Unknown(f"the region of provider {key} is not a constant in the plan")
    return out


def _ref_for(expression: Any, module_prefix: str, index: Any = None) -> tuple[str | None, str | None]:
    """(reference text, resource address) an attribute's value comes from, per ``references``.

    ``aws_s3_bucket.b[each.key].id`` is listed as ``aws_s3_bucket.b`` and ``each.key``: the
    instance is the referring block's own key (``index``), as the HCL evaluator resolves it.
    """
    if not isinstance(expression, dict):
        return None, None
    refs = [r for r in expression.get("references") or [] if isinstance(r, str)]
    own_key = _own_key(refs, index)
    if own_key:
        refs = [
            r + own_key
            if _RESOURCE_REF.match(r) and not r.endswith("]") and not r.startswith(("each.", "count."))
            else r
            for r in refs
        ]
    for ref in refs:
        if ref.startswith(("var.", "local.", "each.", "count.", "path.", "terraform.", "self.")):
            continue
        if ref.startswith("module."):
            parts = ref.split(".")
            target = ".".join(parts[:2])
            return module_prefix + ref, module_prefix + target
        candidates = [r for r in refs if _RESOURCE_REF.match(r) and ref.startswith(r)]
        target = max(candidates, key=len) if candidates else None
        if target:
            return module_prefix + ref, module_prefix + target
    return None, None


def _own_key(refs: list[str], index: Any) -> str:
    """``["k"]`` or ``[0]`` when the references index by the block's own ``each.key``/``count.index``."""
    if isinstance(index, str) and "each.key" in refs:
        return f'["{index}"]'
    if isinstance(index, int) and not isinstance(index, bool) and "count.index" in refs:
        return f"[{index}]"
    return ""


def _mark_unknown(values: Any, unknown: Any, reason: str, ref: str | None) -> Any:
    """Put an Unknown wherever the nested ``after_unknown`` structure says True."""
    if unknown is True:
        return Unknown(reason, ref=ref)
    if isinstance(unknown, dict) and isinstance(values, dict):
        out = dict(values)
        for key, sub in unknown.items():
            if sub is True or key in values:
                out[key] = _mark_unknown(values.get(key), sub, reason, ref)
        return out
    if isinstance(unknown, list) and isinstance(values, list):
        return [
            _mark_unknown(v, unknown[i] if i < len(unknown) else False, reason, ref)
            for i, v in enumerate(values)
        ]
    return values


def _mark_sensitive(values: Any, sensitive: Any) -> Any:
    """Mark what the plan's ``sensitive_values`` mirror says is sensitive (never printed)."""
    if sensitive is True:
        return mark_sensitive(values)
    if isinstance(sensitive, dict) and isinstance(values, dict):
        return {k: _mark_sensitive(v, sensitive[k]) if k in sensitive else v for k, v in values.items()}
    if isinstance(sensitive, list) and isinstance(values, list):
        return [_mark_sensitive(v, sensitive[i]) if i < len(sensitive) else v for i, v in enumerate(values)]
    return values


def _apply_after_unknown(
    address: str,
    values: dict[str, Any],
    after_unknown: dict[str, Any],
    expressions: dict[str, Any] | None,
    prefix: str,
    index: Any = None,
) -> dict[str, Any]:
    attrs = copy.deepcopy(values)
    for key, unknown in after_unknown.items():
        configured = expressions is None or key in expressions
        if unknown is True:
            if not configured:
                continue  # computed and not written in the configuration: absent, as in HCL
            text, ref = _ref_for((expressions or {}).get(key), prefix, index)
            reason = (
                f"{text} is known only after apply" if text else f"{address}.{key} is known only after apply"
            )
            # ``what`` is this attribute itself: the plan does not say whether the expression is
            # just ``text`` (``references`` also lists the parts of a template or a call).
            attrs[key] = Unknown(reason, ref=ref, why=UNKNOWN_AFTER_APPLY, what=f"{address}.{key}")
        elif configured and key in attrs:
            attrs[key] = _mark_unknown(
                attrs[key], unknown, f"{address}.{key} is known only after apply", None
            )
    return attrs


def _body_lines(body: ast.Body, prefix: str = "") -> dict[str, int]:
    """Attribute and nested-block lines of a block, without evaluating it (as the HCL evaluator records them)."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    for name, attr in body.attributes.items():
        if not (prefix == "" and name in RESOURCE_META):
            lines[prefix + name] = attr.line
    for block in body.blocks:
        if prefix == "" and block.type in RESOURCE_META:
            continue
        kind = block.labels[0] if block.type == "dynamic" and block.labels else block.type
        lines.setdefault(prefix + kind, block.line)
        if block.type == "dynamic":
            continue
        i = counts.get(kind, 0)
        counts[kind] = i + 1
        lines[f"{prefix}{kind}.{i}"] = block.line
        lines.update(_body_lines(block.body, f"{prefix}{kind}.{i}."))
    return lines


class _Locations:
    """Where each resource is written, from the ``.tf`` files of the plan's configuration."""

    def __init__(self, session: Session, root: Path | None, sources: dict[tuple[str, ...], str]) -> None:
        self.session = session
        self.defs: dict[tuple[str, ...], ModuleDef | None] = {}
        self.sources = sources
        self.root = root
        if root is not None:
            session.root_real = root.resolve()
            self.defs[()] = session.load_dir(root, display_path(root))

    def _def(self, path: tuple[str, ...]) -> ModuleDef | None:
        if path in self.defs:
            return self.defs[path]
        parent = self._def(path[:-1]) if path else None
        found: ModuleDef | None = None
        if parent is not None:
            call = parent.calls.get(path[-1])
            src_attr = call[0].body.attributes.get("source") if call else None
            source = (
                src_attr.expr.value
                if src_attr and isinstance(src_attr.expr, ast.Lit)
                else self.sources.get(path)
            )
            if (
                isinstance(source, str)
                and source.startswith(("./", "../"))
                and self.session.inside(parent.path / source, f"module {'.'.join(path)} (source {source})")
            ):
                found = self.session.load_dir(parent.path / source, join_dir(parent.dir, source))
            elif isinstance(source, str) and self.root is not None:
                entry_dir = self.session.manifest_dir(self.root, ".".join(path))
                if entry_dir is not None:
                    found = self.session.load_dir(self.root / entry_dir, display_path(self.root / entry_dir))
        self.defs[path] = found
        return found

    def find(
        self, path: tuple[str, ...], mode: str, type_: str, name: str
    ) -> tuple[str, int, dict[str, int]] | None:
        definition = self._def(path)
        if definition is None:
            return None
        for decl in definition.resources:
            if (decl.mode, decl.type, decl.name) == (mode, type_, name):
                return decl.file, decl.block.line, _body_lines(decl.block.body)
        return None


def load_plan(
    path: Path, config_dir: Path | None = None, env: dict[str, str] | None = None, use_cache: bool = True
) -> TfConfig:
    """Read a ``terraform show -json`` plan; ``config_dir`` holds its ``.tf`` files when not beside it."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise ConfigError(f"{path}: not a JSON plan (terraform show -json output)") from None
    if not isinstance(data, dict) or "format_version" not in data:
        raise ConfigError(f"{path}: not a JSON plan (terraform show -json output)")
    try:
        problem = _shape_problem(data)
        if problem:
            raise ConfigError(f"{clean(path)}: not a JSON plan of the expected shape ({problem})")
        return _load_plan(path, data, config_dir, env, use_cache)
    except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
        # A defect _shape_problem does not know: still one line, never a traceback.
        raise ConfigError(
            f"{clean(path)}: not a JSON plan of the expected shape ({type(exc).__name__})"
        ) from None


# The plan's containers, by path: what each must be. Anything else is refused with the path.
_PLAN_SHAPE: tuple[tuple[tuple[str, ...], type], ...] = (
    (("planned_values",), dict),
    (("planned_values", "root_module"), dict),
    (("resource_changes",), list),
    (("configuration",), dict),
    (("configuration", "root_module"), dict),
    (("configuration", "provider_config"), dict),
    (("variables",), dict),
)


def _shape_problem(data: dict[str, Any]) -> str | None:
    """Where the plan's structure is not what ``terraform show -json`` writes, or None."""
    for keys, kind in _PLAN_SHAPE:
        node: Any = data
        for key in keys[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        value = node.get(keys[-1]) if isinstance(node, dict) else None
        if value is not None and not isinstance(value, kind):
            return f"{'.'.join(keys)} must be {'an object' if kind is dict else 'a list'}"
    for i, change in enumerate(data.get("resource_changes") or []):
        if not isinstance(change, dict) or not isinstance(change.get("change") or {}, dict):
            return f"resource_changes[{i}] must be an object with a change object"
    for key, provider in ((data.get("configuration") or {}).get("provider_config") or {}).items():
        if not isinstance(provider, dict) or not isinstance(provider.get("expressions") or {}, dict):
            return f"configuration.provider_config.{clean(key, 40)} must be an object"
    for name, variable in (data.get("variables") or {}).items():
        if not isinstance(variable, dict):
            return f"variables.{clean(name, 40)} must be an object"
    return _module_problem(
        (data.get("planned_values") or {}).get("root_module") or {}, "planned_values.root_module"
    )


def _module_problem(module: Any, where: str, depth: int = 0) -> str | None:
    """The first shape defect of a planned module and its children (each resource an object)."""
    if not isinstance(module, dict):
        return f"{where} must be an object"
    if depth > 64:
        return f"{where}: modules nested too deeply"
    for key in ("resources", "child_modules"):
        if not isinstance(module.get(key) or [], list):
            return f"{where}.{key} must be a list"
    if not isinstance(module.get("address", ""), str):
        return f"{where}.address must be a string"
    for i, child in enumerate(module.get("child_modules") or []):
        problem = _module_problem(child, f"{where}.child_modules[{i}]", depth + 1)
        if problem:
            return problem
    return None


def _resource_problem(res: Any) -> str | None:
    """Why one planned resource cannot be read (a scan error for it alone), or None."""
    if not isinstance(res, dict):
        return "a planned resource is not an object"
    for key in ("address", "type", "name"):
        if not isinstance(res.get(key), str) or not res.get(key):
            return f"a planned resource has no {key} string"
    if not isinstance(res.get("values") or {}, dict):
        return f"{clean(res['address'])}: values must be an object"
    if res.get("mode", "managed") not in ("managed", "data"):
        return f"{clean(res['address'])}: mode must be managed or data"
    return None


def _load_plan(
    path: Path, data: dict[str, Any], config_dir: Path | None, env: dict[str, str] | None, use_cache: bool
) -> TfConfig:
    env = dict(os.environ) if env is None else env
    configuration = data.get("configuration") or {}
    config_index = _Configuration(configuration)
    regions = _provider_regions(configuration, data.get("variables") or {})
    changes = {rc.get("address"): rc for rc in data.get("resource_changes") or [] if isinstance(rc, dict)}

    tf_dir = Path(config_dir) if config_dir else path.parent
    session = Session(env, use_cache=use_cache, workers=None, roots=repository_roots([tf_dir]))
    has_tf = tf_dir.is_dir() and any(p.suffix == ".tf" for p in tf_dir.iterdir())
    if config_dir and not has_tf:
        raise ConfigError(f"{config_dir}: no Terraform files (.tf) found")
    locations = _Locations(session, tf_dir if has_tf else None, config_index.sources)

    config = TfConfig()
    plan_display = display_path(path)

    def walk(module: dict[str, Any]) -> None:
        module_address = module.get("address", "")
        names = _module_names(module_address)
        prefix = module_address + "." if module_address else ""
        for res in module.get("resources") or []:
            problem = _resource_problem(res)
            if problem:
                config.errors.append(ScanError(f"not read: {problem}", plan_display, None))
                continue
            address = res.get("address", "")
            mode, type_, name = res.get("mode", "managed"), res.get("type", ""), res.get("name", "")
            local = f"data.{type_}.{name}" if mode == "data" else f"{type_}.{name}"
            conf = config_index.resources.get((names, local), {})
            expressions = conf.get("expressions") if conf else None
            change = (changes.get(address) or {}).get("change") or {}
            after_unknown = change.get("after_unknown") or {}
            attrs = _apply_after_unknown(
                address,
                res.get("values") or {},
                after_unknown if isinstance(after_unknown, dict) else {},
                expressions,
                prefix,
                res.get("index"),
            )
            attrs = _mark_sensitive(attrs, res.get("sensitive_values"))
            provider_key = conf.get("provider_config_key") if conf else None
            region: Any = None
            if type_.startswith("aws_"):
                region = regions.get(provider_key or "aws")
                if region is None:
                    region = Unknown(
                        f"no region set in provider {provider_key or 'aws'}; set AWS_REGION or region in the provider block"
                    )
            found = locations.find(names, mode, type_, name)
            file, line, lines = found if found else (plan_display, None, {})
            config.blocks.append(
                TfBlock(
                    address=address,
                    mode=mode,
                    type=type_,
                    name=name,
                    attrs=attrs,
                    file=file,
                    line=line,  # type: ignore[arg-type] - None when the .tf files are not at hand
                    lines=lines,
                    module=module_address,
                    index=res.get("index"),
                    region=region,
                )
            )
        for child in module.get("child_modules") or []:
            walk(child)

    walk((data.get("planned_values") or {}).get("root_module") or {})
    config.errors.extend(session.errors)
    if has_tf:
        _fill_from_configuration(config, tf_dir, data.get("variables") or {}, env, use_cache)
    return config


def _fill_from_configuration(
    config: TfConfig, tf_dir: Path, variables: dict[str, Any], env: dict[str, str], use_cache: bool
) -> None:
    """Where the plan says "known after apply", take what the configuration itself says.

    Terraform makes a whole value unknown when any part of it is: a bucket policy
    ``jsonencode``-d around ``aws_s3_bucket.x.arn`` is one opaque unknown string in
    the plan, and a nested block's unknown keeps no reference to the resource it
    names. The HCL evaluator, given the plan's own variable values, keeps the known
    parts and the references, so checks and companion joins decide on a plan as they
    do on its code. Values the plan knows always win; a configuration that cannot be
    evaluated here leaves the plan as it is.
    """
    from scanner.sources.terraform.loader import load_config

    values = {name: v.get("value") for name, v in variables.items() if isinstance(v, dict) and "value" in v}
    try:
        hcl = load_config([tf_dir], env=env, use_cache=use_cache, typed_values=values).by_address()
    except ConfigError:
        return
    for block in config.blocks:
        twin = hcl.get(block.address)
        if twin is not None:
            block.attrs = _prefer_known(block.attrs, twin.attrs)


def _prefer_known(planned: Any, configured: Any) -> Any:
    """``planned`` with each Unknown replaced by the configuration's value when that says more."""
    if isinstance(planned, Unknown):
        if isinstance(configured, Unknown):
            return configured if configured.ref and not planned.ref else planned
        return configured
    if isinstance(planned, dict) and isinstance(configured, dict):
        return {k: _prefer_known(v, configured[k]) if k in configured else v for k, v in planned.items()}
    if isinstance(planned, list) and isinstance(configured, list) and len(planned) == len(configured):
        return [_prefer_known(p, c) for p, c in zip(planned, configured, strict=True)]
    return planned
