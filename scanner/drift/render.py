"""Drift reports as text: a table for terminals, JSON for machines, Markdown for the security team.

Renderers only render; every decision (what drifted, which promise it touches) is
made in the comparison. Long values (policies) are shortened in the table and the
Markdown; the JSON keeps them whole.

Names and values come from the scanned code and the cloud, which a stranger may have
written: in the table and the Markdown every one is passed through ``clean()`` (no
newline, ESC or BEL reaches the terminal or the CI log); JSON escapes them itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tabulate import tabulate

from scanner.drift.model import NEW, RESOLVED, STILL_BROKEN, DriftItem, DriftReport
from scanner.util.safetext import clean

_WIDTH = 48


def _short(raw: Any, width: int = _WIDTH) -> str:
    if raw is None:
        text = "null"
    elif isinstance(raw, bool):
        text = "true" if raw else "false"
    elif isinstance(raw, str):
        text = raw
    else:
        text = json.dumps(raw, sort_keys=True, separators=(",", ":"))
    return clean(text, width)


def _who(item: DriftItem) -> str:
    name = item.identity or item.before_address or item.after_address or "?"
    return f"{item.resource_type} {name}"


def _where(item: DriftItem) -> str:
    if item.file:
        return f"{item.file}:{item.line}" if item.line else item.file
    return item.after_address or item.before_address or ""


def _effects(effects) -> str:
    parts = [f"{e.check_id}: {e.before or '-'}→{e.after or '-'}" for e in effects if e.before != e.after]
    return "; ".join(parts)


def _rows(report: DriftReport) -> list[list[str]]:
    return [[clean(cell, 300) for cell in row] for row in _raw_rows(report)]


def _raw_rows(report: DriftReport) -> list[list[str]]:
    rows = []
    for item in report.items:
        if item.changes:
            for ch in item.changes:
                rows.append(
                    [
                        item.status,
                        _who(item),
                        item.region or "",
                        ch.attribute,
                        _short(ch.before),
                        _short(ch.after),
                        ", ".join(ch.promises) or "-",
                        _effects(ch.effects),
                    ]
                )
        else:
            failing = f"failing: {', '.join(item.failing_checks)}" if item.failing_checks else ""
            detail = item.reason + (f" ({failing})" if failing else "")
            rows.append(
                [
                    item.status,
                    _who(item),
                    item.region or "",
                    "",
                    "",
                    "",
                    ", ".join(item.promises) or "-",
                    detail,
                ]
            )
    return rows


def _finding_rows(report: DriftReport, change: str) -> list[list[str]]:
    return [
        [
            clean(cell, 300)
            for cell in (
                f.severity,
                f.check_id,
                f.resource,
                f.promise_id or "",
                f"{f.before or '-'}→{f.after or '-'}",
            )
        ]
        for f in report.findings
        if f.change == change
    ]


def _summary_line(report: DriftReport) -> str:
    s = report.summary()
    parts = [f"{s[k]} {k.replace('_', ' ')}" for k in ("changed", "unmanaged", "missing", "added", "removed",
                                                       "unmatched", NEW, RESOLVED, STILL_BROKEN) if s.get(k)]  # fmt: skip
    body = ", ".join(parts) if parts else "no drift"
    return f"summary: {body}; {s['touching_promises']} drift item(s) touch a promise"


_HEAD = ["status", "resource", "region", "attribute", "before", "after", "promises", "checks / why"]


def render_table(report: DriftReport, verbose: bool = False) -> str:
    out = [f"drift: {clean(report.before_label)} → {clean(report.after_label)} ({report.mode})"]
    out.extend(f"warning: {clean(w, 1000)}" for w in report.warnings)
    out.append("")
    rows = _rows(report)
    if rows:
        head = list(_HEAD)
        if report.mode == "code-vs-cloud":
            head[4:6] = ["code", "cloud"]
        out.extend(tabulate(rows, headers=head, tablefmt="simple").splitlines())
        out.append("")
    for change, title in (
        (NEW, "new findings"),
        (RESOLVED, "resolved findings"),
        (STILL_BROKEN, "still broken"),
    ):
        frows = _finding_rows(report, change)
        if frows:
            out.append(f"{title}:")
            table = tabulate(
                frows, headers=["severity", "check", "resource", "promise", "status"], tablefmt="simple"
            )
            out.extend("  " + line for line in table.splitlines())
            out.append("")
    if verbose:
        for n in report.not_compared:
            out.append(f"{clean(n.resource)}: {clean(n.attribute)}: {clean(n.reason, 500)}")
        out.extend(f"note: {clean(n, 1000)}" for n in report.notes)
    for e in report.errors:
        out.append(f"error: {_error(e)}")
    out.append(_summary_line(report))
    return "\n".join(out) + "\n"


def _error(e: Any) -> str:
    return clean(f"{e.file + ': ' if e.file else ''}{e.message}", 1000)


def render_json(report: DriftReport, verbose: bool = False) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _md_text(text: str) -> str:
    """Plain text in a Markdown table cell: no new cell, no HTML tag (a tracking image, a link)."""
    return clean(text, None).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _md_code(text: str) -> str:
    """Text in a code span: HTML inside is shown as is; a backtick would end the span early."""
    return "`" + clean(text, None).replace("|", "\\|").replace("`", "'") + "`"


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A table of cells already made safe with :func:`_md_text` or :func:`_md_code`."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def render_markdown(report: DriftReport, verbose: bool = False) -> str:
    title = "Drift: code vs cloud" if report.mode == "code-vs-cloud" else "Drift since the last scan"
    labels = f"{_md_code(clean(report.before_label))} → {_md_code(clean(report.after_label))}"
    out = [f"## {title}", "", labels, ""]
    s = report.summary()
    verdict = "**Drift touches a promise.**" if report.touches_promise() else "No drift touches a promise."
    out.extend([verdict, "", _summary_line(report).removeprefix("summary: ").capitalize() + ".", ""])
    for w in report.warnings:
        out.append(f"> warning: {_md_text(clean(w, 1000))}")
    if report.warnings:
        out.append("")
    rows = _rows(report)
    if rows:
        head = list(_HEAD)
        if report.mode == "code-vs-cloud":
            head[4:6] = ["code", "cloud"]
        rows = [[_md_text(r[0]), _md_code(r[1]), _md_text(r[2]), _md_text(r[3]),
                 _md_code(r[4]) if r[4] else "", _md_code(r[5]) if r[5] else "", *map(_md_text, r[6:])]
                for r in rows]  # fmt: skip
        out.extend(["### Resources", "", *_md_table(head, rows), ""])
    for change, heading in (
        (NEW, "New findings"),
        (RESOLVED, "Resolved findings"),
        (STILL_BROKEN, "Still broken"),
    ):
        frows = _finding_rows(report, change)
        if frows:
            out.extend([f"### {heading} ({len(frows)})", ""])
            cells = [[_md_text(c) for c in row] for row in frows]
            out.extend(_md_table(["severity", "check", "resource", "promise", "status"], cells))
            out.append("")
    if verbose and report.not_compared:
        out.extend(["<details><summary>Not compared</summary>", ""])
        out.extend(
            f"- {_md_code(clean(n.resource))} {_md_text(clean(n.attribute))}: {_md_text(clean(n.reason, 500))}"
            for n in report.not_compared
        )
        out.extend(["", "</details>", ""])
    if report.notes:
        out.extend(f"- {_md_text(clean(n, 1000))}" for n in report.notes)
        out.append("")
    for e in report.errors:
        out.append(f"- error: {_md_text(_error(e))}")
    del s
    return "\n".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[DriftReport, bool], str]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
