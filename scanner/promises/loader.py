"""Read a reviewed promises file (YAML, validated by the shipped JSON Schema)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from scanner.promises.model import Promise, PromiseSet
from scanner.util.confined import ConfinementError, read_confined
from scanner.util.repository import repository_root
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError, load_schema, load_validated_yaml

# A statement is a few hundred KB at most; hashing a bigger one is not worth reading it.
MAX_STATEMENT_BYTES = 16 * 1024 * 1024


def load_promises_file(path: Path) -> PromiseSet:
    schema = load_schema("scanner.promises", "promises.schema.json")
    data = load_validated_yaml(path, schema, "promises file")
    promises = [Promise.from_dict(p) for p in data.get("promises") or []]
    ids = [p.id for p in promises]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(
            f"promises file {clean(path)}: promises[].id must be unique; repeated: {clean(', '.join(dupes))}"
        )
    statement = data.get("statement")
    result = PromiseSet(promises=promises, origin="promises-file", statement=statement, path=str(path))
    result.warnings.extend(statement_drift_warning(path, statement))
    return result


def statement_drift_warning(promises_path: Path, statement: dict | None) -> list[str]:
    """Warn when the statement a promises file was extracted from has changed since.

    The file name comes from the promises file, so it is only read inside the repository that
    holds the promises file (or the working directory): ``file: /dev/zero`` or
    ``file: ~/.ssh/id_rsa`` is not opened.
    """
    if not statement or not statement.get("file") or not statement.get("sha256"):
        return []
    named, shown_promises = clean(statement["file"]), clean(promises_path)
    stmt_path = Path(str(statement["file"]))
    if not stmt_path.is_absolute():
        candidates = [promises_path.parent / stmt_path, stmt_path]
        stmt_path = next((c for c in candidates if c.exists()), candidates[0])
    if not stmt_path.exists():
        return [
            f"the statement {named} named in {shown_promises} was not found; cannot tell whether it changed"
        ]
    roots = [repository_root(promises_path), Path.cwd()]
    try:
        data = read_confined(stmt_path, roots, MAX_STATEMENT_BYTES)
    except ConfinementError as exc:
        return [
            f"the statement named in {shown_promises} was not read ({exc}); cannot tell whether it changed"
        ]
    if hashlib.sha256(data).hexdigest() != statement["sha256"]:
        return [
            f"the statement {named} changed since {shown_promises} was extracted "
            "(SHA-256 differs): review the promises again (privacy-scan extract)"
        ]
    return []
