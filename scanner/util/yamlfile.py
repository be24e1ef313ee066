"""Load a YAML file safely and validate it against a JSON Schema, naming field and line on error.

Users edit promises files, suppressions and configuration by hand; an error must
point at the field and the line (``promises[2].params.max_days (line 14): ...``),
not at a stack trace.

These files may come from a stranger's repository, and a path in one of them may
point at a secret (``promises: ~/.git-credentials``). So loading is bounded and
errors are discreet:

- the file must be a regular file under a size cap, checked with ``stat`` before
  reading (no ``/dev/zero``, no FIFO);
- anchors and aliases may not expand past :data:`MAX_NODES` values, nor form a
  cycle ("billion laughs": a few hundred bytes that expand to billions of values);
- an error names the file, the field path and the line, never a value from the
  file: schema messages are rebuilt from the schema, and YAML's own problem texts
  lose anything they quote.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from scanner.util.confined import DEFAULT_MAX_BYTES, ConfinementError, read_bytes_capped
from scanner.util.safetext import clean

# Values (mappings, lists and scalars) a document may hold once its aliases are expanded.
# A large suppressions file has a few thousand entries of five values each.
MAX_NODES = 250_000


class InputError(Exception):
    """Bad user input: the CLI prints it as one line and exits 2."""


@cache
def load_schema(package: str, name: str) -> dict[str, Any]:
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def _node_line(root: yaml.Node | None, path: list[Any]) -> int | None:
    """Line (1-based) of the YAML node at ``path``, or of the deepest parent found."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, val in node.value:
                if key.value == step:
                    child = val
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            child = node.value[step]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def field_path(path: list[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return clean(out, 120) if out else "(top level)"


def read_text_file(path: Path, what: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes``; InputError (no content) otherwise."""
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{what} {clean(path)} does not exist")
    try:
        data = read_bytes_capped(path, max_bytes)
    except ConfinementError as exc:
        raise InputError(f"{what} {exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what} {clean(path)} cannot be read: not UTF-8 text") from None


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, with dates that do not exist (2025-02-30, a +25:00 offset) as YAML errors."""


def _timestamp(loader: SafeConstructor, node: yaml.Node) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise ConstructorError(None, None, "not a valid date or time", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

# Anything YAML quotes in a problem text ('…' or "…") may be text of the file.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or "cannot be parsed"
    return clean(_QUOTED.sub("…", str(problem)), 100)


def parse_yaml(text: str, path: Path, what: str) -> Any:
    """Parse ``text`` safely, bounded in expansion; InputError with the line, never a value."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InputError(f"{what} {clean(path)}{where}: not valid YAML: {_yaml_problem(exc)}") from None
    except (ValueError, OverflowError, RecursionError) as exc:
        raise InputError(
            f"{what} {clean(path)}: not valid YAML: a value cannot be read ({type(exc).__name__})"
        ) from None
    problem = expansion_problem(data, MAX_NODES)
    if problem:
        raise InputError(f"{what} {clean(path)}: refused: {problem}")
    return data


def load_bounded(text: str) -> Any:
    """Parse YAML text from the scanned code (Terraform's ``yamldecode``) with the same safe,
    alias-bounded loader as our own files; ValueError with the reason, never a value."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        raise ValueError("not valid YAML") from None
    except (OverflowError, RecursionError) as exc:
        raise ValueError(f"a value cannot be read ({type(exc).__name__})") from None
    problem = expansion_problem(data, MAX_NODES)
    if problem:
        raise ValueError(f"refused: {problem}")
    return data


def expansion_problem(data: Any, limit: int) -> str | None:
    """Why ``data`` is unsafe to walk (more than ``limit`` values with aliases expanded, or a
    cycle), or None. Each shared mapping or list is counted once per use but visited once."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        obj, done = stack.pop()
        key = id(obj)
        children = obj.values() if isinstance(obj, dict) else obj
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            if total > limit:
                return f"more than {limit} values once anchors and aliases are expanded"
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            return "an alias refers to a mapping or list that contains it"
        on_path.add(key)
        stack.append((obj, True))
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)) and id(c) not in sizes)
    return None


@dataclass
class LoadedYaml:
    """A validated document and its text, to find the line of a field (composed once, when asked)."""

    data: Any
    text: str
    _root: Any = None

    def line(self, path: list[Any]) -> int | None:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=_Loader)
        return _node_line(self._root, path)


def load_yaml_document(
    path: Path, schema: dict[str, Any], what: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadedYaml:
    """Read, parse and validate ``path``; InputError naming file, field and line otherwise."""
    text = read_text_file(path, what, max_bytes)
    data = parse_yaml(text, path, what)
    validate(data, schema, path, what, lambda where: _node_line(yaml.compose(text, Loader=_Loader), where))
    return LoadedYaml(data, text)


def load_validated_yaml(path: Path, schema: dict[str, Any], what: str) -> Any:
    """Parse ``path`` as YAML and validate it; raise InputError naming field and line.

    The file is parsed once (with libyaml when present); the node tree that maps a
    field to its line is only built when there is an error to report.
    """
    return load_yaml_document(path, schema, what).data


def validate(data: Any, schema: dict[str, Any], path: Path, what: str, line_of: Any) -> None:
    """Validate ``data``; the first (most specific) error as InputError: file, field, line, reason."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    try:
        errors = sorted(
            validator.iter_errors(data),
            key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))),
        )
    except RecursionError:
        raise InputError(f"{what} {clean(path)}: nested too deeply") from None
    if errors:
        err = _most_specific(errors[0])
        path_list = list(err.absolute_path)
        line = line_of(path_list)
        at = f" (line {line})" if line else ""
        raise InputError(f"{what} {clean(path)}: {field_path(path_list)}{at}: {schema_message(err)}")


def _most_specific(error: Any) -> Any:
    """Descend into oneOf/anyOf/allOf context to the error that names the deepest field."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,31}$")


def _names(values: Any) -> str:
    items = values if isinstance(values, list) else [values]
    return ", ".join(clean(json.dumps(v) if not isinstance(v, str) else v, 40) for v in items)


def schema_message(err: Any) -> str:
    """What is wrong, said with the schema's words only: the value in the file is never repeated
    (it may be a token, when a path in the configuration points at a credentials file)."""
    kind, expected = err.validator, err.validator_value
    if kind == "type":
        return f"expected {_names(expected).replace(', ', ' or ')}"
    if kind == "required":
        instance = err.instance if isinstance(err.instance, dict) else {}
        missing = [p for p in expected if p not in instance] or list(expected)
        return f"'{clean(missing[0], 40)}' is a required property"
    if kind == "additionalProperties":
        allowed = err.schema.get("properties", {})
        extra = (
            [k for k in (err.instance or {}) if k not in allowed] if isinstance(err.instance, dict) else []
        )
        shown = [f"'{k}'" for k in extra if isinstance(k, str) and _KEY.match(k)]
        if shown and len(shown) == len(extra):
            verb = "was" if len(shown) == 1 else "were"
            return f"Additional properties are not allowed ({', '.join(shown)} {verb} unexpected)"
        return "Additional properties are not allowed"
    if kind == "enum":
        return f"must be one of: {_names(expected)}"
    if kind == "const":
        return f"must be {_names(expected)}"
    if kind == "pattern":
        return f"does not match the pattern {clean(expected, 80)}"
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        word = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most"}
        return f"must be {word.get(kind, 'less than')} {expected}"
    if kind in ("minLength", "maxLength"):
        return f"must be {'at least' if kind == 'minLength' else 'at most'} {expected} character(s) long"
    if kind in ("minItems", "maxItems"):
        return f"needs {'at least' if kind == 'minItems' else 'at most'} {expected} item(s)"
    if kind in ("minProperties", "maxProperties"):
        return f"needs {'at least' if kind == 'minProperties' else 'at most'} {expected} field(s)"
    if kind == "uniqueItems":
        return "items must be unique"
    if kind == "format":
        return f"is not a valid {clean(expected, 40)}"
    if kind in ("oneOf", "anyOf"):
        return "matches none of the allowed forms"
    if kind == "not":
        return "is not allowed here"
    return f"is not valid ({clean(kind, 40)})"
