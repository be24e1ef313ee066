"""Root-module variable values, in Terraform's precedence order.

Later sources win: ``TF_VAR_name`` environment variables, ``terraform.tfvars``,
``terraform.tfvars.json``, ``*.auto.tfvars`` / ``*.auto.tfvars.json`` in
lexical order, then ``--var-file`` files, then ``--var`` values. Values of
variables declared ``sensitive`` must never appear in any message; messages
here therefore name files and variables only, never contents.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from scanner.sources.terraform import ast
from scanner.sources.terraform.errors import ConfigError, EvalError, ParseFailure
from scanner.sources.terraform.evaluate import Evaluator, Scope, finalize, to_bool, to_number, to_str
from scanner.state import ScanError
from scanner.state.value import Unknown
from scanner.util.confined import ConfinementError

Parse = Callable[[Path], ast.File]
Read = Callable[[Path], bytes]  # a confined read (see ``repo.py``): ConfinementError for outside paths


def json_value(value: Any) -> Any:
    """A value from a JSON variables file, numbers Terraform cannot hold (``1e400``) made unknown."""
    if isinstance(value, float) and not math.isfinite(value):
        return Unknown("a number in the variables file is out of range")
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_value(v) for v in value]
    return value


def type_name_of(decl: ast.Body) -> str | None:
    """The head of a variable's type constraint: ``string``, ``number``, ``list``, … or None."""
    attr = decl.attributes.get("type")
    if attr is None:
        return None
    if isinstance(attr.expr, ast.Name):
        return attr.expr.name
    if isinstance(attr.expr, ast.Call):
        return attr.expr.name
    return None


def convert(value: Any, type_name: str | None) -> Any:
    """Terraform's automatic conversion to a primitive type constraint (best effort)."""
    if isinstance(value, Unknown) or value is None or type_name is None:
        return value
    try:
        if type_name == "string" and isinstance(value, (int, float, bool)):
            return to_str(value)
        if type_name == "number" and isinstance(value, str):
            return to_number(value)
        if type_name == "bool" and isinstance(value, str):
            return to_bool(value)
    except EvalError:
        return value
    return value


def _from_raw_string(raw: str, type_name: str | None, parse_expr: Callable[[str], ast.Expr]) -> Any:
    """A ``--var``/``TF_VAR_`` value: a plain string for string variables, else HCL when it parses."""
    if type_name == "string":
        return raw
    stripped = raw.strip()
    looks_like_hcl = stripped[:1] in ("[", "{", '"', "-") or stripped[:1].isdigit()
    looks_like_hcl = looks_like_hcl or stripped in ("true", "false", "null")
    if type_name is None and not looks_like_hcl:
        return raw
    try:
        expr = parse_expr(stripped)
        value = finalize(Evaluator().eval(expr, _literal_scope()))
    except (ParseFailure, EvalError, RecursionError):
        return raw
    return convert(value, type_name)


def _literal_scope() -> Scope:
    def no_names(name: str) -> Any:
        raise EvalError("variable values may not refer to anything")

    from scanner.sources.terraform.functions import make_functions

    return Scope(
        no_names, make_functions(".", lambda text, variables: Unknown("templatefile in a variable value"))
    )


def _tfvars_file(
    path: Path, display: str, parse: Parse, read: Read, errors: list[ScanError]
) -> dict[str, Any]:
    if path.name.endswith(".json"):
        try:
            data = json.loads(read(path).decode("utf-8"))
            if isinstance(data, dict):
                return {str(k): json_value(v) for k, v in data.items()}
        except ConfinementError as exc:
            errors.append(ScanError(f"variables file not read: {exc}", display, None))
            return {}
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            line = getattr(exc, "lineno", None)
            errors.append(ScanError("variables file is not valid JSON", display, line))
            return {}
        errors.append(ScanError("variables file must hold a JSON object", display, None))
        return {}
    try:
        parsed = parse(path)
    except ParseFailure as exc:
        # The token that broke the parse may be part of a secret: say where, not what.
        reason = exc.message if exc.message.startswith("not read") else "syntax error in variables file"
        errors.append(ScanError(reason, display, exc.line))
        return {}
    scope = _literal_scope()
    out: dict[str, Any] = {}
    for name, attr in parsed.body.attributes.items():
        try:
            out[name] = finalize(Evaluator().eval(attr.expr, scope))
        except (EvalError, RecursionError):
            out[name] = Unknown(f"the value of {name} in {display} cannot be evaluated")
    return out


