"""Project configuration: ``.privacy-scan.yaml``, or ``[tool.privacy-scan]`` in ``pyproject.toml``.

A team writes its choices once (which statement, which var files, which checks,
how strict) and the pre-commit hook and the CI job both pick them up. The file
is found in the working directory or the nearest parent up to the repository
root; ``--config FILE`` names one, ``--no-config`` ignores it.

The configuration becomes click's ``default_map``, so every command-line flag
still wins over it. Relative paths in the file are relative to the file's own
directory, not to wherever the command was started.

The file belongs to the repository, which may be a stranger's pull request, so every
path it names must stay inside that repository (see :func:`confine`): a report
cannot be written to ``~/.bashrc``, a suppressions file cannot be read from
``~/.git-credentials``. Paths given on the command line are the user's own choice
and are not restricted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.util.confined import DEFAULT_MAX_BYTES, ConfinementError, read_bytes_capped
from scanner.util.repository import is_inside, repository_root
from scanner.util.safetext import clean
from scanner.util.yamlfile import (
    InputError,
    field_path,
    load_schema,
    load_validated_yaml,
    read_text_file,
    schema_message,
)

CONFIG_NAMES = (".privacy-scan.yaml", ".privacy-scan.yml")
PYPROJECT = "pyproject.toml"

# configuration key -> the click parameter name it sets
PARAM_NAMES = {
    "statement": "statement",
    "promises": "promises",
    "var_files": "var_files",
    "vars": "var_pairs",
    "checks_dirs": "check_dirs",
    "only": "only",
    "skip": "skip",
    "min_severity": "min_severity",
    "fail_on": "fail_on",
    "format": "fmt",
    "output": "output",
    "also": "also",
    "suppressions": "suppressions",
    "baseline": "baseline",
}
PATH_KEYS = {"statement", "promises", "output", "suppressions", "baseline"}
PATH_LIST_KEYS = {"var_files", "checks_dirs"}
WRITTEN_KEYS = {"output"}  # and every file of ``also``


@dataclass
class Config:
    path: Path
    values: dict[str, Any]

    def defaults(self) -> dict[str, Any]:
        """The configuration as click parameter defaults, paths made absolute and confined to the
        repository the file belongs to (InputError for one that leaves it)."""
        base = self.path.parent
        root = repository_root(self.path)
        out: dict[str, Any] = {}

        def place(key: str, value: str) -> str:
            return str(
                confine(base, value, root, f"configuration {clean(self.path)}: {key}", key in WRITTEN_KEYS)
            )

        for key, value in self.values.items():
            if key not in PARAM_NAMES:
                continue
            if key in PATH_KEYS:
                value = place(key, value)
            elif key in PATH_LIST_KEYS:
                value = [place(f"{key}[{i}]", v) for i, v in enumerate(value)]
            elif key == "vars":
                value = [f"{k}={_tf_literal(v)}" for k, v in value.items()]
            elif key == "also":
                value = [
                    f"{fmt}={confine(base, file, root, f'configuration {clean(self.path)}: also.{fmt}', True)}"
                    for fmt, file in value.items()
                ]
            out[PARAM_NAMES[key]] = value
        return out


def confine(base: Path, value: str, root: Path, where: str, written: bool) -> Path:
    """``value`` (relative to ``base``) if it stays inside the repository ``root``, else InputError.

    Symlinks are resolved first, so ``reports -> /etc`` does not lead out. A file to be
    written must not itself be a symlink (whatever it points at), and its folder, with
    symlinks resolved, must lie inside the repository and not in its ``.git`` folder; a file
    to be read must lie inside with every symlink resolved. ``~`` is expanded so that the
    message can say where it leads.
    """
    path = Path(value).expanduser()
    path = path if path.is_absolute() else base / path
    shown = clean(value, 120)
    try:
        if written:
            if path.is_symlink():
                raise InputError(f"{where}: {shown} is a symbolic link; refusing to write through it")
            real = path.parent.resolve() / path.name
        else:
            real = path.resolve()
    except (OSError, RuntimeError):
        raise InputError(f"{where}: {shown} cannot be resolved") from None
    if not is_inside(real, root):
        verb = "write" if written else "read"
        raise InputError(
            f"{where}: {shown} lies outside the repository; the configuration may only {verb} files "
            "inside it (name the file on the command line instead)"
        )
    if written and ".git" in real.relative_to(root).parts:
        # .git/config or .git/hooks/pre-commit rewritten by a report would change what git runs
        raise InputError(f"{where}: {shown} lies in the repository's .git folder; refusing to write there")
    return path


def _tf_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest configuration file from ``start`` upward, stopping at the repository root."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return _shown(_inside_own_repository(directory / name))
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return _shown(_inside_own_repository(pyproject))
        if (directory / ".git").exists():
            return None
    return None


def _shown(path: Path) -> Path:
    """Relative to the working directory when below it, so messages stay short."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _inside_own_repository(path: Path) -> Path:
    """A configuration found by the search must not be a link out of its repository (a
    ``.privacy-scan.yaml`` pointing at a credentials file would be read as configuration)."""
    real = path.resolve()
    if not is_inside(real, repository_root(path.parent)):
        raise InputError(
            f"configuration {clean(_shown(path))} is a link to a file outside the repository; not read"
        )
    return path


