"""Render extracted promises as a reviewable promises file (YAML) or as JSON.

The YAML is meant to be read and corrected by a person before it is trusted:
every promise carries a ``# Review:`` comment with the quote it came from and
what the extractor assumed. The values themselves are written with
``yaml.safe_dump`` so that whatever a quote contains, the file loads back.
"""

from __future__ import annotations

import json
import textwrap

import yaml

from scanner.promises.model import PromiseSet


def _dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" if line else f"{indent}#" for line in textwrap.wrap(text, 100) or [""]]


def render_promises_yaml(promise_set: PromiseSet, *, explain: bool = False) -> str:
    """The promises file to review; ``explain`` adds the rule behind each promise."""
    statement = promise_set.statement or {}
    out = [
        f"# Promises extracted by privacy-scan from {statement.get('file', 'a statement')}"
        f" (language: {statement.get('language', '?')}).",
        "# Review each promise against the statement before relying on it: correct parameters,",
        "# delete promises the statement does not make, add what was missed. Implied promises carry",
        "# no quote: the statement does not say them, the law does.",
        "# Use the reviewed file with: privacy-scan iac PATH --promises THIS_FILE",
    ]
    for warning in promise_set.warnings:
        out += _comment(f"Warning: {warning}", "")
    out.append("version: 1")
    if statement:
        out.append(_dump({"statement": statement}).rstrip())
    if not promise_set.promises:
        out.append("promises: []")
        return "\n".join(out) + "\n"
    out.append("promises:")
    for promise in promise_set.promises:
        out.append("")
        if promise.implied:
            out += _comment("Review: implied promise, not a quote from the statement.", "  ")
        elif promise.source:
            out += _comment(f'Review: line {promise.source.get("line")}: "{promise.quote}"', "  ")
        for name, why in (promise.implied_params or {}).items():
            out += _comment(f"Implied parameter {name}: not stated; inferred from: {why}", "  ")
        if promise.implied_from:
            out += _comment(f"Implied from: {promise.implied_from}", "  ")
        if explain and getattr(promise, "rule", ""):
            out += _comment(f"Explain: produced by {promise.rule}", "  ")
        for note in getattr(promise, "notes", []):
            out += _comment(f"Note: {note}", "  ")
        for other in getattr(promise, "evidence", []):
            out += _comment(f'Also said at line {other["line"]}: "{other["quote"]}"', "  ")
        body = _dump([promise.to_dict()]).rstrip()
        out += ["  " + line for line in body.splitlines()]
    out += _candidates_section(promise_set)
    return "\n".join(out) + "\n"


def _candidates_section(promise_set: PromiseSet) -> list[str]:
    """Sentences that speak about a control but gave no promise, as comments for the reviewer."""
    if not promise_set.candidates:
        return []
    out = [
        "",
        "# Possible promises not understood: these sentences speak about a control's subject but",
        "# gave no promise. Read each; if it promises something, add that promise above.",
    ]
    for cand in promise_set.candidates:
        out += _comment(f'line {cand["line"]} ({cand["control"]}; {cand["why"]}): "{cand["quote"]}"', "")
    return out


def render_promises_json(promise_set: PromiseSet, *, explain: bool = False) -> str:
    """The extract JSON contract: statement, promises (each with its review ``notes`` when it has
    any) and the review candidates; ``explain`` adds the rule behind each promise."""
    promises = []
    for promise in promise_set.promises:
        item = promise.to_dict()
        notes = [n for n in getattr(promise, "notes", []) if n]
        if notes:
            item["notes"] = notes  # what the YAML gives as review comments: a reader of JSON needs them too
        if explain:
            item["rule"] = getattr(promise, "rule", "") or ("implied" if promise.implied else "")
        promises.append(item)
    data = {"statement": promise_set.statement, "promises": promises, "candidates": promise_set.candidates}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
