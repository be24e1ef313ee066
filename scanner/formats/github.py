"""GitHub Actions workflow commands: one annotation per failing or undecided finding.

``::error file=…,line=…,title=…::message`` lines make GitHub draw the finding on
the changed line of a pull request without any upload step. Failures map their
severity to the annotation level (critical/high → error, medium → warning, low →
notice); undecided findings are notices. Suppressed findings are not annotated.
Every value passes :func:`scanner.formats.escape.plain` first (one line, controls
escaped, never starting with ``::``), then is escaped as the runner requires (``%``,
CR, LF; and ``:``/``,`` in properties).
"""

from __future__ import annotations

from scanner.findings import Finding, Status
from scanner.formats.escape import NAME_MAX, plain
from scanner.report import Report

LEVEL_BY_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _data(text: object) -> str:
    return escape_data(plain(text))


def _prop(text: object) -> str:
    return escape_property(plain(text, NAME_MAX))


def annotation(f: Finding) -> str:
    level = LEVEL_BY_SEVERITY.get(f.severity, "warning") if f.status == Status.FAIL else "notice"
    verdict = "broken promise" if f.status == Status.FAIL else "undecided"
    props = []
    if f.file:
        props.append(f"file={_prop(f.file.replace(chr(92), '/'))}")
        if f.line:
            props.append(f"line={f.line}")
    props.append(f"title={_prop(f'privacy-scan {verdict}: {f.check_id}')}")
    return f"::{level} {','.join(props)}::{_data(f'{plain(f.resource, NAME_MAX)}: {f.message}')}"


def render(report: Report) -> str:
    lines = [annotation(f) for f in report.active() if f.status in (Status.FAIL, Status.UNKNOWN)]
    for e in report.errors:
        props = f" file={_prop(e.file)}" + (f",line={e.line}" if e.line else "") if e.file else ""
        lines.append(f"::error{props}::{_data('privacy-scan could not scan: ' + str(e.message))}")
    s = report.summary()
    lines.append(
        f"privacy-scan: {s['fail']} failing, {s['unknown']} undecided, {s['pass']} passing"
        + (f", {s['suppressed']} suppressed" if s.get("suppressed") else "")
    )
    return "\n".join(lines) + "\n"