def _has_tool_table(path: Path) -> bool:
    try:
        text = read_bytes_capped(path, DEFAULT_MAX_BYTES).decode("utf-8")
    except (ConfinementError, UnicodeDecodeError):
        return False
    return re.search(r'^\s*\[\s*tool\s*\.\s*(privacy-scan|"privacy-scan")\s*\]', text, re.M) is not None


def load_config(path: Path) -> Config:
    """Read and validate a configuration file; InputError naming file, field and line otherwise."""
    schema = load_schema("scanner", "config.schema.json")
    if path.name == PYPROJECT or path.suffix == ".toml":
        return Config(path, _load_toml(path, schema))
    data = load_validated_yaml(path, schema, "configuration")
    return Config(path, data or {})


def _load_toml(path: Path, schema: dict[str, Any]) -> dict[str, Any]:
    import jsonschema

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise InputError(f"configuration {path}: reading TOML needs Python 3.11 or tomli") from None
    text = read_text_file(path, "configuration")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"configuration {clean(path)}: not valid TOML: {clean(exc, 120)}") from None
    except RecursionError:
        raise InputError(f"configuration {clean(path)}: not valid TOML: nested too deeply") from None
    tool = doc.get("tool", {})
    data = tool.get("privacy-scan", {}) if isinstance(tool, dict) else {}
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: len(e.absolute_path)
    )
    if errors:
        err = errors[0]
        where = list(err.absolute_path)
        line = _toml_line(text, where)
        at = f" (line {line})" if line else ""
        raise InputError(
            f"configuration {clean(path)}: [tool.privacy-scan] {field_path(where)}{at}: {schema_message(err)}"
        )
    return data


def _toml_line(text: str, where: list[Any]) -> int | None:
    """Line of ``key`` inside the ``[tool.privacy-scan]`` table (TOML parsers keep no positions)."""
    lines = text.splitlines()
    start = next(
        (i for i, ln in enumerate(lines) if re.match(r'^\s*\[\s*tool\s*\.\s*("?)privacy-scan\1\s*\]', ln)),
        None,
    )
    if start is None:
        return None
    if not where:
        return start + 1
    key = str(where[0])
    for i in range(start + 1, len(lines)):
        if re.match(r"^\s*\[", lines[i]):
            break
        if re.match(rf'^\s*"?{re.escape(key)}"?\s*=', lines[i]):
            return i + 1
    return start + 1


def default_map(config: Config, commands: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Click's ``default_map`` for a group: each command gets the settings it has parameters for."""
    values = config.defaults()
    out: dict[str, dict[str, Any]] = {}
    for name, command in commands.items():
        params = {p.name for p in getattr(command, "params", [])}
        out[name] = {k: v for k, v in values.items() if k in params}
    return out
