"""A readable report grouped by promise: each broken promise with its quote and the resources that break it.

The table fits the terminal (``COLUMNS``, else the terminal's width, else 100): the short
columns sit side by side and each finding's "why" is wrapped on the lines under its row.
Every untrusted string passes :func:`scanner.formats.escape.plain`.
"""

from __future__ import annotations

from scanner.findings import Finding, Status
from scanner.formats.escape import NAME_MAX, plain
from scanner.formats.layout import terminal_width, wrap, wrapped_table
from scanner.promises import Promise
from scanner.report import Report

_MARK = {Status.FAIL: "BROKEN", Status.UNKNOWN: "UNDECIDED", Status.PASS: "KEPT"}
RANK = {Status.FAIL: 0, Status.UNKNOWN: 1, Status.PASS: 2}


def where(f: Finding) -> str:
    """``file:line`` for code, the region (and account) for the cloud."""
    if f.file:
        return plain(f"{f.file}:{f.line}" if f.line else f.file, NAME_MAX)
    return plain(" ".join(x for x in (f.account, f.region) if x), NAME_MAX)


def promise_lines(p: Promise, status: Status | None, width: int) -> list[str]:
    """The promise's heading, its quote (or that it is implied, and from what), wrapped to ``width``.

    ``status`` None: nothing in scope (no finding), which is not the same as kept.
    """
    params = ", ".join(f"{k}={v}" for k, v in p.params.items() if v not in (None, [], {}))
    implied = " [implied]" if p.implied else ""
    mark = _MARK[status] if status is not None else "NOTHING IN SCOPE"
    head = f"[{mark}] {p.control.value} ({plain(p.id, NAME_MAX)}){implied}"
    lines = wrap(head + (f": {plain(params)}" if params else ""), width, "", "    ")
    if p.quote:
        src = p.source or {}
        at = f" ({plain(src.get('file'), NAME_MAX)}:{src.get('line')})" if src.get("file") else ""
        lines += wrap(f'statement: "{plain(p.quote)}"{at}', width, "  ", "    ")
    if p.implied:
        lines += wrap("implied: not written in the statement", width, "  ", "    ")
        lines += [ln for note in getattr(p, "notes", []) for ln in wrap(plain(note), width, "    ", "    ")]
    for key, why in (p.implied_params or {}).items():
        lines += wrap(f"implied {plain(key, NAME_MAX)}: not stated; {plain(why)}", width, "  ", "    ")
    return lines


NOT_COVERED_SHOWN = 20


def not_covered_lines(report: Report, width: int) -> list[str]:
    """Each resource that may hold personal data but that no check covers, with its place."""
    if not report.not_covered:
        return []
    n = len(report.not_covered)
    out = wrap(
        f"not checked: {n} resource(s) that may hold or move personal data; no check covers their type yet",
        width,
        "",
        "  ",
    )
    for item in report.not_covered[:NOT_COVERED_SHOWN]:
        at = f"{item.get('file')}:{item.get('line')}" if item.get("line") else str(item.get("file") or "")
        out.extend(
            wrap(f"{plain(item.get('address'), NAME_MAX)}  {plain(at, NAME_MAX)}", width, "  ", "    ")
        )
    if n > NOT_COVERED_SHOWN:
        out.append(f"  … and {n - NOT_COVERED_SHOWN} more (see --format json)")
    out.append("")
    return out


def render(report: Report) -> str:
    width = terminal_width()
    out: list[str] = []
    for w in report.warnings:
        out.extend(wrap(f"warning: {plain(w)}", width, "", "  "))
    if out:
        out.append("")
    by_promise: dict[str, list[Finding]] = {}
    for f in report.active():
        by_promise.setdefault(f.promise_id or "", []).append(f)

    def promise_status(p: Promise) -> Status | None:
        statuses = {f.status for f in by_promise.get(p.id, [])}
        return min(statuses, key=RANK.get) if statuses else None

    def rank(p: Promise) -> tuple[int, str]:
        status = promise_status(p)
        return (RANK[status] if status is not None else len(RANK), p.id)

    for p in sorted(report.promise_set.promises, key=rank):
        findings = by_promise.get(p.id, [])
        out.extend(promise_lines(p, promise_status(p), width))
        bad = sorted(
            (f for f in findings if f.status != Status.PASS), key=lambda f: (RANK[f.status], f.resource)
        )
        if bad:
            rows = [[f.status.value, plain(f.resource, NAME_MAX), where(f), plain(f.check_id)] for f in bad]
            notes = [plain(f.message) for f in bad]
            out.extend(wrapped_table(["status", "resource", "where", "check"], rows, notes, width, spill=2))
        passed = len(findings) - len(bad)
        if findings:
            out.append(f"  {passed} check(s) kept")
        else:
            out.extend(wrap(report.out_of_scope(p), width, "  ", "    "))
        out.append("")
    out.extend(not_covered_lines(report, width))
    suppressed = [f for f in report.findings if f.suppressed]
    if suppressed:
        out.append(f"{len(suppressed)} finding(s) suppressed (see --format json or html)")
    for e in report.errors:
        at = f"{e.file}:{e.line}: " if e.file and e.line else (f"{e.file}: " if e.file else "")
        out.extend(wrap(f"error: {plain(at + e.message)}", width, "", "  "))
    s = report.summary()
    out.append(f"summary: {s['fail']} failing, {s['unknown']} undecided, {s['pass']} passing")
    return "\n".join(out) + "\n"