def root_values(
    declared: Mapping[str, ast.Body],
    root_dir: Path,
    display: Callable[[Path], str],
    var_files: list[Path],
    cli_vars: Mapping[str, str],
    env: Mapping[str, str],
    parse: Parse,
    read: Read,
    parse_expr: Callable[[str], ast.Expr],
    errors: list[ScanError],
    typed_values: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Values given for the root module's variables (defaults are applied later, by the module).

    ``typed_values`` are already-typed values that win over every other source: the
    plan source passes the variable values Terraform recorded in the plan.
    """
    types = {name: type_name_of(body) for name, body in declared.items()}
    values: dict[str, Any] = {}

    def give(name: str, value: Any) -> None:
        if name in declared:
            values[name] = convert(value, types[name])

    for key, raw in env.items():
        if key.startswith("TF_VAR_") and key[7:] in declared:
            values[key[7:]] = _from_raw_string(raw, types[key[7:]], parse_expr)
    files: list[Path] = []
    for auto in ("terraform.tfvars", "terraform.tfvars.json"):
        if (root_dir / auto).is_file():
            files.append(root_dir / auto)
    files.extend(
        sorted(
            (
                p
                for p in root_dir.iterdir()
                if p.is_file() and p.name.endswith((".auto.tfvars", ".auto.tfvars.json"))
            ),
            key=lambda p: p.name,
        )
    )
    for path in var_files:
        if not Path(path).is_file():
            raise ConfigError(f"{path}: variables file not found")
    files.extend(Path(p) for p in var_files)
    for path in files:
        for name, value in _tfvars_file(path, display(path), parse, read, errors).items():
            give(name, value)
    for name, raw in cli_vars.items():
        if name in declared:
            values[name] = _from_raw_string(raw, types[name], parse_expr)
    for name, value in (typed_values or {}).items():
        if name in declared:
            values[name] = value
    _point_at_unloaded_files(declared, root_dir, display, files, parse, read, values)
    return values


def _point_at_unloaded_files(
    declared: Mapping[str, ast.Body],
    root_dir: Path,
    display: Callable[[Path], str],
    loaded: list[Path],
    parse: Parse,
    read: Read,
    values: dict[str, Any],
) -> None:
    """A variable left without a value that a ``*.tfvars`` file of the root sets: say which file.

    Terraform loads ``fixtures.us-east-2.tfvars`` only when given ``-var-file``, so the value stays
    unknown here as well; the reason names the file that would decide it.
    """
    missing = [n for n, body in declared.items() if n not in values and "default" not in body.attributes]
    if not missing:
        return
    done = {p.resolve() for p in loaded}
    others = sorted(
        (
            p
            for p in root_dir.iterdir()
            if p.name.endswith(".tfvars") and p.is_file() and p.resolve() not in done
        ),
        key=lambda p: p.name,
    )
    setters: dict[str, list[str]] = {}
    for path in others[:20]:
        for name in _tfvars_file(path, display(path), parse, read, []):
            setters.setdefault(name, []).append(path.name)
    for name in missing:
        if name in setters:
            names = setters[name]
            given = " or ".join(f"--var-file {f}" for f in names)
            one = len(names) == 1
            values[name] = Unknown(
                f"variable {name} has no value; {', '.join(names)} in the root "
                f"{'sets' if one else 'set'} it, but Terraform reads {'that file' if one else 'those files'} "
                f"only when told to: give {given}"
            )
