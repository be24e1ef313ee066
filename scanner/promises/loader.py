"""Read a reviewed promises file (YAML, validated by the shipped JSON Schema)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from scanner.promises.model import Promise, PromiseSet
from scanner.util.yamlfile import InputError, load_schema, load_validated_yaml


def load_promises_file(path: Path) -> PromiseSet:
    schema = load_schema("scanner.promises", "promises.schema.json")
    data = load_validated_yaml(path, schema, "promises file")
    promises = [Promise.from_dict(p) for p in data.get("promises") or []]
    ids = [p.id for p in promises]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"promises file {path}: promises[].id must be unique; repeated: {', '.join(dupes)}")
    statement = data.get("statement")
    result = PromiseSet(promises=promises, origin="promises-file", statement=statement, path=str(path))
    result.warnings.extend(statement_drift_warning(path, statement))
    return result


def statement_drift_warning(promises_path: Path, statement: dict | None) -> list[str]:
    """Warn when the statement a promises file was extracted from has changed since."""
    if not statement or not statement.get("file") or not statement.get("sha256"):
        return []
    stmt_path = Path(statement["file"])
    if not stmt_path.is_absolute():
        candidates = [promises_path.parent / stmt_path, stmt_path]
        stmt_path = next((c for c in candidates if c.exists()), candidates[0])
    if not stmt_path.exists():
        return [
            f"the statement {statement['file']} named in {promises_path} was not found; cannot tell whether it changed"
        ]
    digest = hashlib.sha256(stmt_path.read_bytes()).hexdigest()
    if digest != statement["sha256"]:
        return [
            f"the statement {statement['file']} changed since {promises_path} was extracted "
            "(SHA-256 differs): review the promises again (privacy-scan extract)"
        ]
    return []
