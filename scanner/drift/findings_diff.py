"""Scan vs scan: which findings are new, resolved or still broken, matched by fingerprint.

Either side may be a saved scan result (``--format json``) or a saved state
(``privacy-scan live --save-state``); a state is evaluated now with the promises in
use, so two states are always judged by the same promises and checks. Fingerprints
(check, resource, account, promise) ignore line numbers and messages, so a moved block
or a reworded message is not a new finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.drift.model import NEW, RESOLVED, STILL_BROKEN, FindingChange
from scanner.findings import SEVERITIES, Finding, Status
from scanner.state import State
from scanner.util.yamlfile import InputError


@dataclass
class SavedScan:
    """A saved scan result (findings and the promises they were judged by) or a saved state."""

    path: Path
    findings: list[Finding] | None = None
    fingerprints: list[str] | None = None  # as stored in the file, parallel to findings
    promise_ids: list[str] | None = None
    state: State | None = None

    @property
    def kind(self) -> str:
        return "state" if self.state is not None else "scan result"


def load_saved(path: Path) -> SavedScan:
    """Read a scan result or a state JSON file; anything else is an input error (exit 2)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict) and "state_version" in data:
        try:
            return SavedScan(path, state=State.from_dict(data))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}: not a valid saved state ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("findings"), list) and "version" in data:
        if data["version"] != 1:
            raise InputError(f"{path}: unsupported scan result version {data['version']!r}")
        try:
            findings = [Finding.from_dict(f) for f in data["findings"]]
            _restore_promise_keys(findings, data.get("promises") or [])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}: not a valid scan result (finding without {exc})") from None
        stored = [f.get("fingerprint") or findings[i].fingerprint for i, f in enumerate(data["findings"])]
        promise_ids = [p.get("id") for p in data.get("promises") or [] if isinstance(p, dict)]
        return SavedScan(path, findings=findings, fingerprints=stored, promise_ids=promise_ids)
    raise InputError(f"{path}: neither a saved scan result (--format json) nor a saved state (--save-state)")


def _restore_promise_keys(findings: list[Finding], promises: list[Any]) -> None:
    """Give findings saved without a fingerprint the promise content their fingerprint keys on."""
    from scanner.engine.runner import promise_key
    from scanner.promises import Promise

    by_id = {p["id"]: Promise.from_dict(p) for p in promises if isinstance(p, dict) and "id" in p}
    for f in findings:
        if f.promise_id in by_id:
            f.promise_key = promise_key(by_id[f.promise_id])


def _broken(f: Finding) -> bool:
    return f.status == Status.FAIL and not f.suppressed


def _index(findings: list[Finding], fingerprints: list[str] | None) -> dict[str, Finding]:
    prints = fingerprints or [f.fingerprint for f in findings]
    return dict(zip(prints, findings, strict=True))


def diff_findings(
    old: list[Finding],
    new: list[Finding],
    old_fingerprints: list[str] | None = None,
    new_fingerprints: list[str] | None = None,
) -> list[FindingChange]:
    """New (broken now, not before), resolved (broken before, not now) and still-broken findings."""
    before = _index(old, old_fingerprints)
    after = _index(new, new_fingerprints)
    out: list[FindingChange] = []
    for fp in sorted(set(before) | set(after)):
        b, a = before.get(fp), after.get(fp)
        was, now = bool(b and _broken(b)), bool(a and _broken(a))
        if not (was or now):
            continue
        change = STILL_BROKEN if was and now else NEW if now else RESOLVED
        f = a if now else b
        out.append(
            FindingChange(
                change=change,
                fingerprint=fp,
                check_id=f.check_id,
                control=f.control,
                severity=f.severity,
                resource=f.resource,
                resource_type=f.resource_type,
                region=f.region,
                account=f.account,
                promise_id=f.promise_id,
                message=f.message,
                before=_status(b),
                after=_status(a),
            )
        )
    rank = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    order = {NEW: 0, RESOLVED: 1, STILL_BROKEN: 2}
    out.sort(
        key=lambda c: (order[c.change], rank.get(c.severity, 9), c.check_id, c.resource, c.promise_id or "")
    )
    return out


def _status(f: Finding | None) -> str | None:
    if f is None:
        return None
    return "suppressed" if f.suppressed else f.status.value
