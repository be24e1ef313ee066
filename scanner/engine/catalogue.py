"""The check catalogue: one YAML file per check, validated against a JSON Schema on load.

The built-in catalogue is the repository's top-level ``checks/`` folder, shipped
inside the wheel as ``scanner/catalogue``. Users add their own folders of checks
in the same format. Beyond the schema, loading also verifies what a schema
cannot: predicate names exist, attributes exist for the kinds named, ids are unique.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.engine.conditions import OPERATORS
from scanner.engine.predicates import registry
from scanner.state import KIND_ATTRIBUTES, Kind
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


CACHE_FORMAT = 1


def load_catalogue(extra_dirs: list[Path] = ()) -> list[Check]:
    """All checks of the built-in catalogue and of ``extra_dirs``, validated.

    Validating ~100 YAML files costs more than scanning a small module, and a
    pre-commit hook runs often; so the validated catalogue is cached under the
    SHA-256 of every file's path and content (and the schema's), and reused
    only while nothing changed.
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
    if os.environ.get("PRIVACY_SCAN_NO_CACHE") == "1":
        return None
    from scanner.sources.terraform.cache import cache_dir

    return cache_dir() / "catalogue" / f"{key}.pickle"


def _read_cache(path: Path | None) -> list[Check] | None:
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            checks = pickle.load(fh)  # noqa: S301 - our own cache file, keyed by content
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return checks if isinstance(checks, list) else None


def _write_cache(path: Path | None, checks: list[Check]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(checks, fh)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache directory only costs speed


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
