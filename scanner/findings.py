"""Findings: one verdict of one check on one resource against one promise."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from scanner.state import Source


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


SEVERITIES = ("low", "medium", "high", "critical")

# How a finding changed between two scans (drift computes it, the formats show it).
NEW = "new"
RESOLVED = "resolved"
STILL_BROKEN = "still_broken"


@dataclass
class Finding:
    """The JSON contract's finding, plus evidence and a fingerprint.

    ``fingerprint`` identifies the finding across runs (check, resource, account,
    the promise's content, and the root where needed) and does not depend on line
    numbers or promise numbering, so baselines survive line moves and statement edits.
    """

    check_id: str
    control: str
    status: Status
    severity: str
    resource: str
    resource_type: str
    file: str | None
    line: int | None
    region: str | None
    message: str
    promise_id: str | None
    account: str | None = None
    evidence: list[Source] = field(default_factory=list)
    suppressed: dict[str, Any] | None = None  # {"reason", "expires", "source"} when suppressed
    root: str | None = None  # the root module, when code was scanned from several
    # control and parameters of the promise: a statement's promise ids are numbered in
    # document order, so a sentence added above would renumber them; the promise's
    # content does not move.
    promise_key: str | None = field(default=None, repr=False)
    saved_fingerprint: str | None = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        """Stable across runs and line moves: check, resource, account, root and the promise's content."""
        if self.saved_fingerprint:
            return self.saved_fingerprint
        promise = self.promise_key or self.promise_id or ""
        key = "|".join([self.check_id, self.resource, self.account or "", self.root or "", promise])
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check_id": self.check_id,
            "control": self.control,
            "status": self.status.value,
            "severity": self.severity,
            "resource": self.resource,
            "resource_type": self.resource_type,
            "file": self.file,
            "line": self.line,
            "region": self.region,
            "message": self.message,
            "promise_id": self.promise_id,
            "fingerprint": self.fingerprint,
        }
        if self.account:
            out["account"] = self.account
        if self.evidence:
            out["evidence"] = [s.to_dict() for s in self.evidence]
        if self.suppressed:
            out["suppressed"] = self.suppressed
        if self.root:
            out["root"] = self.root
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            check_id=data["check_id"],
            control=data["control"],
            status=Status(data["status"]),
            severity=data["severity"],
            resource=data["resource"],
            resource_type=data["resource_type"],
            file=data.get("file"),
            line=data.get("line"),
            region=data.get("region"),
            message=data["message"],
            promise_id=data.get("promise_id"),
            account=data.get("account"),
            evidence=[Source(**s) for s in data.get("evidence", [])],
            suppressed=data.get("suppressed"),
            root=data.get("root"),
            saved_fingerprint=data.get("fingerprint"),
        )
