"""What a drift report says: resources that drifted, attributes that changed, findings that came or went.

Kept apart from the comparison code so that renderers and the JSON contract read one
small model. Every item carries a fingerprint that does not depend on line numbers or
on the order of resources, so a scheduled job can tell "the same drift as yesterday".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from scanner.exitcodes import EXIT_FAIL, EXIT_INCOMPLETE, EXIT_OK
from scanner.findings import NEW, RESOLVED, STILL_BROKEN
from scanner.promises import PromiseSet
from scanner.state import ScanError

DRIFT_JSON_VERSION = 1

# Item statuses. Code vs cloud: changed, unmanaged, missing, unmatched.
# Scan vs scan (states): changed, added, removed.
CHANGED = "changed"
UNMANAGED = "unmanaged"
MISSING = "missing"
UNMATCHED = "unmatched"
ADDED = "added"
REMOVED = "removed"

# Finding changes, scan vs scan (NEW, RESOLVED, STILL_BROKEN) are defined in scanner.findings:
# the formats show them and must not import drift.


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


@dataclass
class CheckEffect:
    """A check that reads a changed attribute, and its verdict on each side (``None`` = did not apply)."""

    check_id: str
    control: str
    promise_id: str
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class AttributeChange:
    """One privacy-relevant attribute whose value differs: the old value, the new one, and who reads it."""

    attribute: str
    before: Any  # JSON-safe value in code (or the old scan)
    after: Any  # JSON-safe value in the cloud (or the new scan)
    where: str | None = None  # file:line of the code value, or ARN of the old one
    controls: list[str] = field(default_factory=list)
    promises: list[str] = field(default_factory=list)
    effects: list[CheckEffect] = field(default_factory=list)

    @property
    def touches_promise(self) -> bool:
        return bool(self.promises)

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "before": self.before,
            "after": self.after,
            "where": self.where,
            "controls": self.controls,
            "promises": self.promises,
            "checks": [e.to_dict() for e in self.effects],
        }


@dataclass
class NotCompared:
    """An attribute that could not be compared (unknown on one side): said in verbose output, never a drift."""

    resource: str
    attribute: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DriftItem:
    """One resource that drifted (or could not be matched), named by type and identity."""

    status: str
    resource_type: str
    identity: str | None
    region: str | None = None
    before_address: str | None = None  # Terraform address (code) or the old scan's address
    after_address: str | None = None  # ARN (cloud) or the new scan's address
    file: str | None = None
    line: int | None = None
    account: str | None = None
    reason: str = ""
    changes: list[AttributeChange] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)
    promises: list[str] = field(default_factory=list)
    failing_checks: list[str] = field(default_factory=list)

    @property
    def touches_promise(self) -> bool:
        return bool(self.promises)

    @property
    def fingerprint(self) -> str:
        """Stable across runs: status, type, identity (or address) and the changed attribute names."""
        who = self.identity or self.before_address or self.after_address or ""
        attrs = ",".join(sorted(c.attribute for c in self.changes))
        return _digest(
            "drift", self.status, self.resource_type, self.region or "", self.account or "", who, attrs
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "resource_type": self.resource_type,
            "identity": self.identity,
            "region": self.region,
            "account": self.account,
            "before": self.before_address,
            "after": self.after_address,
            "file": self.file,
            "line": self.line,
            "reason": self.reason,
            "changes": [c.to_dict() for c in self.changes],
            "controls": self.controls,
            "promises": self.promises,
            "failing_checks": self.failing_checks,
            "touches_promise": self.touches_promise,
            "fingerprint": self.fingerprint,
        }


@dataclass
class FindingChange:
    """A finding that is new, resolved or still broken between two scans (matched by fingerprint)."""

    change: str
    fingerprint: str
    check_id: str
    control: str
    severity: str
    resource: str
    resource_type: str
    region: str | None
    account: str | None
    promise_id: str | None
    message: str
    before: str | None  # status in the old scan (None = not there)
    after: str | None  # status in the new scan (None = not there)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DriftReport:
    """Everything ``privacy-scan drift`` says, in either mode."""

    mode: str  # "code-vs-cloud" | "scan-vs-scan"
    before_label: str
    after_label: str
    promise_set: PromiseSet | None = None
    items: list[DriftItem] = field(default_factory=list)
    findings: list[FindingChange] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def drifted(self) -> list[DriftItem]:
        """Items that are drift (everything but ``unmatched``, which says only that we cannot tell)."""
        return [i for i in self.items if i.status != UNMATCHED]

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        for f in self.findings:
            counts[f.change] = counts.get(f.change, 0) + 1
        counts["touching_promises"] = sum(1 for i in self.drifted() if i.touches_promise)
        return counts

    def touches_promise(self) -> bool:
        return any(i.touches_promise for i in self.drifted()) or any(f.change == NEW for f in self.findings)

    def exit_code(self) -> int:
        """1 when drift touches a promise (or a finding is new), 3 when a side was incomplete, else 0."""
        if self.touches_promise():
            return EXIT_FAIL
        if self.errors:
            return EXIT_INCOMPLETE
        return EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": DRIFT_JSON_VERSION,
            "mode": self.mode,
            "before": self.before_label,
            "after": self.after_label,
        }
        if self.promise_set is not None:
            out["promise_origin"] = self.promise_set.origin
            out["promises"] = [p.to_dict() for p in self.promise_set.promises]
        out["drift"] = [i.to_dict() for i in self.items]
        if self.mode == "scan-vs-scan":
            out["findings"] = {
                k: [f.to_dict() for f in self.findings if f.change == k]
                for k in (NEW, RESOLVED, STILL_BROKEN)
            }
        out["not_compared"] = [n.to_dict() for n in self.not_compared]
        out["errors"] = [e.to_dict() for e in self.errors]
        if self.warnings:
            out["warnings"] = self.warnings
        if self.notes:
            out["notes"] = self.notes
        out["summary"] = self.summary()
        return out
