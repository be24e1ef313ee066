"""Load a YAML file safely and validate it against a JSON Schema, naming field and line on error.

Users edit promises files, suppressions and configuration by hand; an error must
point at the field and the line (``promises[2].params.max_days (line 14): ...``),
not at a stack trace.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


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
    return out or "(top level)"


def read_text_file(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{what} {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{what} {path} cannot be read: {exc}") from None


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_validated_yaml(path: Path, schema: dict[str, Any], what: str) -> Any:
    """Parse ``path`` as YAML and validate it; raise InputError naming field and line.

    The file is parsed once (with libyaml when present); the node tree that maps a
    field to its line is only built when there is an error to report.
    """
    import jsonschema

    text = read_text_file(path, what)
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InputError(f"{what} {path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(
        validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))
    )
    if errors:
        err = _most_specific(errors[0])
        path_list = list(err.absolute_path)
        line = _node_line(yaml.compose(text, Loader=_SafeLoader), path_list)
        raise InputError(f"{what} {path}: {field_path(path_list)} (line {line}): {err.message}")
    return data


def _most_specific(error: Any) -> Any:
    """Descend into oneOf/anyOf/allOf context to the error that names the deepest field."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error
