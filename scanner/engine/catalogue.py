"""The check catalogue: one YAML file per check, validated against a JSON Schema on load.

The built-in catalogue is the repository's top-level ``checks/`` folder, shipped
inside the wheel as ``scanner/catalogue``. Users add their own folders of checks
in the same format. Beyond the schema, loading also verifies what a schema
cannot: predicate names exist, attributes exist for the kinds named, ids are unique.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.engine.conditions import OPERATORS
from scanner.engine.predicates import registry
from scanner.state import KIND_ATTRIBUTES, Kind
from scanner.util.cachedir import (
    default_location,
    private_dir,
    private_subdir,
    read_private,
    sweep_stale_tmp,
    write_private,
)
from scanner.util.yamlfile import InputError, load_schema, load_validated_yaml


@dataclass
class Check:
    id: str
    control: str
    title: str
    severity: str
    rationale: str
    remediation: str
    kinds: list[Kind]
    condition: dict[str, Any]
    subkinds: list[str] = field(default_factory=list)
    resource_types: list[str] = field(default_factory=list)
    params: list[str] = field(default_factory=list)
    retention_category: str | None = None
    not_logged: str | None = None
    applies_when: dict[str, Any] | None = None
    references: list[str] = field(default_factory=list)
    path: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str) -> Check:
        fields = {k: v for k, v in data.items() if k != "kinds"}
        return cls(kinds=[Kind(k) for k in data["kinds"]], path=path, **fields)

    def matches(self, kind: Kind, subkind: str | None, resource_type: str) -> bool:
        return (
            kind in self.kinds
            and (not self.subkinds or subkind in self.subkinds)
            and (not self.resource_types or resource_type in self.resource_types)
        )


def builtin_catalogue_dir() -> Path:
    """``scanner/catalogue`` in an installed wheel, the repository's ``checks/`` in a source tree."""
    packaged = Path(__file__).resolve().parent.parent / "catalogue"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "checks"


CACHE_FORMAT = 2  # 1 was a pickle: never read
CACHE_MAGIC = b"privacy-scan-catalogue\n"
MAX_CACHE_BYTES = 16 * 1024 * 1024


def load_catalogue(extra_dirs: list[Path] = ()) -> list[Check]:
    """All checks of the built-in catalogue and of ``extra_dirs``, validated.

    Validating ~100 YAML files costs more than scanning a small module, and a
    pre-commit hook runs often; so the validated catalogue is cached under the
    SHA-256 of every file's path and content (and the schema's), and reused
    only while nothing changed. The cache is JSON (never a pickle: a planted
    entry must not run code) and an entry is used only if every check in it has
    exactly the fields, types, enum values and condition shapes the schema
    allows and passes the same verification as a freshly loaded one.
    """
    files: list[Path] = []
    for directory in [builtin_catalogue_dir(), *extra_dirs]:
        if not directory.is_dir():
            raise InputError(f"checks folder {directory} does not exist")
        files.extend(sorted(directory.glob("*.yaml")))
    digest = hashlib.sha256(f"catalogue-v{CACHE_FORMAT}".encode())
    digest.update(json.dumps(load_schema("scanner.engine", "check.schema.json"), sort_keys=True).encode())
    contents = []
    for path in files:
        data = path.read_bytes()
        contents.append(data)
        digest.update(str(path).encode() + b"\0" + data + b"\0")
    cache_file = _cache_path(digest.hexdigest())
    cached = _read_cache(cache_file)
    if cached is not None:
        return cached
    checks = _load_files(files)
    _write_cache(cache_file, checks)
    return checks


def _load_files(files: list[Path]) -> list[Check]:
    schema = load_schema("scanner.engine", "check.schema.json")
    checks: list[Check] = []
    seen: dict[str, str] = {}
    for path in files:
        data = load_validated_yaml(path, schema, "check")
        check = Check.from_dict(data, str(path))
        if check.id in seen:
            raise InputError(f"check {path}: id {check.id} is already used by {seen[check.id]}")
        _verify(check)
        seen[check.id] = str(path)
        checks.append(check)
    return checks


def _cache_path(key: str) -> Path | None:
    root = private_dir(default_location())
    folder = private_subdir(root, "catalogue") if root is not None else None
    return folder / f"{key}.json" if folder is not None else None


