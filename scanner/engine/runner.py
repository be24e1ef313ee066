"""Run the catalogue over a state against a set of promises and produce findings.

Which promise a check answers to: every promise of the check's control, except
for retention, where a check of category C answers to the promises that name C,
or — when none names C — to the general ones (``data``). So "wij bewaren uw
gegevens niet langer dan een maand" bounds log retention too, unless the statement
gives logs their own period.
"""

from __future__ import annotations

import json

from scanner.engine.catalogue import Check
from scanner.engine.conditions import evaluate
from scanner.engine.outcome import Outcome
from scanner.findings import Finding, Status
from scanner.promises import PARAM_DEFAULTS, Promise, PromiseSet
from scanner.state import Resource, State
from scanner.state.value import SENSITIVE_TEXT, any_sensitive_seen, mark_sensitive, sensitive_texts
from scanner.util.safetext import clean


def promises_for(check: Check, promise_set: PromiseSet) -> list[Promise]:
    candidates = [p for p in promise_set.promises if p.control.value == check.control]
    if check.control == "retention-limit":
        category = check.retention_category
        specific = [p for p in candidates if category in (p.param("applies_to") or [])]
        if specific:
            return specific
        return [p for p in candidates if "data" in (p.param("applies_to") or [])]
    if check.control == "logging-minimisation":
        return [p for p in candidates if check.not_logged in (p.param("not_logged") or [])]
    return candidates


def run_checks(state: State, checks: list[Check], promise_set: PromiseSet) -> list[Finding]:
    findings: list[Finding] = []
    for check in checks:
        promises = promises_for(check, promise_set)
        if not promises:
            continue
        for resource in state.resources:
            if not check.matches(resource.kind, resource.subkind, resource.resource_type):
                continue
            for promise in promises:
                try:
                    outcome = _judge(check, resource, promise)
                except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
                    # A value of a type the check does not expect (Terraform would reject most):
                    # say so on this resource rather than end the scan with a traceback.
                    reason = f"a value has a type the check cannot read ({type(exc).__name__}: {exc})"
                    outcome = Outcome(Status.UNKNOWN, [reason])
                if outcome is not None:
                    findings.append(_finding(check, resource, promise, outcome))
    findings.sort(key=lambda f: (f.control, f.check_id, f.resource, f.promise_id or ""))
    return findings


def _judge(check: Check, resource: Resource, promise: Promise) -> Outcome | None:
    """The check's outcome, or None when it does not apply to this resource."""
    if check.applies_when is not None:
        applies = evaluate(check.applies_when, resource, promise)
        if applies.status == Status.FAIL:
            return None
        if applies.status == Status.UNKNOWN:
            verdict = evaluate(check.condition, resource, promise)
            if verdict.status == Status.PASS:
                return None
            return Outcome(
                Status.UNKNOWN, [f"cannot tell whether the check applies: {'; '.join(applies.reasons)}"]
            )
    return evaluate(check.condition, resource, promise)


def _finding(check: Check, resource: Resource, promise: Promise, outcome: Outcome) -> Finding:
    region = resource.region.raw if resource.region.known else None
    detail = "; ".join(r for r in outcome.reasons if r)
    if outcome.status == Status.PASS:
        message = f"{check.title}" + (f" ({detail})" if detail else "")
    elif outcome.status == Status.FAIL:
        message = f"{check.title}: not met: {detail}"
    else:
        message = f"{check.title}: cannot tell: {detail}"
    message = _safe_message(message, resource)
    evidence = [s for s in [*outcome.sources, *resource.evidence] if s and s != resource.source]
    unique = []
    for s in evidence:
        if s not in unique:
            unique.append(s)
    return Finding(
        check_id=check.id,
        control=check.control,
        status=outcome.status,
        severity=check.severity,
        resource=resource.address,
        resource_type=resource.resource_type,
        file=resource.source.file,
        line=resource.source.line,
        region=region if isinstance(region, str) else None,
        message=message,
        promise_id=promise.id,
        account=resource.account,
        evidence=unique,
        root=resource.root,
        promise_key=promise_key(promise),
    )


MAX_MESSAGE = 2000


def _safe_message(message: str, resource: Resource) -> str:
    """The message as one clean line, with any sensitive value of the resource redacted.

    Conditions already print ``(sensitive value)`` for a sensitive attribute; this catches a
    predicate that quotes part of one (a principal, a region) in its own words.
    """
    if any_sensitive_seen():
        secrets: set[str] = set()
        for value in (resource.region, resource.identity, *resource.attrs.values()):
            if value is not None and value.sensitive:
                secrets |= sensitive_texts(mark_sensitive(value.raw))
        for secret in sorted(secrets, key=len, reverse=True):
            message = message.replace(secret, SENSITIVE_TEXT)
    return clean(message, MAX_MESSAGE)


def promise_key(promise: Promise) -> str:
    """A promise's control and parameters, canonical: what a fingerprint keys on instead of its id."""
    params = {k: promise.param(k) for k in sorted({*PARAM_DEFAULTS[promise.control], *promise.params})}
    return f"{promise.control.value}:{json.dumps(params, sort_keys=True, default=str)}"
