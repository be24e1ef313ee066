"""Drift reports as text: a table for terminals, JSON for machines, Markdown for the security team.

Renderers only render; every decision (what drifted, which promise it touches) is
made in the comparison. Long values (policies) are shortened in the table and the
Markdown; the JSON keeps them whole. The HTML page is ``scanner.formats.html.render_drift``
(the command joins the two: drift and formats do not import each other).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tabulate import tabulate

from scanner.drift.model import NEW, RESOLVED, STILL_BROKEN, DriftItem, DriftReport
from scanner.util.escape import json_dumps, md_code, md_text, plain

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
    return text if len(text) <= width else text[: width - 1] + "…"


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
        [f.severity, f.check_id, f.resource, f.promise_id or "", f"{f.before or '-'}→{f.after or '-'}"]
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
    # every value from the code, the cloud or a saved scan passes plain(): one line, no controls
    out = [f"drift: {plain(report.before_label)} → {plain(report.after_label)} ({report.mode})"]
    out.extend(f"warning: {plain(w)}" for w in report.warnings)
    out.append("")
    rows = [[plain(c) for c in r] for r in _rows(report)]
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
        frows = [[plain(c) for c in r] for r in _finding_rows(report, change)]
        if frows:
            out.append(f"{title}:")
            table = tabulate(
                frows, headers=["severity", "check", "resource", "promise", "status"], tablefmt="simple"
            )
            out.extend("  " + line for line in table.splitlines())
            out.append("")
    if verbose:
        for n in report.not_compared:
            out.append(plain(f"{n.resource}: {n.attribute}: {n.reason}"))
        out.extend(f"note: {plain(n)}" for n in report.notes)
    for e in report.errors:
        out.append(f"error: {plain((e.file + ': ' if e.file else '') + e.message)}")
    out.append(_summary_line(report))
    return "\n".join(out) + "\n"


def render_json(report: DriftReport, verbose: bool = False) -> str:
    return json_dumps(report.to_dict())


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table of cells escaped already (md_text or md_code)."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def render_markdown(report: DriftReport, verbose: bool = False) -> str:
    title = "Drift: code vs cloud" if report.mode == "code-vs-cloud" else "Drift since the last scan"
    before, after = md_code(report.before_label, in_table=False), md_code(report.after_label, in_table=False)
    out = [f"## {title}", "", f"{before} → {after}", ""]
    s = report.summary()
    verdict = "**Drift touches a promise.**" if report.touches_promise() else "No drift touches a promise."
    out.extend([verdict, "", _summary_line(report).removeprefix("summary: ").capitalize() + ".", ""])
    for w in report.warnings:
        out.append(f"> warning: {md_text(w)}")
    if report.warnings:
        out.append("")
    rows = _rows(report)
    if rows:
        head = list(_HEAD)
        if report.mode == "code-vs-cloud":
            head[4:6] = ["code", "cloud"]
        rows = [[md_text(r[0]), md_code(r[1]), md_text(r[2]), md_text(r[3]), md_code(r[4]), md_code(r[5]),
                 md_text(r[6]), md_text(r[7])] for r in rows]  # fmt: skip
        out.extend(["### Resources", "", *_md_table(head, rows), ""])
    for change, heading in (
        (NEW, "New findings"),
        (RESOLVED, "Resolved findings"),
        (STILL_BROKEN, "Still broken"),
    ):
        frows = [[md_text(c) for c in r] for r in _finding_rows(report, change)]
        if frows:
            out.extend([f"### {heading} ({len(frows)})", ""])
            out.extend(_md_table(["severity", "check", "resource", "promise", "status"], frows))
            out.append("")
    if verbose and report.not_compared:
        out.extend(["<details><summary>Not compared</summary>", ""])
        out.extend(
            f"- {md_code(n.resource, in_table=False)} {md_text(n.attribute)}: {md_text(n.reason)}"
            for n in report.not_compared
        )
        out.extend(["", "</details>", ""])
    if report.notes:
        out.extend(f"- {md_text(n)}" for n in report.notes)
        out.append("")
    for e in report.errors:
        out.append(f"- error: {md_text((e.file + ': ' if e.file else '') + e.message)}")
    del s
    return "\n".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[DriftReport, bool], str]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
