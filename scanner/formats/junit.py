"""JUnit XML, for CI test reports (GitLab ``artifacts:reports:junit``, Jenkins, Azure).

One test suite per control, one test case per check × resource (a resource judged
against several promises of the same control is still one test case, failing if
any of them fails). A failure is ``<failure>``; an undecided verdict is
``<skipped>`` (the test could not run to a verdict), as is a suppressed or
baselined finding, with the reason. Files that could not be parsed or calls that
were denied are ``<error>`` test cases in a suite of their own, so an incomplete
scan is visible in the CI's test view too.

Every untrusted value passes :func:`scanner.formats.escape.xml_text`, so the file is
valid XML 1.0 whatever a resource name, message or path holds. An implied promise
says so in the failure's details.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from scanner.findings import Finding, Status
from scanner.formats.escape import NAME_MAX, xml_text
from scanner.promises import Promise
from scanner.report import Report


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="privacy-scan")
    promises = {p.id: p for p in report.promise_set.promises}
    key = lambda f: (f.control, f.check_id, f.resource)  # noqa: E731 - a sort key, named once
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for control, in_control in groupby(sorted(report.findings, key=key), key=lambda f: f.control):
        suite = ET.SubElement(root, "testsuite", name=xml_text(f"privacy-scan.{control}", NAME_MAX))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for (_, check_id, resource), group in groupby(in_control, key=key):
            outcome = _testcase(suite, control, check_id, resource, list(group), promises)
            counts["tests"] += 1
            if outcome:
                counts[outcome] += 1
        _set_counts(suite, counts)
        for k in totals:
            totals[k] += counts[k]
    if report.errors:
        suite = ET.SubElement(root, "testsuite", name="privacy-scan.scan-errors")
        for e in report.errors:
            where = xml_text(f"{e.file}:{e.line}" if e.file and e.line else (e.file or "scan"), NAME_MAX)
            case = ET.SubElement(suite, "testcase", classname="privacy-scan.scan-errors", name=where)
            if e.file:
                case.set("file", xml_text(e.file, NAME_MAX))
            err = ET.SubElement(case, "error", message=xml_text(e.message), type="scan-error")
            err.text = f"{where}: {xml_text(e.message)}"
        n = len(report.errors)
        _set_counts(suite, {"tests": n, "failures": 0, "errors": n, "skipped": 0})
        totals["tests"] += n
        totals["errors"] += n
    _set_counts(root, totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _set_counts(element: ET.Element, counts: dict[str, int]) -> None:
    for k in ("tests", "failures", "errors", "skipped"):
        element.set(k, str(counts[k]))


def _testcase(
    suite: ET.Element,
    control: str,
    check_id: str,
    resource: str,
    findings: list[Finding],
    promises: dict[str, Promise],
) -> str | None:
    """Add one test case; return which counter it adds to (``failures``/``skipped``) or None."""
    case = ET.SubElement(
        suite,
        "testcase",
        classname=xml_text(f"privacy-scan.{control}.{check_id}", NAME_MAX),
        name=xml_text(resource, NAME_MAX),
    )
    first = findings[0]
    if first.file:
        case.set("file", xml_text(first.file, NAME_MAX))
        if first.line:
            case.set("line", str(first.line))
    active = [f for f in findings if not f.suppressed and f.status != Status.PASS]
    failing = [f for f in active if f.status == Status.FAIL]
    if failing:
        f = failing[0]
        el = ET.SubElement(case, "failure", message=xml_text(f.message), type=xml_text(f.severity))
        el.text = "\n".join(_details(f, promises) for f in failing)
        return "failures"
    if active:
        f = active[0]
        ET.SubElement(case, "skipped", message=f"undecided: {xml_text(f.message)}")
        return "skipped"
    suppressed = [f for f in findings if f.suppressed and f.status != Status.PASS]
    if suppressed:
        s = suppressed[0].suppressed or {}
        ET.SubElement(
            case,
            "skipped",
            message=xml_text(f"suppressed ({s.get('kind', 'suppression')}): {s.get('reason', '')}"),
        )
        return "skipped"
    return None


def _details(f: Finding, promises: dict[str, Promise]) -> str:
    """The failure's text: one line per fact, each value cleaned, so no line starts with a value."""
    lines = [f"why: {f.message}", f"resource: {f.resource} ({f.resource_type})"]
    if f.file:
        lines.append(f"where: {f.file}:{f.line}" if f.line else f"where: {f.file}")
    if f.region:
        lines.append(f"region: {f.region}")
    p = promises.get(f.promise_id or "")
    if p is not None:
        implied = " (implied, not written in the statement)" if p.implied else ""
        lines.append(f'promise {p.id}{implied}: "{p.quote}"' if p.quote else f"promise {p.id}{implied}")
    lines.append(f"severity: {f.severity}; fingerprint: {f.fingerprint}")
    return "\n".join(xml_text(line) for line in lines)
