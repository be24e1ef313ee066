"""Scan vs scan: which findings are new, resolved or still broken, matched by fingerprint.

Either side may be a saved scan result (``--format json``) or a saved state
(``privacy-scan live --save-state``); a state is evaluated now with the promises in
use, so two states are always judged by the same promises and checks. Fingerprints
(check, resource, account, the promise's content) ignore line numbers, messages and
promise numbering, so a moved block or a reworded message is not a new finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.drift.model import NEW, RESOLVED, STILL_BROKEN, FindingChange
from scanner.engine.runner import promise_key
from scanner.findings import SEVERITIES, Finding, Status
from scanner.promises import Promise
from scanner.state import State
from scanner.state.model import STATE_FORMAT_VERSION
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError, read_text_file

# A saved state of a large organisation runs to tens of MB; far past that it is not one.
MAX_SAVED_BYTES = 512 * 1024 * 1024


@dataclass
class SavedScan:
    """A saved scan result (findings and the promises they were judged by) or a saved state."""

    path: Path
    findings: list[Finding] | None = None  # each keeps the fingerprint stored in the file
    promises: list[Promise] | None = None
    state: State | None = None

    @property
    def kind(self) -> str:
        return "state" if self.state is not None else "scan result"


def load_saved(path: Path) -> SavedScan:
    """Read a scan result or a state JSON file; anything else is an input error (exit 2).

    Errors say what is wrong with the file's shape, never a value from it.
    """
    shown = clean(path)
    text = read_text_file(path, "saved scan", MAX_SAVED_BYTES)
    if not text.strip():
        raise InputError(f"{shown}: empty file (a write was interrupted?), not a saved scan")
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{shown}: not JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise InputError(f"{shown}: not a saved scan (nested too deeply)") from None
    if isinstance(data, dict) and "state_version" in data:
        if data["state_version"] != STATE_FORMAT_VERSION:
            version = clean(data["state_version"], 20)
            raise InputError(f"{shown}: not a valid saved state (unsupported state_version {version})")
        try:
            return SavedScan(path, state=State.from_dict(data))
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise InputError(f"{shown}: not a valid saved state ({_why(exc)})") from None
    if isinstance(data, dict) and isinstance(data.get("findings"), list) and "version" in data:
        if data["version"] != 1:
            raise InputError(f"{shown}: unsupported scan result version {clean(data['version'], 20)}")
        try:
            findings = [Finding.from_dict(f) for f in data["findings"]]
            promises = [Promise.from_dict(p) for p in data.get("promises") or []]
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise InputError(f"{shown}: not a valid scan result ({_why(exc)})") from None
        _restore_promise_keys(findings, promises)
        return SavedScan(path, findings=findings, promises=promises)
    raise InputError(f"{shown}: neither a saved scan result (--format json) nor a saved state (--save-state)")


def _why(exc: BaseException) -> str:
    """A missing key is named (it is ours); other errors by type only, as their text may quote a value."""
    if isinstance(exc, KeyError) and exc.args and isinstance(exc.args[0], str):
        return f"an entry without {clean(exc.args[0], 40)!r}"
    return f"an entry of the wrong shape ({type(exc).__name__})"


def _restore_promise_keys(findings: list[Finding], promises: list[Promise]) -> None:
    """Give findings saved without a fingerprint the promise content their fingerprint keys on."""
    by_id = {p.id: promise_key(p) for p in promises}
    for f in findings:
        if f.promise_id in by_id:
            f.promise_key = by_id[f.promise_id]


def _broken(f: Finding) -> bool:
    return f.status == Status.FAIL and not f.suppressed


def diff_findings(old: list[Finding], new: list[Finding]) -> list[FindingChange]:
    """New (broken now, not before), resolved (broken before, not now) and still-broken findings."""
    before = {f.fingerprint: f for f in old}
    after = {f.fingerprint: f for f in new}
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
