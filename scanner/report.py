"""A scan's result: promises, findings, errors, and the exit code they imply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.engine.runner import promises_for
from scanner.exitcodes import EXIT_FAIL, EXIT_INCOMPLETE, EXIT_OK
from scanner.findings import Finding, Status
from scanner.promises import Promise, PromiseSet
from scanner.state import ScanError

JSON_VERSION = 1


@dataclass
class Report:
    promise_set: PromiseSet
    findings: list[Finding]
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    target: str = ""
    # The checks that ran (for rule text in SARIF), and the comparison with a
    # baseline when one was given (scanner.baseline.BaselineDiff).
    checks: list[Any] = field(default_factory=list)
    baseline: Any = None
    # Resources seen that may hold or move personal data but that no check covers:
    # {type, address, file, line} each, so "no finding" never hides an unchecked store.
    not_covered: list[dict[str, Any]] = field(default_factory=list)

    def kinds_of(self, control: str) -> list[str]:
        """The state kinds the checks of ``control`` that ran read, sorted (for "nothing in scope")."""
        return sorted({k.value for c in self.checks if c.control == control for k in c.kinds})

    def out_of_scope(self, promise: Promise) -> str:
        """What a promise with no finding says: nothing it applies to was found, or no check reads
        what it promises (logs of account data, a recording not made), never that it is kept."""
        control = promise.control.value
        ran = [c for c in self.checks if c.control == control]
        if ran and not any(promise in promises_for(c, self.promise_set) for c in ran):
            return (
                "nothing in scope: no check of privacy-scan reads what this promise says "
                "(its parameters name nothing the checks look at); review it by hand"
            )
        kinds = ", ".join(k.replace("_", " ") for k in self.kinds_of(control))
        return (
            f"nothing in scope: no resource of the kinds its checks read ({kinds})"
            if kinds
            else ("nothing in scope: no check of this control ran")
        )

    def active(self) -> list[Finding]:
        """Findings that count: not suppressed."""
        return [f for f in self.findings if not f.suppressed]

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for f in self.active():
            counts[f.status.value] += 1
        suppressed = sum(1 for f in self.findings if f.suppressed)
        if suppressed:
            counts["suppressed"] = suppressed
        return counts

    def exit_code(self, fail_on: str = "fail") -> int:
        """0 clean, 1 a failing finding, 3 incomplete (errors, or unknowns with fail_on=unknown)."""
        active = self.active()
        if fail_on != "never" and any(f.status == Status.FAIL for f in active):
            return EXIT_FAIL
        if fail_on == "unknown" and any(f.status == Status.UNKNOWN for f in active):
            return EXIT_FAIL
        if self.errors:
            return EXIT_INCOMPLETE
        return EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": JSON_VERSION,
            "promises": [p.to_dict() for p in self.promise_set.promises],
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
            "not_covered": [dict(n) for n in self.not_covered],
            "summary": self.summary(),
        }
        if self.promise_set.statement:
            out["statement"] = self.promise_set.statement
        out["promise_origin"] = self.promise_set.origin
        if self.warnings:
            out["warnings"] = self.warnings
        return out
