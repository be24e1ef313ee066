"""Apply suppressions to a report's findings, and say what expired or names no known check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from scanner.findings import Finding, Status
from scanner.report import Report
from scanner.suppressions.inline import InlineIndex
from scanner.suppressions.model import Suppression

_SUPPRESSIBLE = (Status.FAIL, Status.UNKNOWN)


def apply_suppressions(
    report: Report,
    file_suppressions: list[Suppression] = (),  # type: ignore[assignment]
    base_dirs: Iterable[Path] = (Path("."),),
    known_checks: Callable[[], frozenset[str] | None] | None = None,
    today: date | None = None,
    inline: bool = True,
) -> int:
    """Mark suppressed findings in place; return how many were suppressed.

    Only failing and undecided findings are suppressed (a pass needs no excuse).
    Inline comments are looked for in the file of every finding, so a malformed
    comment next to any scanned resource is reported (InputError, exit 2).
    ``known_checks`` is called only when there is a suppression to check against
    the catalogue, so a run without suppressions never loads it twice.
    """
    today = today or date.today()
    index = InlineIndex(base_dirs=list(base_dirs))
    if inline:
        for f in report.findings:
            index.read(f.file)
    suppressed = 0
    expired_seen: set[tuple[str, str, str]] = set()
    for f in report.findings:
        if f.status not in _SUPPRESSIBLE or f.suppressed:
            continue
        candidates = [s for s in _inline_for(index, f) if f.check_id in s.check_ids] if inline else []
        candidates += [s for s in file_suppressions if s.matches(f)]
        valid = [s for s in candidates if not s.expired(today)]
        if valid:
            f.suppressed = valid[0].record()
            suppressed += 1
            continue
        for s in candidates:
            f.message += f" (suppression at {s.source} expired on {s.expires})"
            key = (s.source, f.check_id, f.resource)
            if key not in expired_seen:
                expired_seen.add(key)
                report.warnings.append(
                    f"{s.source}: suppression of {f.check_id} for {f.resource} expired on "
                    f"{s.expires}; the finding counts again"
                )
    every = [*index.all(), *file_suppressions]
    known = known_checks() if known_checks is not None and every else None
    if known is not None:
        for s in every:
            for cid in s.check_ids:
                if cid not in known:
                    report.warnings.append(f"{s.source}: suppression names unknown check {cid!r}")
    return suppressed


def _inline_for(index: InlineIndex, f: Finding) -> list[Suppression]:
    """Comments on the resource block, and on the companion blocks given as evidence."""
    out = index.covering(f.file, f.line)
    for ev in f.evidence:
        if ev.file and ev.line:
            out += [s for s in index.covering(ev.file, ev.line) if s not in out]
    return out
