"""A Markdown summary for pull-request comments and ``$GITHUB_STEP_SUMMARY``.

Written for the reviewer of a change: the verdict in the heading, then each broken
promise with the statement's own words and the resources that break it, then
what could not be decided, what is suppressed (with reason and expiry), how the
run compares with the baseline, and any scan errors. Long lists are cut so the
comment stays under GitHub's 65,536-character limit.

Every untrusted string goes through :func:`~scanner.formats.escape.md_text` (shown as
text: no HTML, links, emphasis or table breaks) or :func:`~scanner.formats.escape.md_code`
(a code span); nothing from a statement, the code or the cloud is Markdown here.
"""

from __future__ import annotations

from scanner.baseline import baseline_of
from scanner.findings import Finding, Status
from scanner.formats.escape import md_code, md_text
from scanner.promises import Promise
from scanner.report import Report

MAX_ROWS = 50
MAX_CHARS = 60_000


def cell(text: object) -> str:
    """Untrusted text shown as written inside a Markdown table cell (or anywhere else)."""
    return md_text(text)


def _place(file: str | None, line: int | None) -> str:
    return md_code(f"{file}:{line}" if line else file) if file else ""


def _where(f: Finding) -> str:
    if f.file:
        return _place(f.file, f.line)
    return cell(" ".join(x for x in (f.account, f.region) if x))


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out.append(f"\n…and {len(rows) - MAX_ROWS} more (see the full report).")
    return out


def _heading(report: Report) -> str:
    s = report.summary()
    if s["fail"]:
        return f"## privacy-scan: {s['fail']} failing, {s['unknown']} undecided"
    if report.errors:
        return f"## privacy-scan: incomplete scan ({len(report.errors)} error(s)), nothing failing"
    if s["unknown"]:
        return f"## privacy-scan: no promise broken, {s['unknown']} undecided"
    return "## privacy-scan: no promise broken"


def _origin(report: Report) -> str:
    ps = report.promise_set
    if ps.origin == "default":
        return "Checked against the **default promise set** (no statement or promises file given)."
    if ps.statement and ps.statement.get("file"):
        return f"Checked against the promises of {md_code(ps.statement['file'], in_table=False)}."
    return "Checked against a reviewed promises file."


def _promise_title(p: Promise | None, promise_id: str) -> str:
    if p is None:
        return f"**{md_text(promise_id or 'no promise')}**"
    head = f"**{p.control.value}** ({md_code(p.id, in_table=False)})"
    if p.implied:
        head += " — implied, not written in the statement"
        notes = [md_text(n) for n in getattr(p, "notes", [])]
        if notes:
            head += f" ({'; '.join(notes)})"
    # parameters inferred rather than stated, each with what it was inferred from
    inferred = "".join(
        f"\n\n_implied {md_code(key, in_table=False)}: not stated; {md_text(why)}_"
        for key, why in (p.implied_params or {}).items()
    )
    if p.quote:
        src = p.source or {}
        where = f" — {md_text(src.get('file'))}:{md_text(src.get('line'))}" if src.get("file") else ""
        return f"{head}\n> {md_text(p.quote)}{where}{inferred}"
    return head + inferred


def render(report: Report) -> str:
    s = report.summary()
    out = [_heading(report), "", _origin(report), ""]
    out += _table(
        ["failing", "undecided", "passing", "suppressed"],
        [[str(s["fail"]), str(s["unknown"]), str(s["pass"]), str(s.get("suppressed", 0))]],
    )
    promises = {p.id: p for p in report.promise_set.promises}
    active = report.active()
    failing = [f for f in active if f.status == Status.FAIL]
    if failing:
        out += ["", "### Broken promises"]
        by_promise: dict[str, list[Finding]] = {}
        for f in failing:
            by_promise.setdefault(f.promise_id or "", []).append(f)
        for pid in sorted(by_promise):
            rows = [
                [cell(f.severity), md_code(f.resource), _where(f), md_code(f.check_id), cell(f.message)]
                for f in sorted(by_promise[pid], key=_rank)
            ]
            out += ["", _promise_title(promises.get(pid), pid), ""]
            out += _table(["severity", "resource", "where", "check", "why"], rows)
    undecided = [f for f in active if f.status == Status.UNKNOWN]
    if undecided:
        rows = [
            [md_code(f.resource), _where(f), md_code(f.check_id), cell(f.message)]
            for f in sorted(undecided, key=_rank)
        ]
        out += ["", f"<details><summary>{len(undecided)} undecided</summary>", ""]
        out += _table(["resource", "where", "check", "why"], rows)
        out += ["", "</details>"]
    suppressed = [f for f in report.findings if f.suppressed and f.status != Status.PASS]
    if suppressed:
        rows = [
            [
                md_code(f.resource),
                md_code(f.check_id),
                cell((f.suppressed or {}).get("kind", "")),
                cell((f.suppressed or {}).get("reason", "")),
                cell((f.suppressed or {}).get("expires") or ""),
            ]
            for f in sorted(suppressed, key=_rank)
        ]
        out += ["", f"<details><summary>{len(suppressed)} suppressed</summary>", ""]
        out += _table(["resource", "check", "by", "reason", "expires"], rows)
        out += ["", "</details>"]
    diff = baseline_of(report)
    if diff is not None:
        out += [
            "",
            f"### Baseline {md_code(diff.path, in_table=False)}",
            "",
            f"{len(diff.new)} new, {len(diff.unchanged)} accepted, {len(diff.resolved)} resolved.",
        ]
        if diff.resolved:
            out += [""] + _table(
                ["resolved", "resource", "was"],
                [[md_code(e.check_id), md_code(e.resource), cell(e.status)] for e in diff.resolved],
            )
    if report.not_covered:
        rows = [
            [md_code(n.get("address")), _place(n.get("file"), n.get("line")), md_code(n.get("type"))]
            for n in report.not_covered
        ]
        out += ["", f"### Not checked ({len(rows)})", ""]
        out += ["May hold or move personal data, but no check covers these types yet.", ""]
        out += _table(["resource", "where", "type"], rows)
    if report.errors:
        out += ["", "### Scan errors", ""]
        for e in report.errors:
            at = f"{e.file}:{e.line}" if e.file and e.line else e.file
            where = f"{md_code(at, in_table=False)}: " if at else ""
            out.append(f"- {where}{cell(e.message)}")
    if report.warnings:
        out += ["", "<details><summary>warnings</summary>", ""]
        out += [f"- {cell(w)}" for w in report.warnings]
        out += ["", "</details>"]
    text = "\n".join(out) + "\n"
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit("\n", 1)[0] + "\n\n…(cut to fit a comment; see the full report)\n"
    return text


def _rank(f: Finding) -> tuple[int, str, str]:
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    return (order.get(f.severity, 4), f.resource, f.check_id)
