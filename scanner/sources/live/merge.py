"""Merge the units of one or more results folders into one State, as a whole scan would have collected it.

- every unit any plan names is expected; a unit found in several folders counts once
  (a complete copy wins over a failed one);
- a unit with no usable result (never run, killed, damaged, changed after its marker)
  is ``unknown``: placeholders for everything its collectors would have found, an error
  naming it, and a warning — it never passes silently;
- the link step (KMS keys, CloudTrail coverage of buckets) runs per account over the
  facts of all its units and the regions the plan covered, exactly as in a whole scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.sources.live import links
from scanner.sources.live.base import stand_ins
from scanner.sources.live.cloudtrail import trail_fact_key
from scanner.sources.live.collect import global_region
from scanner.sources.live.keys import kms_facts_key
from scanner.sources.live.registry import all_collectors
from scanner.sources.live.results import (
    COMPLETE,
    ResultsError,
    list_results,
    read_marker,
    read_plan,
    read_state,
)
from scanner.sources.live.session import partition_of
from scanner.sources.live.units import Unit
from scanner.state import Resource, ScanError, State
from scanner.util.safetext import clean


@dataclass
class Merged:
    state: State
    accounts: list[str]
    units: int
    complete: int
    failed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class _Found:
    unit: Unit
    folder: Path
    marker: Path
    record: dict[str, Any] | None = None
    problem: str | None = None


def merge_folders(folders: list[Path]) -> Merged:
    """One State from the results folders; raises ResultsError when a folder holds no results at all."""
    expected: set[Unit] = set()
    regions: dict[str, set[str]] = {}
    partition = "aws"
    services: set[str] | None = set()  # None: some plan chose every collector
    warnings: list[str] = []
    found: dict[Unit, _Found] = {}
    for folder in folders:
        plans, markers = list_results(folder)
        if not plans and not markers:
            raise ResultsError(f"{clean(folder)} holds no privacy-scan results (no plan-*.json, no units/)")
        region_sets = set()
        for path in plans:
            try:
                plan = read_plan(folder, path)
            except ResultsError as exc:
                warnings.append(f"plan ignored: {exc}")
                continue
            expected.update(plan.units)
            partition = plan.partition
            services = None if services is None or plan.services is None else services | set(plan.services)
            region_sets.add(tuple(sorted(plan.regions)))
            for unit in plan.units:
                regions.setdefault(unit.account, set()).update(plan.regions)
            warnings.extend(plan.warnings)
        if len(region_sets) > 1:
            warnings.append(f"{clean(folder)}: its shards planned different regions; the union is merged")
        for unit, marker in markers.items():
            _choose(found, _read(unit, folder, marker))
    for unit in found:
        expected.add(unit)
        if not unit.is_global:
            regions.setdefault(unit.account, set()).add(unit.region)
    return _assemble(sorted(expected), found, regions, partition, warnings, sorted(services or ()) or None)


def _read(unit: Unit, folder: Path, marker: Path) -> _Found:
    item = _Found(unit, folder, marker)
    try:
        item.record = read_marker(folder, marker)
    except ResultsError as exc:
        item.problem = str(exc)
    return item


def _choose(found: dict[Unit, _Found], item: _Found) -> None:
    """The same unit in several folders counts once: a complete result over a failed or damaged one."""
    current = found.get(item.unit)
    if current is None or (_rank(item) > _rank(current)):
        found[item.unit] = item


def _rank(item: _Found) -> int:
    if item.record is None:
        return 0
    return 2 if item.record["status"] == COMPLETE else 1


def _assemble(
    expected: list[Unit],
    found: dict[Unit, _Found],
    regions: dict[str, set[str]],
    partition: str,
    warnings: list[str],
    services: list[str] | None,
) -> Merged:
    collectors = [c for c in all_collectors() if not services or c.name in services]
    resources: dict[tuple[str, str, str], Resource] = {}
    errors: dict[str, ScanError] = {}
    state_warnings: set[str] = set(warnings)
    facts: dict[str, dict[str, Any]] = {}
    merged = Merged(State(origin="live"), sorted({u.account for u in expected}), len(expected), 0)
    for unit in expected:
        item = found.get(unit)
        state, problem = _unit_state(item)
        if state is None:
            reason = problem or "no result: the unit was not run, or its job was stopped before it finished"
            state = _missing(unit, collectors, partition, reason)
            merged.missing.append(unit.id)
            facts.setdefault(unit.account, {}).update(_missing_facts(unit))
        else:
            facts.setdefault(unit.account, {}).update(item.record["facts"])
            if item.record["status"] == COMPLETE:
                merged.complete += 1
            else:
                merged.failed.append(unit.id)
        for res in state.resources:
            resources.setdefault((res.account or "", res.resource_type, res.address), res)
        for err in state.errors:
            errors.setdefault(err.message, err)
        state_warnings.update(state.warnings)
    ordered = [resources[k] for k in sorted(resources)]
    for account, account_facts in facts.items():
        links.link(ordered, account, account_facts, sorted(regions.get(account, ())))
    if merged.missing:
        state_warnings.add(
            _listed(f"{len(merged.missing)} unit(s) missing, their checks are unknown", merged.missing)
        )
    if merged.failed:
        state_warnings.add(
            _listed(f"{len(merged.failed)} unit(s) failed (run the shard again to retry)", merged.failed)
        )
    merged.state = State(ordered, list(errors.values()), sorted(state_warnings), origin="live")
    return merged


def _unit_state(item: _Found | None) -> tuple[State | None, str | None]:
    if item is None:
        return None, None
    if item.record is None:
        return None, f"unit {item.unit.id}: {item.problem}"
    state_path = item.marker.with_name(f"{item.unit.id}.state.json")
    try:
        return read_state(item.folder, state_path, item.record["state_sha256"]), None
    except ResultsError as exc:
        return None, f"unit {item.unit.id}: {exc}"


def _missing(unit: Unit, collectors: list, partition: str, reason: str) -> State:
    mine = [c for c in collectors if c.global_service == unit.is_global]
    part = partition if unit.is_global else partition_of(unit.region)
    region = global_region(part) if unit.is_global else unit.region
    text = clean(f"account {unit.account}, {unit.region}: {reason}", 400)
    resources = [r for c in mine for r in stand_ins(c, unit.account, part, region, text)]
    return State(resources=resources, errors=[ScanError(text)], origin="live")


def _missing_facts(unit: Unit) -> dict[str, Any]:
    """What the link step must not take for "nothing there": a missing region's keys and trails."""
    if unit.is_global:
        return {}
    why = f"the unit {unit.id} has no result"
    return {
        kms_facts_key(unit.region): {"error": why},
        trail_fact_key(unit.region): {"error": why, "trails": []},
    }


def _listed(head: str, ids: list[str]) -> str:
    return f"{head}: {', '.join(ids[:10])}" + (" …" if len(ids) > 10 else "")