# Field -> test of its decoded JSON value. A cached catalogue is trusted for nothing: an entry
# whose checks do not have exactly these fields and types, or that fails _verify, is ignored.
def _strs(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _opt_str(value: Any) -> bool:
    return value is None or type(value) is str


_CHECK_FIELDS: dict[str, Any] = {
    "id": lambda v: type(v) is str,
    "control": lambda v: type(v) is str,
    "title": lambda v: type(v) is str,
    "severity": lambda v: type(v) is str,
    "rationale": lambda v: type(v) is str,
    "remediation": lambda v: type(v) is str,
    "kinds": lambda v: _strs(v) and bool(v) and all(k in _KIND_VALUES for k in v),
    "condition": lambda v: _condition_ok(v, 0),
    "subkinds": _strs,
    "resource_types": _strs,
    "params": _strs,
    "retention_category": _opt_str,
    "not_logged": _opt_str,
    "applies_when": lambda v: v is None or _condition_ok(v, 0),
    "references": _strs,
    "path": lambda v: type(v) is str,
}
_KIND_VALUES = frozenset(k.value for k in Kind)
_MAX_CONDITION_DEPTH = 32


def _condition_ok(cond: Any, depth: int) -> bool:
    """The shape the check schema allows for a condition (all/any/not/predicate/param/attr)."""
    if type(cond) is not dict or depth > _MAX_CONDITION_DEPTH:
        return False
    keys = set(cond)
    if keys in ({"all"}, {"any"}):
        subs = next(iter(cond.values()))
        return type(subs) is list and bool(subs) and all(_condition_ok(c, depth + 1) for c in subs)
    if keys == {"not"}:
        return _condition_ok(cond["not"], depth + 1)
    if "predicate" in keys:
        return (
            keys <= {"predicate", "args"}
            and type(cond["predicate"]) is str
            and type(cond.get("args", {})) is dict
        )
    if keys == {"param", "is"}:
        return type(cond["param"]) is str
    if "attr" in keys:
        return len(keys) == 2 and type(cond["attr"]) is str and all(k in OPERATORS for k in keys - {"attr"})
    return False


def _read_cache(path: Path | None) -> list[Check] | None:
    """The checks of a cache entry, or None for a missing, unreadable or not exactly valid one."""
    if path is None:
        return None
    blob = read_private(path, MAX_CACHE_BYTES)
    if blob is None or not blob.startswith(CACHE_MAGIC):
        return None
    try:
        raw = json.loads(blob[len(CACHE_MAGIC) :].decode("utf-8"))
        if type(raw) is not list:
            return None
        props = load_schema("scanner.engine", "check.schema.json")["properties"]
        enums = {
            name: props[name]["enum"] for name in ("control", "severity", "retention_category", "not_logged")
        }
        checks = []
        for item in raw:
            if type(item) is not dict or set(item) != set(_CHECK_FIELDS):
                return None
            if not all(test(item[name]) for name, test in _CHECK_FIELDS.items()):
                return None
            if not all(item[name] is None or item[name] in enums[name] for name in enums):
                return None
            check = Check.from_dict({k: v for k, v in item.items() if k != "path"}, item["path"])
            _verify(check)
            checks.append(check)
    except (ValueError, TypeError, RecursionError, InputError):
        return None
    return checks


def _write_cache(path: Path | None, checks: list[Check]) -> None:
    if path is None:
        return
    try:
        rows = [{**dataclasses.asdict(c), "kinds": [k.value for k in c.kinds]} for c in checks]
        data = CACHE_MAGIC + json.dumps(rows, separators=(",", ":")).encode()
    except (TypeError, ValueError, RecursionError):
        return  # a value JSON cannot hold: just not cached
    sweep_stale_tmp(path.parent)
    write_private(path, data)  # a read-only or vanished cache directory only costs speed


def _verify(check: Check) -> None:
    known_attrs = set().union(*(KIND_ATTRIBUTES[k] for k in check.kinds))
    predicates = registry()
    for cond in (check.condition, check.applies_when):
        for leaf in _leaves(cond):
            if "predicate" in leaf and leaf["predicate"] not in predicates:
                raise InputError(f"check {check.path}: unknown predicate {leaf['predicate']!r}")
            if "attr" in leaf and leaf["attr"] not in known_attrs:
                raise InputError(
                    f"check {check.path}: attribute {leaf['attr']!r} is not in the state model for "
                    f"{', '.join(k.value for k in check.kinds)}"
                )
            if "attr" in leaf and not any(op in leaf for op in OPERATORS):
                raise InputError(f"check {check.path}: condition on {leaf['attr']!r} has no operator")
    if check.control == "retention-limit" and not check.retention_category:
        raise InputError(f"check {check.path}: retention-limit checks need retention_category")


def _leaves(cond: dict[str, Any] | None):
    if not cond:
        return
    for key in ("all", "any"):
        if key in cond:
            for sub in cond[key]:
                yield from _leaves(sub)
            return
    if "not" in cond:
        yield from _leaves(cond["not"])
        return
    yield cond
