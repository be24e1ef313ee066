"""A readable report grouped by promise: each broken promise with its quote and the resources that break it."""

from __future__ import annotations

from tabulate import tabulate

from scanner.findings import Finding, Status
from scanner.promises import Promise
from scanner.report import Report

_MARK = {Status.FAIL: "BROKEN", Status.UNKNOWN: "UNDECIDED", Status.PASS: "KEPT"}


def _where(f: Finding) -> str:
    if f.file:
        return f"{f.file}:{f.line}" if f.line else f.file
    return f.region or ""


def _promise_head(p: Promise, status: Status) -> list[str]:
    params = ", ".join(f"{k}={v}" for k, v in p.params.items() if v not in (None, [], {}))
    lines = [f"[{_MARK[status]}] {p.control.value} ({p.id})" + (f": {params}" if params else "")]
    if p.quote:
        src = p.source or {}
        at = f" ({src.get('file')}:{src.get('line')})" if src.get("file") else ""
        lines.append(f'  statement: "{p.quote}"{at}')
    elif p.implied:
        lines.append("  implied (not written in the statement)")
    return lines


def render(report: Report) -> str:
    out: list[str] = []
    for w in report.warnings:
        out.append(f"warning: {w}")
    if out:
        out.append("")
    by_promise: dict[str, list[Finding]] = {}
    for f in report.active():
        by_promise.setdefault(f.promise_id or "", []).append(f)
    rank = {Status.FAIL: 0, Status.UNKNOWN: 1, Status.PASS: 2}

    def promise_status(p: Promise) -> Status:
        statuses = {f.status for f in by_promise.get(p.id, [])}
        return min(statuses, key=rank.get) if statuses else Status.PASS

    for p in sorted(report.promise_set.promises, key=lambda p: (rank[promise_status(p)], p.id)):
        findings = by_promise.get(p.id, [])
        status = promise_status(p)
        out.extend(_promise_head(p, status))
        bad = [f for f in findings if f.status != Status.PASS]
        if bad:
            rows = [
                [f.status.value, f.resource, _where(f), f.check_id, f.message]
                for f in sorted(bad, key=lambda f: (rank[f.status], f.resource, f.check_id))
            ]
            table = tabulate(rows, headers=["status", "resource", "where", "check", "why"], tablefmt="simple")
            out.extend("  " + line for line in table.splitlines())
        passed = len(findings) - len(bad)
        out.append(f"  {passed} check(s) kept" if findings else "  no resource in scope")
        out.append("")
    suppressed = [f for f in report.findings if f.suppressed]
    if suppressed:
        out.append(f"{len(suppressed)} finding(s) suppressed (see --format json)")
    for e in report.errors:
        where = f"{e.file}:{e.line}: " if e.file and e.line else (f"{e.file}: " if e.file else "")
        out.append(f"error: {where}{e.message}")
    s = report.summary()
    out.append(f"summary: {s['fail']} failing, {s['unknown']} undecided, {s['pass']} passing")
    return "\n".join(out) + "\n"
