"""Retention limits that a single attribute comparison cannot express.

Retention here is a *maximum* (the statement's "niet langer dan"), so every
predicate asks whether data is certainly gone within ``max_days``; with
``max_days`` null the promise is only that retention is finite.
"""

from __future__ import annotations

from typing import Any

from scanner.engine.outcome import Outcome
from scanner.engine.predicates import predicate
from scanner.promises import Promise
from scanner.state import Resource, Unknown


def _versions_kept(rules: list[Any]) -> int | None:
    """The largest ``noncurrent_versions_kept`` of an enabled whole-bucket rule (None: no such rule)."""
    kept = [
        r["noncurrent_versions_kept"]
        for r in rules
        if isinstance(r, dict)
        and r.get("enabled") is True
        and r.get("whole_bucket") is True
        and isinstance(r.get("noncurrent_versions_kept"), int)
    ]
    return max(kept) if kept else None


def _rule_days(rules: list[Any], key: str) -> tuple[list[int], Unknown | None]:
    """Days of ``key`` in enabled rules that apply to the whole bucket, and the first unknown met."""
    days: list[int] = []
    unknown: Unknown | None = None
    for rule in rules:
        if isinstance(rule, Unknown):
            unknown = unknown or rule
            continue
        if not isinstance(rule, dict):
            continue
        enabled, whole = rule.get("enabled"), rule.get("whole_bucket", not rule.get("prefix"))
        value = rule.get(key)
        if enabled is False or whole is False or value is None:
            continue
        for part in (enabled, whole, value):
            if isinstance(part, Unknown):
                unknown = unknown or part
                break
        else:
            if isinstance(value, int):
                days.append(value)
    return days, unknown


@predicate("s3_lifecycle_within")
def s3_lifecycle_within(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """Every object of the bucket is deleted within the promise's ``max_days``.

    Needs an enabled lifecycle rule for the whole bucket (no prefix or tag filter) that
    expires current versions within ``max_days`` and, when versioning is on, one that
    expires non-current versions too: with versioning, an expiration only adds a delete
    marker and the data stays as a non-current version. With ``max_days`` null any such
    expiration keeps the promise (retention is finite).
    Rules scoped to a prefix or tag cannot show that *every* object goes, so they do not count.
    """
    max_days = promise.param("max_days")
    rules_v = resource.get("lifecycle_rules")
    if not rules_v.known:
        return Outcome.unknown(f"lifecycle_rules unknown: {rules_v.reason}", rules_v.source)
    rules = rules_v.raw or []
    current, unk_current = _rule_days(rules, "expiration_days")
    problems: list[str] = []
    unknowns: list[str] = []
    # With no max_days the promise is only that retention is finite: say that, not "within None days".
    kept = "kept forever; the promise " + (
        f"allows at most {max_days} days" if max_days is not None else "requires a finite retention"
    )
    if not any(max_days is None or d <= max_days for d in current):
        if unk_current:
            unknowns.append(f"a lifecycle rule is unknown: {unk_current.reason}")
        elif current:
            problems.append(
                f"current objects expire after {min(current)} days; the promise allows {max_days}"
            )
        else:
            problems.append(f"no lifecycle rule expires the whole bucket's objects, so they are {kept}")
    versioning = resource.get("versioning")
    if not versioning.known:
        unknowns.append(f"versioning unknown: {versioning.reason}")
    elif versioning.raw:
        noncurrent, unk_nc = _rule_days(rules, "noncurrent_expiration_days")
        if not any(max_days is None or d <= max_days for d in noncurrent):
            if unk_nc:
                unknowns.append(f"a non-current expiration is unknown: {unk_nc.reason}")
            elif noncurrent:
                problems.append(
                    f"non-current versions are kept {min(noncurrent)} days; the promise allows {max_days}"
                )
            else:
                spared = _versions_kept(rules)
                problems.append(
                    f"a lifecycle rule spares the {spared} newest non-current versions of every object whatever "
                    f"their age, so they are {kept}"
                    if spared
                    else f"versioning is on and no rule deletes non-current versions, so they are {kept}"
                )
    sources = [rules_v.source, versioning.source]
    if problems:
        return Outcome.failed("; ".join(problems), *sources)
    if unknowns:
        return Outcome.unknown("; ".join(unknowns), *sources)
    within = f"within {max_days} days" if max_days is not None else "(retention is finite)"
    return Outcome.passed(f"lifecycle expires every object {within}", *sources)


@predicate("ttl_limits_items")
def ttl_limits_items(resource: Resource, promise: Promise, args: dict[str, Any]) -> Outcome:
    """Items of a key-value table expire (DynamoDB TTL), which is the only way the table itself forgets.

    TTL deletes an item once the time in its TTL attribute has passed; that time is
    written by the application, so the code can show *that* items expire, never *when*.
    With ``max_days`` null (retention must be finite) TTL keeps the promise; with a bound,
    TTL on gives ``unknown`` (the period is the application's) and TTL off fails.
    """
    max_days = promise.param("max_days")
    ttl = resource.get("ttl_enabled")
    if not ttl.known:
        return Outcome.unknown(f"ttl_enabled unknown: {ttl.reason}", ttl.source)
    if not ttl.raw:
        return Outcome.failed("TTL is off: items are kept until something deletes them", ttl.source)
    if max_days is None:
        return Outcome.passed("TTL is on: items expire", ttl.source)
    return Outcome.unknown(
        f"TTL is on, but each item's expiry time is set by the application; the code cannot show "
        f"it is within {max_days} days",
        ttl.source,
    )
