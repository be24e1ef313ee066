"""Baselines: accept today's findings so that only new ones fail tomorrow's run.

A team adopting the tool on an existing estate cannot fix everything at once.
``--create-baseline FILE`` records the fingerprint of every failing or undecided
finding; ``--baseline FILE`` then marks the findings it lists as accepted
(suppressed, kind ``baseline``), so only findings not in the file fail the run,
and lists baseline entries that no longer occur as *resolved*.

Fingerprints come from :attr:`Finding.fingerprint` (check, resource, account,
the promise's control and parameters, and the root module where an address
stands in several) and contain no line numbers, so moving a block or adding a
sentence to the statement does not make its findings new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scanner.findings import Finding, Status
from scanner.report import Report
from scanner.util.atomic import write_text_atomic
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError, read_text_file

BASELINE_VERSION = 1
# Ten thousand accepted findings take about 4 MB; a baseline far past that is not one.
MAX_BASELINE_BYTES = 64 * 1024 * 1024
_COUNTED = (Status.FAIL, Status.UNKNOWN)


@dataclass
class BaselineEntry:
    """One accepted finding as the baseline file records it (enough to show it once resolved)."""

    fingerprint: str
    check_id: str
    resource: str
    status: str
    file: str | None = None
    line: int | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "check_id": self.check_id,
            "resource": self.resource,
            "status": self.status,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }

    def label(self) -> str:
        return f"{self.check_id} on {self.resource}"


@dataclass
class BaselineDiff:
    """How this run compares with the baseline: new, unchanged (accepted) and resolved findings."""

    path: str
    new: list[Finding] = field(default_factory=list)
    unchanged: list[Finding] = field(default_factory=list)
    resolved: list[BaselineEntry] = field(default_factory=list)


def counted(report: Report) -> list[Finding]:
    """Findings a baseline is about: failing or undecided, and not suppressed otherwise."""
    return [f for f in report.findings if f.status in _COUNTED and not f.suppressed]


def write_baseline(report: Report, path: Path) -> int:
    """Write the baseline file for ``report``; return how many findings it accepts."""
    entries = {}
    for f in counted(report):
        entries[f.fingerprint] = BaselineEntry(
            f.fingerprint, f.check_id, f.resource, f.status.value, f.file, f.line, f.message
        )
    data = {
        "version": BASELINE_VERSION,
        "tool": "privacy-scan",
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "findings": [entries[k].to_dict() for k in sorted(entries, key=lambda k: _order(entries[k]))],
    }
    try:
        write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(
            f"cannot write baseline {clean(path)}: {exc.strerror or type(exc).__name__}"
        ) from None
    return len(entries)


def _order(e: BaselineEntry) -> tuple[str, str, str]:
    return (e.check_id, e.resource, e.fingerprint)


def load_baseline(path: Path) -> dict[str, BaselineEntry]:
    """Read a baseline file; a missing, empty or malformed file is an input error (exit 2).

    Nothing of the file's content is repeated in the error: a baseline path may point anywhere.
    """
    shown = clean(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(f"baseline {shown} does not exist (create it with --create-baseline)")
    text = read_text_file(path, "baseline", MAX_BASELINE_BYTES)
    if not text.strip():
        raise InputError(f"baseline {shown} is empty (recreate it with --create-baseline)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"baseline {shown} (line {exc.lineno}): not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"baseline {shown}: not a privacy-scan baseline (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise InputError(f"baseline {shown}: not a privacy-scan baseline (version {BASELINE_VERSION})")
    rows = data.get("findings")
    if not isinstance(rows, list):
        raise InputError(f"baseline {shown}: findings: expected a list")
    out: dict[str, BaselineEntry] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not all(
            isinstance(row.get(k), str) for k in ("fingerprint", "check_id", "resource")
        ):
            raise InputError(f"baseline {shown}: findings[{i}]: needs fingerprint, check_id and resource")
        file, line = row.get("file"), row.get("line")
        entry = BaselineEntry(
            fingerprint=row["fingerprint"],
            check_id=row["check_id"],
            resource=row["resource"],
            status=str(row.get("status", "fail")),
            file=file if isinstance(file, str) else None,
            line=line if isinstance(line, int) and not isinstance(line, bool) else None,
            message=str(row.get("message", "")),
        )
        out[entry.fingerprint] = entry
    return out


def apply_baseline(report: Report, entries: dict[str, BaselineEntry], path: str) -> BaselineDiff:
    """Mark findings in the baseline as accepted; return new, unchanged and resolved findings.

    The diff is also attached to the report (see :func:`baseline_of`) so that the
    formats can show resolved findings and SARIF can set ``baselineState``.
    """
    diff = BaselineDiff(path=path)
    seen: set[str] = set()
    for f in counted(report):
        fp = f.fingerprint
        if fp in entries:
            seen.add(fp)
            f.suppressed = {"kind": "baseline", "reason": f"accepted in baseline {path}", "source": path}
            diff.unchanged.append(f)
        else:
            diff.new.append(f)
    diff.resolved = sorted((e for fp, e in entries.items() if fp not in seen), key=_order)
    if diff.resolved:
        shown = ", ".join(clean(e.label(), 120) for e in diff.resolved[:10])
        more = f" and {len(diff.resolved) - 10} more" if len(diff.resolved) > 10 else ""
        report.warnings.append(
            f"baseline {path}: {len(diff.resolved)} accepted finding(s) no longer occur: {shown}{more}"
        )
    report.baseline = diff
    return diff


def baseline_of(report: Report) -> BaselineDiff | None:
    """The baseline comparison attached to ``report`` by :func:`apply_baseline`, if any."""
    return report.baseline
