"""Three-valued outcomes of conditions: pass, fail or unknown, each with its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.findings import Status
from scanner.state import Source


@dataclass
class Outcome:
    """What a condition decided, why, and which sources it read (for evidence)."""

    status: Status
    reasons: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @classmethod
    def passed(cls, reason: str = "", *sources: Source | None) -> Outcome:
        return cls(Status.PASS, [reason] if reason else [], [s for s in sources if s])

    @classmethod
    def failed(cls, reason: str, *sources: Source | None) -> Outcome:
        return cls(Status.FAIL, [reason], [s for s in sources if s])

    @classmethod
    def unknown(cls, reason: str, *sources: Source | None) -> Outcome:
        return cls(Status.UNKNOWN, [reason], [s for s in sources if s])


def all_of(outcomes: list[Outcome]) -> Outcome:
    """Fails if any fails; else unknown if any is unknown; else passes. Reasons of the deciding ones."""
    for status in (Status.FAIL, Status.UNKNOWN):
        deciding = [o for o in outcomes if o.status == status]
        if deciding:
            return _merge(status, deciding)
    return _merge(Status.PASS, outcomes)


def any_of(outcomes: list[Outcome]) -> Outcome:
    """Passes if any passes; else unknown if any is unknown; else fails."""
    for status in (Status.PASS, Status.UNKNOWN):
        deciding = [o for o in outcomes if o.status == status]
        if deciding:
            return _merge(status, deciding[:1] if status == Status.PASS else deciding)
    return _merge(Status.FAIL, outcomes)


def negate(outcome: Outcome) -> Outcome:
    flipped = {Status.PASS: Status.FAIL, Status.FAIL: Status.PASS, Status.UNKNOWN: Status.UNKNOWN}
    return Outcome(flipped[outcome.status], outcome.reasons, outcome.sources)


def _merge(status: Status, outcomes: list[Outcome]) -> Outcome:
    reasons: list[str] = []
    sources: list[Source] = []
    for o in outcomes:
        reasons.extend(r for r in o.reasons if r not in reasons)
        sources.extend(s for s in o.sources if s not in sources)
    return Outcome(status, reasons, sources)
