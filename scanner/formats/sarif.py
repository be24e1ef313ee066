"""SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).

Mapping, following the SARIF specification:

* one ``reportingDescriptor`` (rule) per check that has a result, with the check's
  title, rationale and remediation, and the quotes of the promises it was judged
  against, so a reviewer sees *which sentence* of the statement is at stake;
* one ``result`` per failing or undecided finding (passes are left out: code
  scanning tools treat every result as an alert). A failure has ``kind: fail`` and
  a level from the check's severity (critical/high → error, medium → warning,
  low → note); an undecided finding has ``kind: review`` and, as §3.27.9 requires
  for any kind other than ``fail``, level ``none``;
* locations are relative URIs with forward slashes under ``%SRCROOT%`` (the
  working directory), plus a logical location naming the resource address or ARN;
* ``partialFingerprints`` carries the line-independent finding fingerprint;
* suppressed findings stay in the log with a ``suppressions`` entry
  (``inSource`` for an inline comment, ``external`` for a suppressions file or a
  baseline); with a baseline, ``baselineState`` is ``new`` or ``unchanged``.

Text a viewer shows (messages, rule help) is cleaned with :func:`~scanner.formats.escape.plain`;
``help.markdown`` escapes every untrusted string with :func:`~scanner.formats.escape.md_text`, so
a quote holding HTML or a link shows as text. Identifiers (resource, file) stay exact and the
JSON itself escapes what a terminal would act on (:func:`~scanner.formats.escape.json_dumps`).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from scanner import __version__
from scanner.baseline import baseline_of
from scanner.findings import Finding, Status
from scanner.formats.escape import NAME_MAX, json_dumps, md_text, plain
from scanner.promises import Promise
from scanner.report import Report

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "privacyScanFingerprint/v1"
SRCROOT = "%SRCROOT%"

LEVEL_BY_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
# GitHub code scanning ranks alerts by this number (CVSS-like, 0.0-10.0).
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def render(report: Report) -> str:
    return json_dumps(to_sarif(report))


def to_sarif(report: Report) -> dict[str, Any]:
    findings = [f for f in report.findings if f.status in (Status.FAIL, Status.UNKNOWN)]
    checks = _catalogue(report)
    promises = {p.id: p for p in report.promise_set.promises}
    rule_ids = sorted({f.check_id for f in findings})
    rules = [_rule(cid, checks.get(cid), findings, promises) for cid in rule_ids]
    index = {cid: i for i, cid in enumerate(rule_ids)}
    diff = baseline_of(report)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "privacy-scan",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "invocations": [_invocation(report)],
        "results": [_result(f, index[f.check_id], promises, diff is not None) for f in findings],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "promiseOrigin": report.promise_set.origin,
            "summary": report.summary(),
        },
    }
    if diff is not None:
        run["properties"]["baseline"] = {
            "file": diff.path,
            "new": len(diff.new),
            "unchanged": len(diff.unchanged),
            "resolved": [e.to_dict() for e in diff.resolved],
        }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _catalogue(report: Report) -> dict[str, Any]:
    """Checks by id, for rule text: the checks that ran, or the built-in catalogue for a report
    rebuilt from saved findings; a catalogue that cannot load leaves rules built from findings."""
    if report.checks:
        return {c.id: c for c in report.checks}
    from scanner.engine.catalogue import load_catalogue
    from scanner.util.yamlfile import InputError

    try:
        return {c.id: c for c in load_catalogue()}
    except InputError:
        return {}


def _quotes(check_id: str, findings: list[Finding], promises: dict[str, Promise]) -> list[Promise]:
    ids = sorted({f.promise_id for f in findings if f.check_id == check_id and f.promise_id})
    return [promises[i] for i in ids if i in promises]


def _promise_line(p: Promise, esc=plain) -> str:
    """The promise as one line of help text; ``esc`` escapes the untrusted parts (plain or Markdown)."""
    implied = "implied by GDPR or the default promise set, not written in the statement"
    if p.quote:
        src = p.source or {}
        where = f" ({esc(src.get('file'), NAME_MAX)}:{esc(src.get('line'))})" if src.get("file") else ""
        return f'"{esc(p.quote)}"{where}' + (f" ({implied})" if p.implied else "")
    if p.implied:
        return f"{esc(p.id, NAME_MAX)}: {implied}"
    return esc(p.id, NAME_MAX)


def _rule(check_id: str, check: Any, findings: list[Finding], promises: dict[str, Promise]) -> dict[str, Any]:
    sample = next(f for f in findings if f.check_id == check_id)
    severity = check.severity if check else sample.severity
    title = check.title if check else sample.message.split(":")[0]
    control = check.control if check else sample.control
    quoted = _quotes(check_id, findings, promises)
    text_parts = [plain(title)]
    md_parts = [f"**{md_text(title)}**"]
    if check:
        why, fix = check.rationale.strip(), check.remediation.strip()
        text_parts += [f"Why: {plain(why, None)}", f"Fix: {plain(fix, None)}"]
        md_parts += [f"**Why.** {md_text(why, None)}", f"**Fix.** {md_text(fix, None)}"]
    if quoted:
        text_parts.append("Promise: " + " | ".join(_promise_line(p) for p in quoted))
        md_parts.append("**Promise.**\n" + "\n".join(f"> {_promise_line(p, md_text)}" for p in quoted))
    rule: dict[str, Any] = {
        "id": check_id,
        "name": "".join(w.capitalize() for w in check_id.split("-")),
        "shortDescription": {"text": plain(title)},
        "fullDescription": {"text": plain(check.rationale.strip(), None) if check else plain(title)},
        "help": {"text": "\n\n".join(text_parts), "markdown": "\n\n".join(md_parts)},
        "defaultConfiguration": {"level": LEVEL_BY_SEVERITY.get(severity, "warning")},
        "properties": {
            "tags": ["privacy", "security", control],
            "control": control,
            "severity": severity,
            "security-severity": SECURITY_SEVERITY.get(severity, "5.5"),
        },
    }
    if check and check.references:
        rule["helpUri"] = check.references[0]
    return rule


def artifact_uri(file: str) -> dict[str, str]:
    """A relative path under %SRCROOT% with forward slashes, or an absolute file URI.

    A relative reference is percent-encoded as a URI must be: a space or a ``#`` in a
    folder name would otherwise make the location invalid or cut it at a "fragment".
    """
    posix = file.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return {"uri": Path(file).as_uri()}
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _location(f: Finding) -> dict[str, Any]:
    loc: dict[str, Any] = {}
    if f.file:
        physical: dict[str, Any] = {"artifactLocation": artifact_uri(f.file)}
        if f.line:
            physical["region"] = {"startLine": f.line}
        loc["physicalLocation"] = physical
    loc["logicalLocations"] = [{"name": f.resource, "fullyQualifiedName": f.resource, "kind": "resource"}]
    return loc


def _message(f: Finding, promises: dict[str, Promise]) -> str:
    text = f"{plain(f.resource, NAME_MAX)}: {plain(f.message)}"
    p = promises.get(f.promise_id or "")
    if p is not None and p.quote:
        text += f' — the statement promises: "{plain(p.quote)}"'
    if p is not None and p.implied:
        text += " (an implied promise, not written in the statement)"
    return text


def _result(f: Finding, rule_index: int, promises: dict[str, Promise], with_baseline: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.check_id,
        "ruleIndex": rule_index,
        "kind": "fail" if f.status == Status.FAIL else "review",
        "level": LEVEL_BY_SEVERITY.get(f.severity, "warning") if f.status == Status.FAIL else "none",
        "message": {"text": _message(f, promises)},
        "locations": [_location(f)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "status": f.status.value,
            "control": f.control,
            "severity": f.severity,
            "resource": f.resource,
            "resourceType": f.resource_type,
            **({"region": f.region} if f.region else {}),
            **({"account": f.account} if f.account else {}),
            **({"promiseId": f.promise_id} if f.promise_id else {}),
        },
    }
    related = [
        {
            "id": i + 1,
            "physicalLocation": {"artifactLocation": artifact_uri(s.file), "region": {"startLine": s.line}},
        }
        for i, s in enumerate(f.evidence)
        if s.file and s.line
    ]
    if related:
        result["relatedLocations"] = related
    if f.suppressed:
        result["suppressions"] = [_suppression(f.suppressed)]
    if with_baseline:
        is_baselined = bool(f.suppressed and f.suppressed.get("kind") == "baseline")
        result["baselineState"] = "unchanged" if is_baselined else "new"
    return result


def _suppression(s: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": "inSource" if s.get("kind") == "inline" else "external",
        "status": "accepted",
        "justification": plain(s.get("reason", "")),
    }
    props = {k: str(v) for k, v in s.items() if k in ("kind", "expires", "source") and v}
    if props:
        out["properties"] = props
    return out


def _invocation(report: Report) -> dict[str, Any]:
    notes = []
    for e in report.errors:
        note: dict[str, Any] = {"level": "error", "message": {"text": plain(e.message)}}
        if e.file:
            physical: dict[str, Any] = {"artifactLocation": artifact_uri(e.file)}
            if e.line:
                physical["region"] = {"startLine": e.line}
            note["locations"] = [{"physicalLocation": physical}]
        notes.append(note)
    notes.extend({"level": "warning", "message": {"text": plain(w)}} for w in report.warnings)
    inv: dict[str, Any] = {"executionSuccessful": not report.errors}
    if notes:
        inv["toolExecutionNotifications"] = notes
    return inv
